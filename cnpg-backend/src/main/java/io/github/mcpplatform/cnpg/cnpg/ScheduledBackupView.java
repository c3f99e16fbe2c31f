package io.github.mcpplatform.cnpg.cnpg;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * What a tool shows of a CNPG {@code ScheduledBackup} ({@code api/v1/scheduledbackup_types.go}).
 *
 * @param schedule six-field cron, seconds first
 * @param backupOwnerReference none (the default), self or cluster: what owns the Backups it creates
 * @param nextScheduleTime when the operator plans the next backup
 * @param error the latest admission error the operator recorded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduledBackupView(String name, @Nullable String cluster, String schedule, boolean suspended,
		boolean immediate, String backupOwnerReference, @Nullable String method, @Nullable String target,
		@Nullable String lastScheduleTime, @Nullable String nextScheduleTime, @Nullable String error) {

	public static ScheduledBackupView of(GenericKubernetesResource schedule) {
		String owner = schedule.get("spec", "backupOwnerReference");
		String cron = schedule.get("spec", "schedule");
		return new ScheduledBackupView(schedule.getMetadata().getName(), schedule.get("spec", "cluster", "name"),
				cron == null ? "" : cron, Boolean.TRUE.equals(schedule.get("spec", "suspend")),
				Boolean.TRUE.equals(schedule.get("spec", "immediate")), owner == null ? "none" : owner,
				schedule.get("spec", "method"), schedule.get("spec", "target"),
				schedule.get("status", "lastScheduleTime"), schedule.get("status", "nextScheduleTime"),
				schedule.get("status", "error"));
	}

	/** One line, e.g. "nightly: '0 0 0 * * *', method plugin, next 2026-12-06T00:00:00Z". */
	public String summary() {
		StringBuilder text = new StringBuilder(this.name).append(": '").append(this.schedule).append("'");
		text.append(", method ").append(this.method == null ? "barmanObjectStore (CloudNativePG's default)" : this.method);
		if (this.suspended) {
			text.append(", SUSPENDED");
		}
		text.append(", backups owned by ").append(this.backupOwnerReference);
		if (this.lastScheduleTime != null) {
			text.append(", last ").append(this.lastScheduleTime);
		}
		if (this.nextScheduleTime != null) {
			text.append(", next ").append(this.nextScheduleTime);
		}
		if (this.error != null && !this.error.isBlank()) {
			text.append(", error: ").append(this.error);
		}
		return text.toString();
	}

}
