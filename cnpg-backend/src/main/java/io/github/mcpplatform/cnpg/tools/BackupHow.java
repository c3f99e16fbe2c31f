package io.github.mcpplatform.cnpg.tools;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.github.mcpplatform.cnpg.cnpg.BackupManifests.How;
import io.github.mcpplatform.cnpg.cnpg.BackupMethods;
import io.github.mcpplatform.cnpg.output.ToolFailure;

/**
 * The parameters that say how a backup is taken ({@code method}, {@code plugin_name}, {@code target}), shared by
 * {@code create_postgres_backup} and {@code create_postgres_scheduled_backup}, and their resolution against what
 * the cluster is configured for: a method the cluster cannot use is refused before anything is sent (CloudNativePG
 * would accept the object and fail the backup later).
 */
final class BackupHow {

	static final Param<String> METHOD = Param
		.choice("method", "How to back up: 'plugin' (e.g. the Barman Cloud plugin: an object store that also keeps the "
				+ "WAL, so the backup can be recovered to any later point), 'barmanObjectStore' (the same, CloudNativePG's "
				+ "deprecated in-tree support) or 'volumeSnapshot' (Kubernetes volume snapshots). Defaults to the first "
				+ "of these the cluster is configured for; one it is not configured for is refused.",
				List.of(BackupMethods.PLUGIN, BackupMethods.BARMAN_OBJECT_STORE, BackupMethods.VOLUME_SNAPSHOT))
		.optional();

	static final Param<String> PLUGIN_NAME = Param
		.kubernetesSubdomain("plugin_name", "With method 'plugin': the plugin that takes the backup, one the cluster "
				+ "enables (spec.plugins). Defaults to the cluster's WAL-archiving plugin, e.g. "
				+ "barman-cloud.cloudnative-pg.io.")
		.optional();

	static final Param<String> TARGET = Param
		.choice("target", "Which instance takes the backup: 'prefer-standby' (the most up-to-date replica when there is "
				+ "one) or 'primary'. Defaults to the cluster's spec.backup.target (prefer-standby unless set).",
				List.of("prefer-standby", "primary"))
		.optional();

	private BackupHow() {
	}

	/** How a backup of {@code cluster} is taken for this call, or a failure that says what the cluster supports. */
	static How resolve(ToolCall call, GenericKubernetesResource cluster) {
		String name = cluster.getMetadata().getName();
		BackupMethods methods = BackupMethods.of(cluster);
		List<String> supported = methods.supported();
		if (supported.isEmpty()) {
			throw new ToolFailure("Cluster '" + name + "' is configured for no backup method, so CloudNativePG could not "
					+ "take the backup; nothing was created. Configure one first: the Barman Cloud plugin "
					+ "(spec.plugins with isWALArchiver: true, see https://cloudnative-pg.io/plugin-barman-cloud/) or "
					+ "volume snapshots (spec.backup.volumeSnapshot).");
		}
		String method = call.has(METHOD) ? call.get(METHOD) : methods.preferred();
		if (!supported.contains(method)) {
			throw new ToolFailure("Cluster '" + name + "' is not configured for method '" + method + "' (it supports "
					+ String.join(", ", supported) + "); nothing was created. Use one of those, or configure '" + method
					+ "' on the cluster first.");
		}
		String plugin = BackupMethods.PLUGIN.equals(method) ? plugin(call, name, methods) : null;
		if (plugin == null && call.has(PLUGIN_NAME)) {
			throw new ToolFailure("plugin_name is for method 'plugin' only; this backup uses '" + method + "'. Nothing "
					+ "was created.");
		}
		return new How(method, plugin, call.get(TARGET));
	}

	private static String plugin(ToolCall call, String cluster, BackupMethods methods) {
		List<String> plugins = methods.backupPlugins();
		if (call.has(PLUGIN_NAME)) {
			String asked = call.get(PLUGIN_NAME);
			if (!plugins.contains(asked)) {
				throw new ToolFailure("Cluster '" + cluster + "' has no enabled backup plugin '" + asked + "' (it has "
						+ String.join(", ", plugins) + "); nothing was created.");
			}
			return asked;
		}
		if (methods.walArchiverPlugin() != null) {
			return methods.walArchiverPlugin();
		}
		if (plugins.size() == 1) {
			return plugins.get(0);
		}
		throw new ToolFailure("Cluster '" + cluster + "' enables several backup plugins (" + String.join(", ", plugins)
				+ "): name one with plugin_name. Nothing was created.");
	}

	/** What the answer says about the method, e.g. "method plugin (barman-cloud.cloudnative-pg.io)". */
	static String describe(How how, @Nullable List<String> supported) {
		String text = "method " + how.method() + (how.plugin() == null ? "" : " (" + how.plugin() + ")");
		return supported == null || supported.size() < 2 ? text
				: text + "; the cluster also supports " + String.join(", ",
						supported.stream().filter(m -> !m.equals(how.method())).toList());
	}

}
