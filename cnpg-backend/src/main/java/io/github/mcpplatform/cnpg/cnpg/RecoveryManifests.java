package io.github.mcpplatform.cnpg.cnpg;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * A new cluster that starts from a backup ({@code bootstrap.recovery}) instead of an empty database, in the two
 * shapes CloudNativePG documents: from a {@code Backup} object ({@code recovery.backup.name}), or from the backups
 * and WAL archive of another cluster through an external cluster ({@code recovery.source}).
 *
 * @see <a href="https://cloudnative-pg.io/documentation/current/recovery/">CNPG recovery</a>
 */
public final class RecoveryManifests {

	private RecoveryManifests() {
	}

	/**
	 * Where the recovery starts.
	 *
	 * @param backupName a Backup in the same namespace, or null
	 * @param externalCluster the {@code externalClusters} entry that {@code recovery.source} names, or null
	 */
	public record Source(@Nullable String backupName, @Nullable Map<String, Object> externalCluster) {

		public static Source backup(String name) {
			return new Source(name, null);
		}

		/** The external cluster is named after the source cluster: CNPG uses that name as the backups' folder. */
		public static Source external(Map<String, Object> externalCluster) {
			return new Source(null, externalCluster);
		}

	}

	/**
	 * The external cluster that reads a cluster's backups through its WAL-archiving plugin. The Barman Cloud plugin
	 * finds them under {@code serverName}, the source cluster's name unless its own parameters say otherwise.
	 */
	public static Map<String, Object> pluginSource(String sourceCluster, String plugin, Map<String, String> parameters) {
		Map<String, String> copied = new LinkedHashMap<>(parameters);
		if (BackupMethods.BARMAN_CLOUD_PLUGIN.equals(plugin)) {
			copied.putIfAbsent("serverName", sourceCluster);
		}
		Map<String, Object> external = new LinkedHashMap<>();
		external.put("name", sourceCluster);
		external.put("plugin", Map.of("name", plugin, "parameters", copied));
		return external;
	}

	/** The external cluster that reads a cluster's backups from its in-tree Barman object store (deprecated). */
	public static Map<String, Object> objectStoreSource(String sourceCluster, Map<String, Object> barmanObjectStore) {
		Map<String, Object> external = new LinkedHashMap<>();
		external.put("name", sourceCluster);
		external.put("barmanObjectStore", barmanObjectStore);
		return external;
	}

	/**
	 * Turns a new cluster's manifest into one that recovers.
	 *
	 * @param cluster from {@link ClusterManifests#cluster}; its spec is changed in place
	 * @param image the image fields to use instead of the manifest's ({@code imageName} or {@code imageCatalogRef}),
	 *     or empty to keep them
	 * @param recoveryTarget {@code recoveryTarget}, or null for a full recovery
	 * @param applicationDatabase {@code database} and {@code owner} when the source's are not CNPG's default
	 * @param walStorage the source's {@code walStorage}, or null
	 * @param parameters the source's {@code postgresql.parameters}, or null
	 */
	@SuppressWarnings("unchecked")
	public static GenericKubernetesResource recovering(GenericKubernetesResource cluster, Map<String, Object> image,
			Source source, @Nullable Map<String, Object> recoveryTarget, Map<String, String> applicationDatabase,
			@Nullable Object walStorage, @Nullable Map<String, Object> parameters) {
		Map<String, Object> spec = (Map<String, Object>) cluster.getAdditionalProperties().get("spec");
		if (!image.isEmpty()) {
			spec.remove("imageCatalogRef");
			spec.putAll(image);
		}
		if (walStorage != null) {
			spec.put("walStorage", walStorage);
		}
		if (parameters != null && !parameters.isEmpty()) {
			spec.put("postgresql", Map.of("parameters", parameters));
		}
		Map<String, Object> recovery = new LinkedHashMap<>();
		if (source.backupName() != null) {
			recovery.put("backup", Map.of("name", source.backupName()));
		}
		else if (source.externalCluster() != null) {
			recovery.put("source", source.externalCluster().get("name"));
		}
		if (recoveryTarget != null) {
			recovery.put("recoveryTarget", recoveryTarget);
		}
		recovery.putAll(applicationDatabase);
		spec.put("bootstrap", Map.of("recovery", recovery));
		if (source.externalCluster() != null) {
			spec.put("externalClusters", List.of(source.externalCluster()));
		}
		return cluster;
	}

}
