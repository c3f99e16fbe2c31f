package io.github.mcpplatform.cnpg.cnpg;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** What this backend sends to create or change a {@code Cluster}. */
public final class ClusterManifests {

	/** CNPG's PostgreSQL operand images; the tag is the major version, so minor updates roll in. */
	public static final String IMAGE_REPOSITORY = "ghcr.io/cloudnative-pg/postgresql";

	private ClusterManifests() {
	}

	/**
	 * A new cluster. No bootstrap section: the operator's default creates the {@code app} database,
	 * owned by the {@code app} role, with its credentials in the {@code <name>-app} secret.
	 */
	public static GenericKubernetesResource cluster(String namespace, String name, int instances, String postgresVersion,
			String storageSize, @Nullable String storageClass) {
		Map<String, Object> storage = new LinkedHashMap<>();
		storage.put("size", storageSize);
		if (storageClass != null) {
			storage.put("storageClass", storageClass);
		}
		Map<String, Object> spec = new LinkedHashMap<>();
		spec.put("instances", instances);
		spec.put("imageName", IMAGE_REPOSITORY + ":" + postgresVersion);
		spec.put("storage", storage);
		GenericKubernetesResource cluster = new GenericKubernetesResource();
		cluster.setApiVersion(CnpgKinds.API_VERSION);
		cluster.setKind(CnpgKinds.CLUSTER.getKind());
		cluster.setMetadata(new ObjectMetaBuilder().withName(name)
			.withNamespace(namespace)
			.addToLabels("app.kubernetes.io/created-by", CnpgKinds.MANAGED_BY)
			.build());
		cluster.setAdditionalProperty("spec", spec);
		return cluster;
	}

	/** The merge patch that sets the instance count and nothing else. */
	public static Map<String, Object> scalePatch(int instances) {
		return Map.of("spec", Map.of("instances", instances));
	}

}
