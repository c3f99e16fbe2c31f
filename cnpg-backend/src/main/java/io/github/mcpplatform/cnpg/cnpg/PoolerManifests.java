package io.github.mcpplatform.cnpg.cnpg;

import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** What this backend sends to create or change a {@code Pooler}. */
public final class PoolerManifests {

	private PoolerManifests() {
	}

	/**
	 * A PgBouncer pooler with CloudNativePG's built-in authentication (no {@code authQuery}, no secrets of its
	 * own): the operator creates the {@code cnpg_pooler_pgbouncer} role and its lookup function, and PgBouncer
	 * passes clients' own credentials through to PostgreSQL.
	 *
	 * @param type {@code rw} (the primary) or {@code ro} (the replicas)
	 * @param poolMode {@code session} or {@code transaction}
	 * @param parameters PgBouncer settings, already checked against what this backend allows
	 */
	public static GenericKubernetesResource pooler(String namespace, String name, String cluster, String type,
			int instances, String poolMode, Map<String, String> parameters) {
		Map<String, Object> pgbouncer = new LinkedHashMap<>();
		pgbouncer.put("poolMode", poolMode);
		if (!parameters.isEmpty()) {
			pgbouncer.put("parameters", parameters);
		}
		Map<String, Object> spec = new LinkedHashMap<>();
		spec.put("cluster", Map.of("name", cluster));
		spec.put("type", type);
		spec.put("instances", instances);
		spec.put("pgbouncer", pgbouncer);
		GenericKubernetesResource pooler = new GenericKubernetesResource();
		pooler.setApiVersion(CnpgKinds.API_VERSION);
		pooler.setKind(CnpgKinds.POOLER.getKind());
		pooler.setMetadata(new ObjectMetaBuilder().withName(name)
			.withNamespace(namespace)
			.addToLabels(CnpgKinds.CLUSTER_LABEL, cluster)
			.addToLabels("app.kubernetes.io/created-by", CnpgKinds.MANAGED_BY)
			.build());
		pooler.setAdditionalProperty("spec", spec);
		return pooler;
	}

	/** The merge patch that sets the number of PgBouncer pods and nothing else. */
	public static Map<String, Object> scalePatch(int instances) {
		return Map.of("spec", Map.of("instances", instances));
	}

}
