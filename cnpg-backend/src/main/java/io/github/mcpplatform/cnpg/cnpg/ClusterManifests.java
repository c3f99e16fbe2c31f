package io.github.mcpplatform.cnpg.cnpg;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** What this backend sends to create or change a {@code Cluster}. */
public final class ClusterManifests {

	private ClusterManifests() {
	}

	/**
	 * A new cluster. No bootstrap section: the operator's default creates the {@code app} database,
	 * owned by the {@code app} role, with its credentials in the {@code <name>-app} secret.
	 *
	 * <p>
	 * The image comes from a {@code ClusterImageCatalog} ({@code imageCatalogRef}), as CNPG recommends:
	 * the catalog pins one image (by digest) per major version, and when it is updated the operator rolls
	 * the clusters that use it. A floating tag such as {@code postgresql:16} never changes the spec, so no
	 * minor update is rolled out, and a new replica can pull another minor than its primary runs.
	 *
	 * @param imageCatalog the ClusterImageCatalog's name
	 * @param major the PostgreSQL major version, which must be in the catalog
	 */
	public static GenericKubernetesResource cluster(String namespace, String name, int instances, String imageCatalog,
			int major, String storageSize, @Nullable String storageClass) {
		Map<String, Object> storage = new LinkedHashMap<>();
		storage.put("size", storageSize);
		if (storageClass != null) {
			storage.put("storageClass", storageClass);
		}
		Map<String, Object> spec = new LinkedHashMap<>();
		spec.put("instances", instances);
		spec.put("imageCatalogRef", imageCatalogRef(imageCatalog, major));
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

	private static Map<String, Object> imageCatalogRef(String imageCatalog, int major) {
		Map<String, Object> ref = new LinkedHashMap<>();
		ref.put("apiGroup", CnpgKinds.GROUP);
		ref.put("kind", CnpgKinds.CLUSTER_IMAGE_CATALOG.getKind());
		ref.put("name", imageCatalog);
		ref.put("major", major);
		return ref;
	}

	/** The merge patch that sets the instance count and nothing else. */
	public static Map<String, Object> scalePatch(int instances) {
		return Map.of("spec", Map.of("instances", instances));
	}

}
