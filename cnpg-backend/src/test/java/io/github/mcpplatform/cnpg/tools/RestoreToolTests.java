package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.ToolHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/** restore_postgres_cluster against the sandbox's Kubernetes API: what it creates, and what it refuses. */
class RestoreToolTests {

	private final ToolHarness tools = new ToolHarness("restore");

	private final TestBackups given = new TestBackups(this.tools);

	@Test
	void restoreFromABackupObjectCreatesANewClusterLikeTheSource() {
		this.given.cluster("pg", Map.of("backup", Map.of("barmanObjectStore", Map.of("destinationPath", "s3://b/")),
				"bootstrap", Map.of("initdb", Map.of("database", "shop", "owner", "shop_owner")), "instances", 2,
				"postgresql", Map.of("parameters", Map.of("max_connections", "300"))),
				Map.of());
		this.given.backup("pg-1", "pg", "barmanObjectStore",
				TestBackups.completed("barmanObjectStore", "2026-12-01T00:00:00Z", "2026-12-01T00:00:09Z"));

		CallToolResult result = this.tools.callNow("restore_postgres_cluster", Map.of("name", "pg-restore",
				"backup_name", "pg-1"));

		assertThat(result.isError()).as(text(result)).isFalse();
		assertThat(text(result)).startsWith("Creating cluster 'pg-restore' recovered from backup 'pg-1' to all the WAL "
				+ "there is (no recovery target), 2 instance(s) of 1Gi");
		GenericKubernetesResource restored = this.tools.cluster("pg-restore");
		assertThat((Object) restored.get("spec", "bootstrap")).isEqualTo(Map.of("recovery", Map.of("backup",
				Map.of("name", "pg-1"), "database", "shop", "owner", "shop_owner")));
		assertThat((Object) restored.get("spec", "imageCatalogRef")).isEqualTo(this.tools.cluster("pg").get("spec",
				"imageCatalogRef"));
		assertThat((Object) restored.get("spec", "postgresql")).as("a recovery needs max_connections at least the "
				+ "source's").isEqualTo(Map.of("parameters", Map.of("max_connections", "300")));
		assertThat((Object) restored.get("spec", "externalClusters")).isNull();
		assertThat((Object) restored.get("spec", "backup")).as("the source's backup configuration is not copied").isNull();
	}

	@Test
	void restoreFromAPluginBackupGoesThroughTheSourcesPluginAndPinsTheBackupId() {
		this.given.cluster("pg", TestBackups.PLUGIN_SPEC, Map.of());
		this.given.backup("pg-1", "pg", "plugin", TestBackups.completed("plugin", "2026-12-01T00:00:00Z",
				"2026-12-01T00:00:09Z"));

		CallToolResult result = this.tools.callNow("restore_postgres_cluster", Map.of("name", "pg-restore",
				"backup_name", "pg-1", "target_lsn", "0/4000000"));

		assertThat(result.isError()).as(text(result)).isFalse();
		GenericKubernetesResource restored = this.tools.cluster("pg-restore");
		assertThat((Object) restored.get("spec", "bootstrap")).isEqualTo(Map.of("recovery", Map.of("source", "pg",
				"recoveryTarget", Map.of("backupID", "20261201T000000", "targetLSN", "0/4000000"))));
		assertThat((Object) restored.get("spec", "externalClusters")).isEqualTo(List.of(Map.of("name", "pg", "plugin",
				Map.of("name", TestBackups.BARMAN_CLOUD, "parameters", Map.of("barmanObjectName", "store",
						"serverName", "pg")))));
	}

	@Test
	void restoreToAPointInTimeReadsTheSourcesArchiveThroughAnExternalCluster() {
		this.given.cluster("pg", TestBackups.PLUGIN_SPEC, Map.of());
		this.given.backup("pg-1", "pg", "plugin", TestBackups.completed("plugin", "2026-12-01T00:00:00Z",
				"2026-12-01T00:00:09Z"));

		CallToolResult result = this.tools.callNow("restore_postgres_cluster", Map.of("name", "pg-pitr",
				"source_cluster", "pg", "target_time", "2026-12-02T14:00:00+01:00", "exclusive", true));

		assertThat(result.isError()).as(text(result)).isFalse();
		assertThat(text(result)).contains("to targetTime 2026-12-02T14:00:00+01:00 (exclusive)");
		assertThat((Object) this.tools.cluster("pg-pitr").get("spec", "bootstrap", "recovery")).isEqualTo(Map.of("source",
				"pg", "recoveryTarget", Map.of("targetTime", "2026-12-02T14:00:00+01:00", "exclusive", true)));
	}

