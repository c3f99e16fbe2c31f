package io.github.mcpplatform.cnpg.cnpg;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/**
 * What this backend sends to request backups: a {@code Backup} now, or a {@code ScheduledBackup} that creates them
 * on a schedule. Both are labelled with their cluster, as {@code kubectl cnpg backup} does.
 */
public final class BackupManifests {

	private BackupManifests() {
	}

	/**
	 * How a backup is taken, shared by Backups and ScheduledBackups.
	 *
	 * @param method barmanObjectStore, volumeSnapshot or plugin
	 * @param plugin the plugin that takes it, with method plugin
	 * @param target primary or prefer-standby; null for the cluster's {@code spec.backup.target}
	 */
	public record How(String method, @Nullable String plugin, @Nullable String target) {

		void into(Map<String, Object> spec) {
			spec.put("method", this.method);
			if (this.plugin != null) {
				spec.put("pluginConfiguration", Map.of("name", this.plugin));
			}
			if (this.target != null) {
				spec.put("target", this.target);
			}
		}

	}

	public static GenericKubernetesResource backup(String namespace, String name, String cluster, How how) {
		Map<String, Object> spec = new LinkedHashMap<>();
		spec.put("cluster", Map.of("name", cluster));
		how.into(spec);
		return object(CnpgKinds.BACKUP.getKind(), namespace, name, cluster, spec);
	}

	/**
	 * @param schedule six-field cron, seconds first
	 * @param backupOwnerReference none, self or cluster
	 */
	public static GenericKubernetesResource scheduledBackup(String namespace, String name, String cluster,
			String schedule, How how, boolean immediate, boolean suspend, String backupOwnerReference) {
		Map<String, Object> spec = new LinkedHashMap<>();
		spec.put("cluster", Map.of("name", cluster));
		spec.put("schedule", schedule);
		how.into(spec);
		spec.put("immediate", immediate);
		spec.put("suspend", suspend);
		spec.put("backupOwnerReference", backupOwnerReference);
		return object(CnpgKinds.SCHEDULED_BACKUP.getKind(), namespace, name, cluster, spec);
	}

	private static GenericKubernetesResource object(String kind, String namespace, String name, String cluster,
			Map<String, Object> spec) {
		GenericKubernetesResource object = new GenericKubernetesResource();
		object.setApiVersion(CnpgKinds.API_VERSION);
		object.setKind(kind);
		object.setMetadata(new ObjectMetaBuilder().withName(name)
			.withNamespace(namespace)
			.addToLabels(CnpgKinds.CLUSTER_LABEL, cluster)
			.addToLabels("app.kubernetes.io/created-by", CnpgKinds.MANAGED_BY)
			.build());
		object.setAdditionalProperty("spec", spec);
		return object;
	}

}
