package io.github.mcpplatform.cnpg.cnpg;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * The backup methods a cluster is configured for, read from its spec as CNPG 1.30 reads it
 * ({@code api/v1/cluster_types.go}): {@code barmanObjectStore} with {@code spec.backup.barmanObjectStore} (the
 * in-tree Barman Cloud support, deprecated since 1.26), {@code volumeSnapshot} with
 * {@code spec.backup.volumeSnapshot}, and {@code plugin} with an enabled plugin that archives WAL
 * ({@code spec.plugins[].isWALArchiver}, e.g. the Barman Cloud plugin) or reports backup capabilities
 * ({@code status.pluginStatus[].backupCapabilities}).
 *
 * @param walArchiverPlugin the enabled plugin that archives WAL, if any (at most one, CNPG's webhook checks)
 * @param backupPlugins the enabled plugins that can take backups, the WAL archiver first
 * @see <a href="https://cloudnative-pg.io/documentation/current/backup/">CNPG backups</a>
 */
public record BackupMethods(boolean barmanObjectStore, boolean volumeSnapshot, @Nullable String walArchiverPlugin,
		List<String> backupPlugins) {

	public static final String BARMAN_OBJECT_STORE = "barmanObjectStore";

	public static final String VOLUME_SNAPSHOT = "volumeSnapshot";

	public static final String PLUGIN = "plugin";

	/** The CNPG Barman Cloud plugin, which takes over object-store backups from the deprecated in-tree support. */
	public static final String BARMAN_CLOUD_PLUGIN = "barman-cloud.cloudnative-pg.io";

	public static BackupMethods of(GenericKubernetesResource cluster) {
		String walArchiver = null;
		Set<String> plugins = new LinkedHashSet<>();
		List<Map<String, Object>> configured = cluster.get("spec", "plugins");
		for (Map<String, Object> plugin : configured == null ? List.<Map<String, Object>>of() : configured) {
			if (plugin.get("name") instanceof String name && !Boolean.FALSE.equals(plugin.get("enabled"))
					&& Boolean.TRUE.equals(plugin.get("isWALArchiver")) && walArchiver == null) {
				walArchiver = name;
				plugins.add(name);
			}
		}
		List<Map<String, Object>> status = cluster.get("status", "pluginStatus");
		for (Map<String, Object> plugin : status == null ? List.<Map<String, Object>>of() : status) {
			if (plugin.get("name") instanceof String name && plugin.get("backupCapabilities") instanceof List<?> caps
					&& !caps.isEmpty() && enabled(configured, name)) {
				plugins.add(name);
			}
		}
		return new BackupMethods(cluster.get("spec", "backup", "barmanObjectStore") != null,
				cluster.get("spec", "backup", "volumeSnapshot") != null, walArchiver, List.copyOf(plugins));
	}

	private static boolean enabled(@Nullable List<Map<String, Object>> configured, String name) {
		return configured != null && configured.stream()
			.anyMatch(p -> name.equals(p.get("name")) && !Boolean.FALSE.equals(p.get("enabled")));
	}

	/** The methods a Backup of this cluster may use, in the order a default is chosen from. */
	public List<String> supported() {
		List<String> methods = new ArrayList<>();
		if (this.walArchiverPlugin != null) {
			methods.add(PLUGIN);
		}
		if (this.barmanObjectStore) {
			methods.add(BARMAN_OBJECT_STORE);
		}
		if (this.volumeSnapshot) {
			methods.add(VOLUME_SNAPSHOT);
		}
		if (this.walArchiverPlugin == null && !this.backupPlugins.isEmpty()) {
			methods.add(PLUGIN);
		}
		return methods;
	}

	/** Whether the cluster archives WAL, which point-in-time recovery replays. */
	public boolean archivesWal() {
		return this.barmanObjectStore || this.walArchiverPlugin != null;
	}

	/**
	 * The method a backup uses when none is asked for: an object store first (it holds the WAL archive too, so the
	 * backup can be recovered to any later point), a volume snapshot otherwise; null when none is configured.
	 */
	public @Nullable String preferred() {
		List<String> methods = supported();
		return methods.isEmpty() ? null : methods.get(0);
	}

}
