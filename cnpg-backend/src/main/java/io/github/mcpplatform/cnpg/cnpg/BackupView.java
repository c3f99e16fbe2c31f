package io.github.mcpplatform.cnpg.cnpg;

import java.util.Comparator;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * What a tool shows of a CNPG {@code Backup} ({@code api/v1/backup_types.go}): what was asked and what the
 * operator reports. Credentials references and the backup label file are left out.
 *
 * @param phase pending, started, running, finalizing, completed, failed, walArchivingFailing or "invalid backup
 *     definition"; absent until the operator picks the backup up
 * @param scheduledBackup the ScheduledBackup that created it, if one did
 * @param backupId the backup's ID in its store, which {@code recoveryTarget.backupID} names
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupView(String name, @Nullable String cluster, @Nullable String method, @Nullable String target,
		@Nullable String phase, @Nullable String createdAt, @Nullable String startedAt, @Nullable String stoppedAt,
		@Nullable String error, @Nullable String scheduledBackup, @Nullable String backupId,
		@Nullable Integer majorVersion, @Nullable String beginLSN, @Nullable String endLSN, @Nullable String beginWal,
		@Nullable String endWal, @Nullable String destinationPath, @Nullable String serverName,
		@Nullable String instance, @Nullable Boolean online, @Nullable Object snapshots) {

	/** Newest first: by when the backup started, else when it was requested. */
	public static final Comparator<BackupView> NEWEST_FIRST = Comparator
		.comparing((BackupView b) -> b.startedAt != null ? b.startedAt : b.createdAt == null ? "" : b.createdAt)
		.reversed()
		.thenComparing(BackupView::name);

	public static BackupView of(GenericKubernetesResource backup) {
		String method = backup.get("status", "method");
		Map<String, Object> instance = backup.get("status", "instanceID");
		return new BackupView(backup.getMetadata().getName(), backup.get("spec", "cluster", "name"),
				method != null ? method : backup.get("spec", "method"), backup.get("spec", "target"),
				backup.get("status", "phase"), backup.getMetadata().getCreationTimestamp(),
				backup.get("status", "startedAt"), backup.get("status", "stoppedAt"), backup.get("status", "error"),
				backup.getMetadata().getLabels() == null ? null
						: backup.getMetadata().getLabels().get(CnpgKinds.SCHEDULED_BACKUP_LABEL),
				backup.get("status", "backupId"), ClusterView.integer(backup.get("status", "majorVersion")),
				backup.get("status", "beginLSN"), backup.get("status", "endLSN"), backup.get("status", "beginWal"),
				backup.get("status", "endWal"), backup.get("status", "destinationPath"),
				backup.get("status", "serverName"), instance == null ? null : (String) instance.get("podName"),
				backup.get("status", "online"), backup.get("status", "snapshotBackupStatus", "elements"));
	}

	public boolean completed() {
		return "completed".equals(this.phase);
	}

	/** One line, e.g. "pg-20261205 (plugin): completed, 2026-12-05T00:00:01Z to 2026-12-05T00:03:10Z". */
	public String summary() {
		StringBuilder text = new StringBuilder(this.name).append(" (")
			.append(this.method == null ? "method not set" : this.method)
			.append("): ")
			.append(this.phase == null ? "not picked up by the operator yet" : this.phase);
		if (this.startedAt != null) {
			text.append(", started ").append(this.startedAt);
		}
		else if (this.createdAt != null) {
			text.append(", requested ").append(this.createdAt);
		}
		if (this.stoppedAt != null) {
			text.append(", stopped ").append(this.stoppedAt);
		}
		if (this.scheduledBackup != null) {
			text.append(", by schedule ").append(this.scheduledBackup);
		}
		if (this.error != null && !this.error.isBlank()) {
			text.append(", error: ").append(this.error);
		}
		return text.toString();
	}

}
