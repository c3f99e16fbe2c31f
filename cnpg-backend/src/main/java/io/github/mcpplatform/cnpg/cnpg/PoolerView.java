package io.github.mcpplatform.cnpg.cnpg;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * What a tool shows of a {@code Pooler}.
 *
 * @param service where applications connect: the pooler's own Service, named like it, on port 5432
 * @param instances the PgBouncer pods the spec asks for (CNPG's default: 1)
 * @param runningInstances the pods the operator reports, when it has reported
 * @param phase {@code active}, {@code paused}, {@code inactive} or {@code failed} (CNPG 1.30), with
 *     {@code phaseReason} saying why
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PoolerView(String name, String namespace, @Nullable String cluster, String type, int instances,
		@Nullable Integer runningInstances, String poolMode, boolean paused, String service, @Nullable String phase,
		@Nullable String phaseReason, @Nullable Map<String, Object> parameters) {

	public static PoolerView of(GenericKubernetesResource pooler) {
		String name = pooler.getMetadata().getName();
		String namespace = pooler.getMetadata().getNamespace();
		String type = pooler.get("spec", "type");
		String poolMode = pooler.get("spec", "pgbouncer", "poolMode");
		Integer instances = ClusterView.integer(pooler.get("spec", "instances"));
		return new PoolerView(name, namespace, pooler.get("spec", "cluster", "name"), type == null ? "rw" : type,
				instances == null ? 1 : instances, ClusterView.integer(pooler.get("status", "instances")),
				poolMode == null ? "session" : poolMode, Boolean.TRUE.equals(pooler.get("spec", "pgbouncer", "paused")),
				name + "." + namespace + ".svc:5432", pooler.get("status", "phase"), pooler.get("status", "phaseReason"),
				pooler.get("spec", "pgbouncer", "parameters"));
	}

}
