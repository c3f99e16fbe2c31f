package io.github.mcpplatform.cnpg.tools;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.github.mcpplatform.cnpg.cnpg.BackupMethods;
import io.github.mcpplatform.cnpg.cnpg.BackupView;
import io.github.mcpplatform.cnpg.cnpg.RecoveryManifests;
import io.github.mcpplatform.cnpg.cnpg.RecoveryManifests.Source;
import io.github.mcpplatform.cnpg.cnpg.RecoveryWindow;
import io.github.mcpplatform.cnpg.output.ToolFailure;

/**
 * Where a restore starts and whether its target can be reached, decided before anything is sent. A target outside
 * what the backups cover would be accepted by the API server and then fail in the recovery job, or stop at the wrong
 * point: the checks here refuse it with the window that does exist.
 */
final class RestorePlans {

	/**
	 * A decided start.
	 *
	 * @param backupId the base backup to start from, pinned in {@code recoveryTarget.backupID}, or null to let the
	 *     operator choose
	 * @param from what the answer says it starts from
	 */
	record Plan(Source source, @Nullable String backupId, String from) {
	}

	private final Clock clock;

	RestorePlans(Clock clock) {
		this.clock = clock;
	}

	/**
	 * From a Backup object. Backups taken by a plugin are read back through that plugin, so they restore through an
	 * external cluster that names it (with the source cluster's plugin settings) and their ID, not by name.
	 */
	Plan fromBackup(GenericKubernetesResource backup, Optional<GenericKubernetesResource> sourceCluster,
			RecoveryTargets.Target target) {
		BackupView view = BackupView.of(backup);
		if (!view.completed()) {
			throw new ToolFailure("Backup '" + view.name() + "' is " + (view.phase() == null ? "not started yet" : view.phase())
					+ ", not completed: a cluster can only be restored from a completed backup. Nothing was created; "
					+ "list_postgres_backups shows the completed ones.");
		}
		checkAfterBackup(target, view);
		if (BackupMethods.VOLUME_SNAPSHOT.equals(view.method())) {
			if (target.kind() != null) {
				throw new ToolFailure("Backup '" + view.name() + "' is a volume snapshot: it restores to the moment it was "
						+ "taken, and reaching a later target needs the WAL archive (restore with source_cluster and "
						+ "target_* instead). Nothing was created.");
			}
			return new Plan(Source.backup(view.name()), null, "volume snapshot backup '" + view.name() + "'");
		}
		if (target.needsBackupId() && view.backupId() == null) {
			throw new ToolFailure("Backup '" + view.name() + "' reports no backup ID, which " + target.kind() + " needs. "
					+ "Nothing was created; use target_time or target_lsn.");
		}
		if (!BackupMethods.PLUGIN.equals(view.method())) {
			return new Plan(Source.backup(view.name()), target.kind() == null ? null : view.backupId(),
					"backup '" + view.name() + "'");
		}
		String plugin = backup.get("spec", "pluginConfiguration", "name");
		if (plugin == null) {
			throw new ToolFailure("Backup '" + view.name() + "' has method plugin but names no plugin "
					+ "(spec.pluginConfiguration.name), so it cannot be read back. Nothing was created.");
		}
		GenericKubernetesResource cluster = sourceCluster.orElseThrow(() -> new ToolFailure("Backup '" + view.name()
				+ "' was taken by plugin " + plugin + ", which reads it back with the settings of cluster '" + view.cluster()
				+ "', and that cluster is gone. Nothing was created; write the recovery as CloudNativePG documents it "
				+ "(externalClusters with the plugin and its object store): "
				+ "https://cloudnative-pg.io/documentation/current/recovery/"));
		if (view.backupId() == null) {
			throw new ToolFailure("Backup '" + view.name() + "' reports no backup ID, so its plugin could not be told to "
					+ "start from it. Nothing was created.");
		}
		return new Plan(Source.external(RecoveryManifests.pluginSource(view.cluster(), plugin, pluginParameters(cluster,
				plugin))), view.backupId(), "backup '" + view.name() + "' (through plugin " + plugin + ")");
	}

	/** From another cluster's backups and WAL archive: point-in-time recovery. */
	Plan fromCluster(GenericKubernetesResource cluster, List<GenericKubernetesResource> backups,
			RecoveryTargets.Target target, @Nullable String backupId) {
		String name = cluster.getMetadata().getName();
		BackupMethods methods = BackupMethods.of(cluster);
		if (!methods.archivesWal()) {
			throw new ToolFailure("Cluster '" + name + "' archives no WAL (neither a WAL-archiving plugin nor "
					+ "spec.backup.barmanObjectStore), so there is nothing to recover to a point in time from. Nothing "
					+ "was created; restore from one of its Backups with backup_name instead (list_postgres_backups).");
		}
		if (target.needsBackupId() && backupId == null) {
			throw new ToolFailure(target.kind() + " needs backup_id, the base backup to start from: the operator can "
					+ "choose one itself only for target_time and target_lsn. Nothing was created; get_postgres_backup "
					+ "shows a backup's ID.");
		}
		checkWindow(name, RecoveryWindow.of(cluster), backups, target, backupId);
		Map<String, Object> external;
		String via;
		if (methods.walArchiverPlugin() != null) {
			external = RecoveryManifests.pluginSource(name, methods.walArchiverPlugin(),
					pluginParameters(cluster, methods.walArchiverPlugin()));
			via = "plugin " + methods.walArchiverPlugin();
		}
		else {
			external = RecoveryManifests.objectStoreSource(name, cluster.get("spec", "backup", "barmanObjectStore"));
			via = "its Barman object store";
		}
		return new Plan(Source.external(external), backupId, "the backups and WAL archive of cluster '" + name + "' ("
				+ via + ")");
	}