	@Test
	void twoRecoveryTargetsAreRefusedBeforeAnyCall() {
		CallToolResult result = this.tools.callNow("restore_postgres_cluster", Map.of("name", "pg-pitr",
				"source_cluster", "pg", "target_time", "2026-12-02T14:00:00Z", "target_lsn", "0/3000060"));

		assertThat(result.isError()).isTrue();
		assertThat(text(result)).contains("give at most one recovery target, not target_time and target_lsn");
		assertThat(this.tools.clusters()).isEmpty();
	}

	@Test
	void restoreNeverWritesOverAnExistingCluster() {
		this.given.cluster("pg", TestBackups.PLUGIN_SPEC, Map.of());
		this.given.cluster("taken", Map.of(), Map.of());
		this.given.backup("pg-1", "pg", "plugin", TestBackups.completed("plugin", "2026-12-01T00:00:00Z",
				"2026-12-01T00:00:09Z"));
		Object before = this.tools.cluster("taken").get("spec");

		CallToolResult result = this.tools.callNow("restore_postgres_cluster", Map.of("name", "taken", "backup_name",
				"pg-1"));

		assertThat(text(result)).contains("Cluster 'taken' already exists").contains("never writes over one");
		assertThat((Object) this.tools.cluster("taken").get("spec")).isEqualTo(before);
	}

	@Test
	void targetsOutsideTheRecoveryWindowAreRefused() {
		this.given.cluster("pg", TestBackups.PLUGIN_SPEC, Map.of());
		this.given.backup("pg-1", "pg", "plugin", TestBackups.completed("plugin", "2026-12-01T00:00:00Z",
				"2026-12-01T00:00:09Z"));

		CallToolResult future = restore(Map.of("source_cluster", "pg", "target_time", "2099-01-01T00:00:00Z"));
		CallToolResult beforeFirst = restore(Map.of("source_cluster", "pg", "target_time", "2026-11-30T00:00:00Z"));
		CallToolResult beforeBackup = restore(Map.of("backup_name", "pg-1", "target_time", "2026-12-01T00:00:05Z"));
		CallToolResult lsnBefore = restore(Map.of("backup_name", "pg-1", "target_lsn", "0/2000000"));

		assertThat(text(future)).contains("is in the future");
		assertThat(text(beforeFirst)).contains("is outside the recovery window of cluster 'pg': its earliest completed "
				+ "backup, 'pg-1', ended 2026-12-01T00:00:09Z");
		assertThat(text(beforeBackup)).contains("is before backup 'pg-1' ended (2026-12-01T00:00:09Z)");
		assertThat(text(lsnBefore)).contains("target_lsn 0/2000000 is before backup 'pg-1' ended (LSN 0/3000060)");
		assertThat(this.tools.clusters()).extracting(c -> c.getMetadata().getName()).containsExactly("pg");
	}

	@Test
	void aWindowTheClusterReportsIsTheOneChecked() {
		this.given.cluster("pg", Map.of("backup", Map.of("barmanObjectStore", Map.of("destinationPath", "s3://b/"))),
				Map.of("firstRecoverabilityPoint", "2026-12-01T00:00:09Z"));

		CallToolResult result = restore(Map.of("source_cluster", "pg", "target_time", "2026-12-01T00:00:00Z"));

		assertThat(text(result)).contains("outside the recovery window of cluster 'pg': recoverable from "
				+ "2026-12-01T00:00:09Z");
	}

	@Test
	void namedAndTransactionTargetsFromAClusterNeedTheBackupId() {
		this.given.cluster("pg", TestBackups.PLUGIN_SPEC, Map.of());

		CallToolResult result = restore(Map.of("source_cluster", "pg", "target_name", "before_migration"));

		assertThat(text(result)).contains("targetName needs backup_id");
		assertThat(this.tools.clusters()).hasSize(1);
	}

	@Test
	void aClusterWithoutAWalArchiveCannotBeRecoveredToAPointInTime() {
		this.given.cluster("pg", TestBackups.SNAPSHOT_SPEC, Map.of());

		CallToolResult result = restore(Map.of("source_cluster", "pg", "target_time", "2026-12-01T00:00:00Z"));

		assertThat(text(result)).contains("archives no WAL").contains("backup_name instead");
	}

