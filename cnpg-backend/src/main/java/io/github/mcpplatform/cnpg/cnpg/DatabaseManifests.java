package io.github.mcpplatform.cnpg.cnpg;

import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** What this backend sends to declare a PostgreSQL database as a CNPG {@code Database} object. */
public final class DatabaseManifests {

	private DatabaseManifests() {
	}

	/**
	 * The Kubernetes name of a database's object: {@code <cluster>-<database>}, with {@code _} turned into
	 * {@code -} because object names are RFC 1123 while PostgreSQL names often use underscores.
	 */
	public static String objectName(String cluster, String databaseName) {
		return cluster + "-" + databaseName.replace('_', '-');
	}

	/**
	 * @param reclaimPolicy {@code retain} keeps the PostgreSQL database when the object is deleted,
	 *     {@code delete} drops it
	 */
	public static GenericKubernetesResource database(String namespace, String cluster, String databaseName, String owner,
			String reclaimPolicy) {
		Map<String, Object> spec = new LinkedHashMap<>();
		spec.put("name", databaseName);
		spec.put("owner", owner);
		spec.put("cluster", Map.of("name", cluster));
		spec.put("ensure", "present");
		spec.put("databaseReclaimPolicy", reclaimPolicy);
		GenericKubernetesResource database = new GenericKubernetesResource();
		database.setApiVersion(CnpgKinds.API_VERSION);
		database.setKind(CnpgKinds.DATABASE.getKind());
		database.setMetadata(new ObjectMetaBuilder().withName(objectName(cluster, databaseName))
			.withNamespace(namespace)
			.addToLabels(CnpgKinds.CLUSTER_LABEL, cluster)
			.addToLabels("app.kubernetes.io/created-by", CnpgKinds.MANAGED_BY)
			.build());
		database.setAdditionalProperty("spec", spec);
		return database;
	}

}