	/** A target time must be past, and a Backup's target after the backup ended. */
	private void checkAfterBackup(RecoveryTargets.Target target, BackupView backup) {
		checkPast(target);
		if (target.time() != null && backup.stoppedAt() != null
				&& target.time().toInstant().isBefore(Instant.parse(backup.stoppedAt()))) {
			throw new ToolFailure("target_time " + target.value() + " is before backup '" + backup.name() + "' ended ("
					+ backup.stoppedAt() + "): a backup cannot be recovered to a moment before it ended. Nothing was "
					+ "created; choose a later time or an earlier backup (list_postgres_backups).");
		}
		if ("targetLSN".equals(target.kind()) && backup.endLSN() != null
				&& lsn((String) target.value()) < lsn(backup.endLSN())) {
			throw new ToolFailure("target_lsn " + target.value() + " is before backup '" + backup.name() + "' ended (LSN "
					+ backup.endLSN() + "). Nothing was created; choose a later LSN or an earlier backup.");
		}
	}

	/**
	 * A target time within the window: not before the first recoverability point the cluster reports, or, when it
	 * reports none (backup plugins), not before the first completed Backup ended; the caller's backup_id overrides
	 * the latter, for backups the object store holds without a Backup object.
	 */
	private void checkWindow(String cluster, RecoveryWindow window, List<GenericKubernetesResource> backups,
			RecoveryTargets.Target target, @Nullable String backupId) {
		checkPast(target);
		OffsetDateTime time = target.time();
		if (window.firstRecoverabilityPoint() != null) {
			if (time != null && time.toInstant().isBefore(Instant.parse(window.firstRecoverabilityPoint()))) {
				throw new ToolFailure("target_time " + target.value() + " is outside the recovery window of cluster '"
						+ cluster + "': " + window.describe() + ". Nothing was created; choose a time in that window.");
			}
			return;
		}
		if (backupId != null) {
			return;
		}
		Optional<BackupView> earliest = backups.stream()
			.map(BackupView::of)
			.filter(b -> b.completed() && b.stoppedAt() != null)
			.min(Comparator.comparing(BackupView::stoppedAt));
		if (earliest.isEmpty()) {
			throw new ToolFailure("Cluster '" + cluster + "' has no completed backup to start a recovery from ("
					+ window.describe() + "). Nothing was created; take one with create_postgres_backup, or name a "
					+ "backup its object store holds with backup_id.");
		}
		if (time != null && time.toInstant().isBefore(Instant.parse(earliest.get().stoppedAt()))) {
			throw new ToolFailure("target_time " + target.value() + " is outside the recovery window of cluster '"
					+ cluster + "': its earliest completed backup, '" + earliest.get().name() + "', ended "
					+ earliest.get().stoppedAt() + ", and a recovery starts from a backup that ended before its target. "
					+ "Nothing was created; choose a later time, or name an older backup its object store holds with "
					+ "backup_id.");
		}
	}

	private void checkPast(RecoveryTargets.Target target) {
		if (target.time() != null && target.time().toInstant().isAfter(this.clock.instant())) {
			throw new ToolFailure("target_time " + target.value() + " is in the future: PostgreSQL would wait for a "
					+ "transaction after it that does not exist yet, and the recovery fails. Nothing was created; choose "
					+ "a past time, or give no target to recover all the WAL there is.");
		}
	}

	/** The parameters the source cluster gives its plugin (e.g. the Barman Cloud plugin's barmanObjectName). */
	private static Map<String, String> pluginParameters(GenericKubernetesResource cluster, String plugin) {
		List<Map<String, Object>> plugins = cluster.get("spec", "plugins");
		Map<String, String> parameters = new LinkedHashMap<>();
		(plugins == null ? List.<Map<String, Object>>of() : plugins).stream()
			.filter(p -> plugin.equals(p.get("name")))
			.findFirst()
			.map(p -> p.get("parameters"))
			.filter(Map.class::isInstance)
			.ifPresent(p -> ((Map<?, ?>) p).forEach((k, v) -> parameters.put(String.valueOf(k), String.valueOf(v))));
		return parameters;
	}

	private static long lsn(String lsn) {
		String[] parts = lsn.split("/");
		return (Long.parseLong(parts[0], 16) << 32) + Long.parseLong(parts[1], 16);
	}

}
