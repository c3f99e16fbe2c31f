package io.github.mcpplatform.cnpg.cnpg;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * What a tool shows of a {@code Cluster}. The concise view answers "is it healthy?"; the detailed
 * view adds what is needed to understand why not.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterView(String name, String namespace, @Nullable Integer instances, @Nullable Integer readyInstances,
		@Nullable String phase, @Nullable String currentPrimary, @Nullable String image, @Nullable String storageSize,
		@Nullable String storageClass, @Nullable String phaseReason, @Nullable List<Map<String, Object>> conditions,
		@Nullable Map<String, Object> instancesStatus, @Nullable Map<String, Object> parameters,
		@Nullable List<RoleView> managedRoles) {

	public static ClusterView concise(GenericKubernetesResource cluster) {
		return new ClusterView(cluster.getMetadata().getName(), cluster.getMetadata().getNamespace(),
				integer(cluster.get("spec", "instances")), integer(cluster.get("status", "readyInstances")),
				cluster.get("status", "phase"), cluster.get("status", "currentPrimary"), image(cluster),
				cluster.get("spec", "storage", "size"), null, null, null, null, null, null);
	}

	public static ClusterView detailed(GenericKubernetesResource cluster) {
		ClusterView c = concise(cluster);
		return new ClusterView(c.name, c.namespace, c.instances, c.readyInstances, c.phase, c.currentPrimary, c.image,
				c.storageSize, cluster.get("spec", "storage", "storageClass"), cluster.get("status", "phaseReason"),
				cluster.get("status", "conditions"), cluster.get("status", "instancesStatus"),
				cluster.get("spec", "postgresql", "parameters"), RoleView.all(cluster));
	}

	/** A one-line health summary, e.g. "3/3 ready, Cluster in healthy state, primary pg-1". */
	public String health() {
		String ready = (this.readyInstances == null ? "?" : this.readyInstances) + "/"
				+ (this.instances == null ? "?" : this.instances) + " ready";
		String state = this.phase == null ? "no status yet (the operator has not reported on it)" : this.phase;
		return ready + ", " + state + (this.currentPrimary == null ? "" : ", primary " + this.currentPrimary);
	}

	/** The image named in the spec, else the one the operator reports, else the catalog entry the spec names. */
	private static @Nullable String image(GenericKubernetesResource cluster) {
		String image = cluster.get("spec", "imageName");
		if (image == null) {
			image = cluster.get("status", "image");
		}
		Map<String, Object> catalog = cluster.get("spec", "imageCatalogRef");
		if (image == null && catalog != null) {
			image = catalog.get("kind") + " " + catalog.get("name") + ", PostgreSQL " + catalog.get("major");
		}
		return image;
	}

	static @Nullable Integer integer(@Nullable Object value) {
		return value instanceof Number n ? n.intValue() : null;
	}

}