	@Test
	void aBackupThatDidNotCompleteIsRefused() {
		this.given.cluster("pg", TestBackups.PLUGIN_SPEC, Map.of());
		this.given.backup("pg-1", "pg", "plugin", Map.of("phase", "failed", "error", "no space"));

		CallToolResult result = restore(Map.of("backup_name", "pg-1"));

		assertThat(text(result)).contains("Backup 'pg-1' is failed, not completed");
		assertThat(this.tools.clusters()).hasSize(1);
	}

	@Test
	void malformedArgumentsAreAllListedBeforeAnyCall() {
		CallToolResult badName = this.tools.callNow("restore_postgres_cluster", Map.of("name", "1-restore",
				"backup_name", "pg-1", "target_time", "yesterday 14:00", "target_xid", 2));
		CallToolResult neither = this.tools.callNow("restore_postgres_cluster", Map.of("name", "pg-restore"));
		CallToolResult both = this.tools.callNow("restore_postgres_cluster", Map.of("name", "pg-restore",
				"backup_name", "pg-1", "source_cluster", "pg", "target_name", "before", "target_immediate", true,
				"backup_id", "20261201T000000"));

		assertThat(text(badName)).contains("name '1-restore' is not a valid CloudNativePG cluster name")
			.contains("target_time 'yesterday 14:00' is not an RFC 3339 time with an offset")
			.contains("target_xid '2' is not a transaction ID");
		assertThat(text(neither)).contains("give exactly one of backup_name");
		assertThat(text(both)).contains("give exactly one of backup_name")
			.contains("give at most one recovery target, not target_name and target_immediate")
			.contains("backup_id goes with source_cluster");
		assertThat(this.tools.clusters()).isEmpty();
	}

	@Test
	void aBackupOfADeletedClusterRestoresWithTheCatalogImageOfItsMajorAndAGivenSize() {
		this.given.backup("gone-1", "gone", "barmanObjectStore",
				TestBackups.completed("barmanObjectStore", "2026-12-01T00:00:00Z", "2026-12-01T00:00:09Z"));

		CallToolResult noSize = restore(Map.of("backup_name", "gone-1"));
		CallToolResult sized = restore(Map.of("backup_name", "gone-1", "storage_size", "5Gi"));

		assertThat(text(noSize)).contains("storage_size is required");
		assertThat(sized.isError()).as(text(sized)).isFalse();
		GenericKubernetesResource restored = this.tools.cluster("pg-restore");
		assertThat((Object) restored.get("spec", "imageCatalogRef", "major")).isEqualTo(16);
		assertThat((Object) restored.get("spec", "instances")).isEqualTo(1);
		assertThat((Object) restored.get("spec", "storage", "size")).isEqualTo("5Gi");
	}

	@Test
	void aSourceRecreatedWithAnotherMajorRestoresTheBackupsMajorFromTheCatalog() {
		this.given.cluster("pg", Map.of("backup", Map.of("barmanObjectStore", Map.of("destinationPath", "s3://b/")),
				"imageCatalogRef", Map.of("apiGroup", "postgresql.cnpg.io", "kind", "ClusterImageCatalog", "name",
						"postgresql-standard-trixie", "major", 18)), Map.of());
		this.given.backup("pg-1", "pg", "barmanObjectStore",
				TestBackups.completed("barmanObjectStore", "2026-12-01T00:00:00Z", "2026-12-01T00:00:09Z"));

		CallToolResult result = restore(Map.of("backup_name", "pg-1"));

		assertThat(result.isError()).as(text(result)).isFalse();
		assertThat((Object) this.tools.cluster("pg-restore").get("spec", "imageCatalogRef", "major")).isEqualTo(16);
	}

	@Test
	void dryRunShowsTheManifestAndCreatesNothing() {
		this.given.cluster("pg", TestBackups.PLUGIN_SPEC, Map.of());
		this.given.backup("pg-1", "pg", "plugin", TestBackups.completed("plugin", "2026-12-01T00:00:00Z",
				"2026-12-01T00:00:09Z"));

		CallToolResult result = restore(Map.of("backup_name", "pg-1", "dry_run", true));

		assertThat(text(result)).startsWith("Dry run, nothing was sent. This would create cluster 'pg-restore'")
			.contains("barmanObjectName: \"store\"");
		assertThat(this.tools.clusters()).hasSize(1);
	}

	private CallToolResult restore(Map<String, Object> arguments) {
		Map<String, Object> all = new HashMap<>(arguments);
		all.put("name", "pg-restore");
		return this.tools.callNow("restore_postgres_cluster", all);
	}

}
