package io.github.mcpplatform.cnpg.cnpg;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * The recovery window a cluster's status reports: the earliest point a new cluster can be recovered to and the
 * last backups, overall and per method. CNPG 1.30 marks these fields deprecated and does not set them for backup
 * plugins ({@code api/v1/cluster_types.go}, {@code ClusterStatus}); for those the plugin reports its window (the
 * Barman Cloud plugin in its {@code ObjectStore}'s status) and the completed Backups are the evidence here.
 *
 * @param firstRecoverabilityPoint RFC 3339, the earliest recovery target
 * @param byMethod per method: {@code firstRecoverabilityPoint} and {@code lastSuccessfulBackup}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecoveryWindow(@Nullable String firstRecoverabilityPoint, @Nullable String lastSuccessfulBackup,
		@Nullable String lastFailedBackup, @Nullable Map<String, Object> firstRecoverabilityPointByMethod,
		@Nullable Map<String, Object> lastSuccessfulBackupByMethod) {

	public static RecoveryWindow of(GenericKubernetesResource cluster) {
		return new RecoveryWindow(cluster.get("status", "firstRecoverabilityPoint"),
				cluster.get("status", "lastSuccessfulBackup"), cluster.get("status", "lastFailedBackup"),
				cluster.get("status", "firstRecoverabilityPointByMethod"),
				cluster.get("status", "lastSuccessfulBackupByMethod"));
	}

	/** Whether the cluster reports anything at all. */
	public boolean reported() {
		return this.firstRecoverabilityPoint != null || this.lastSuccessfulBackup != null || this.lastFailedBackup != null;
	}

	/** One line, e.g. "recoverable from 2026-12-01T00:00:05Z; last successful backup 2026-12-05T00:00:09Z". */
	public String describe() {
		if (!reported()) {
			return "the cluster reports no recovery window (CloudNativePG does not for backup plugins, nor before a "
					+ "first backup completes)";
		}
		StringBuilder text = new StringBuilder();
		if (this.firstRecoverabilityPoint != null) {
			text.append("recoverable from ").append(this.firstRecoverabilityPoint);
		}
		if (this.lastSuccessfulBackup != null) {
			text.append(text.isEmpty() ? "" : "; ").append("last successful backup ").append(this.lastSuccessfulBackup);
		}
		if (this.lastFailedBackup != null) {
			text.append(text.isEmpty() ? "" : "; ").append("last failed backup ").append(this.lastFailedBackup);
		}
		return text.toString();
	}

}
