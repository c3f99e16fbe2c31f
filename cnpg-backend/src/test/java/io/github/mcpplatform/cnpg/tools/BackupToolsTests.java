package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.ToolHarness.structured;
import static io.github.mcpplatform.cnpg.tools.ToolHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/** list_postgres_backups, get_postgres_backup and create_postgres_backup against the sandbox's Kubernetes API. */
class BackupToolsTests {

	private final ToolHarness tools = new ToolHarness("backups");

	private final TestBackups given = new TestBackups(this.tools);

	@Test
	void createWhenTheClusterArchivesThroughAPluginThenRequestsAPluginBackupLabelledWithItsCluster() {
		this.given.cluster("pg", TestBackups.PLUGIN_SPEC, Map.of());

		CallToolResult result = this.tools.callNow("create_postgres_backup", Map.of("cluster_name", "pg", "backup_name",
				"pg-now", "target", "primary"));

		assertThat(result.isError()).as(text(result)).isFalse();
		assertThat(text(result)).startsWith("Requested backup 'pg-now' of cluster 'pg' (method plugin "
				+ "(barman-cloud.cloudnative-pg.io))");
		GenericKubernetesResource backup = this.given.backups().get(0);
		assertThat(backup.getMetadata().getLabels()).containsEntry("cnpg.io/cluster", "pg");
		assertThat((Map<String, Object>) backup.get("spec")).containsEntry("cluster", Map.of("name", "pg"))
			.containsEntry("method", "plugin")
			.containsEntry("pluginConfiguration", Map.of("name", TestBackups.BARMAN_CLOUD))
			.containsEntry("target", "primary");
	}

	@Test
	void createWithoutANameNamesItAfterTheClusterAndTheTimeAsKubectlCnpgDoes() {
		this.given.cluster("pg", TestBackups.SNAPSHOT_SPEC, Map.of());

		CallToolResult result = this.tools.callNow("create_postgres_backup", Map.of("cluster_name", "pg"));

		assertThat(result.isError()).as(text(result)).isFalse();
		assertThat(this.given.backups()).singleElement().satisfies(backup -> {
			assertThat(backup.getMetadata().getName()).matches("pg-\\d{14}");
			assertThat((String) backup.get("spec", "method")).isEqualTo("volumeSnapshot");
			assertThat((Object) backup.get("spec", "pluginConfiguration")).isNull();
		});
	}

	@Test
	void createWhenTheMethodIsNotConfiguredThenSaysWhatIsAndCreatesNothing() {
		this.given.cluster("pg", TestBackups.SNAPSHOT_SPEC, Map.of());

		CallToolResult result = this.tools.callNow("create_postgres_backup", Map.of("cluster_name", "pg", "method",
				"plugin"));

		assertThat(result.isError()).isTrue();
		assertThat(text(result)).contains("Cluster 'pg' is not configured for method 'plugin' (it supports "
				+ "volumeSnapshot); nothing was created");
		assertThat(this.given.backups()).isEmpty();
	}

	@Test
	void createWhenTheClusterHasNoBackupMethodThenSaysHowToConfigureOne() {
		this.given.cluster("pg", Map.of(), Map.of());

		CallToolResult result = this.tools.callNow("create_postgres_backup", Map.of("cluster_name", "pg"));

		assertThat(result.isError()).isTrue();
		assertThat(text(result)).contains("configured for no backup method").contains("isWALArchiver: true");
		assertThat(this.given.backups()).isEmpty();
	}

	@Test
	void createWhenArgumentsAreMalformedThenListsEveryProblemBeforeAnyCall() {
		CallToolResult result = this.tools.callNow("create_postgres_backup", Map.of("cluster_name", "pg",
				"backup_name", "Nightly_1", "method", "tape", "target", "replica"));

		assertThat(result.isError()).isTrue();
		assertThat(text(result)).startsWith("Invalid arguments, nothing was changed")
			.contains("backup_name 'Nightly_1' is not a valid Kubernetes name")
			.contains("method must be one of plugin, barmanObjectStore, volumeSnapshot")
			.contains("target must be one of prefer-standby, primary");
		assertThat(this.given.backups()).isEmpty();
	}

	@Test
	void createWhenThePluginIsNotTheClustersThenRefuses() {
		this.given.cluster("pg", TestBackups.PLUGIN_SPEC, Map.of());

		CallToolResult result = this.tools.callNow("create_postgres_backup", Map.of("cluster_name", "pg",
				"plugin_name", "other.example.com"));

		assertThat(text(result)).contains("has no enabled backup plugin 'other.example.com' (it has "
				+ "barman-cloud.cloudnative-pg.io)");
		assertThat(this.given.backups()).isEmpty();
	}

	@Test
	void createWhenSeveralPluginsReportBackupCapabilitiesThenOneMustBeNamed() {
		this.given.cluster("pg", Map.of("plugins", List.of(Map.of("name", "a.example.com"), Map.of("name",
				"b.example.com"), Map.of("name", "off.example.com", "enabled", false))),
				Map.of("pluginStatus", List.of(Map.of("name", "a.example.com", "backupCapabilities", List.of("TYPE_BACKUP")),
						Map.of("name", "b.example.com", "backupCapabilities", List.of("TYPE_BACKUP")),
						Map.of("name", "off.example.com", "backupCapabilities", List.of("TYPE_BACKUP")))));

		CallToolResult unnamed = this.tools.callNow("create_postgres_backup", Map.of("cluster_name", "pg"));
		CallToolResult disabled = this.tools.callNow("create_postgres_backup", Map.of("cluster_name", "pg",
				"plugin_name", "off.example.com"));
		CallToolResult named = this.tools.callNow("create_postgres_backup", Map.of("cluster_name", "pg",
				"plugin_name", "b.example.com"));

		assertThat(text(unnamed)).contains("enables several backup plugins (a.example.com, b.example.com): name one "
				+ "with plugin_name");
		assertThat(text(disabled)).contains("has no enabled backup plugin 'off.example.com'");
		assertThat(named.isError()).as(text(named)).isFalse();
		assertThat(this.given.backups()).singleElement()
			.satisfies(backup -> assertThat((Object) backup.get("spec", "pluginConfiguration", "name")).isEqualTo("b.example.com"));
	}

	@Test
	void createWhenDryRunThenShowsTheBackupAndCreatesNothing() {
		this.given.cluster("pg", TestBackups.PLUGIN_SPEC, Map.of());

		CallToolResult result = this.tools.callNow("create_postgres_backup", Map.of("cluster_name", "pg", "backup_name",
				"pg-dry", "dry_run", true));

		assertThat(text(result)).startsWith("Dry run, nothing was sent. This Backup would be created")
			.contains("method: \"plugin\"");
		assertThat(this.given.backups()).isEmpty();
	}

	@Test
	void listShowsTheClustersBackupsNewestFirstWithTheRecoveryWindow() {
		this.given.cluster("pg", Map.of("backup", Map.of("barmanObjectStore", Map.of("destinationPath", "s3://b/"))),
				Map.of("firstRecoverabilityPoint", "2026-12-01T00:00:09Z", "lastSuccessfulBackup", "2026-12-03T00:00:09Z"));
		this.given.cluster("other", Map.of(), Map.of());
		this.given.backup("pg-old", "pg", "barmanObjectStore",
				TestBackups.completed("barmanObjectStore", "2026-12-01T00:00:00Z", "2026-12-01T00:00:09Z"));
		this.given.backup("pg-new", "pg", "barmanObjectStore", Map.of("phase", "failed", "method", "barmanObjectStore",
				"startedAt", "2026-12-03T00:00:00Z", "error", "can't upload: access denied"));
		this.given.backup("pg-mid", "pg", "barmanObjectStore",
				TestBackups.completed("barmanObjectStore", "2026-12-02T00:00:00Z", "2026-12-02T00:00:09Z"));
		this.given.backup("other-1", "other", "volumeSnapshot", Map.of());

		CallToolResult result = this.tools.callNow("list_postgres_backups", Map.of("cluster_name", "pg"));

		assertThat(result.isError()).as(text(result)).isFalse();
		assertThat(text(result)).contains("recoverable from 2026-12-01T00:00:09Z; last successful backup "
				+ "2026-12-03T00:00:09Z").contains("Backup methods configured: barmanObjectStore")
			.contains("- pg-new (barmanObjectStore): failed, started 2026-12-03T00:00:00Z, error: can't upload: access denied");
		assertThat((List<Map<String, Object>>) structured(result).get("backups")).extracting(b -> b.get("name"))
			.containsExactly("pg-new", "pg-mid", "pg-old");
		assertThat((Map<String, Object>) structured(result).get("recoveryWindow"))
			.containsEntry("firstRecoverabilityPoint", "2026-12-01T00:00:09Z");
	}

	@Test
	void listOfADeletedClusterStillShowsItsBackupsForARestore() {
		this.given.backup("gone-1", "gone", "barmanObjectStore",
				TestBackups.completed("barmanObjectStore", "2026-12-01T00:00:00Z", "2026-12-01T00:00:09Z"));

		CallToolResult result = this.tools.callNow("list_postgres_backups", Map.of("cluster_name", "gone"));

		assertThat(text(result)).contains("no longer exists").contains("- gone-1 (barmanObjectStore): completed");
		CallToolResult none = this.tools.callNow("list_postgres_backups", Map.of("cluster_name", "never"));
		assertThat(none.isError()).isTrue();
		assertThat(text(none)).contains("cluster 'never' not found");
	}

	@Test
	void getShowsOneBackupAndAMissingOneSaysWhereToLook() {
		this.given.backup("pg-1", "pg", "barmanObjectStore",
				TestBackups.completed("barmanObjectStore", "2026-12-01T00:00:00Z", "2026-12-01T00:00:09Z"));

		CallToolResult found = this.tools.callNow("get_postgres_backup", Map.of("backup_name", "pg-1"));
		CallToolResult missing = this.tools.callNow("get_postgres_backup", Map.of("backup_name", "pg-2"));

		assertThat(text(found)).contains("backup ID: 20261201T000000").contains("LSN: 0/2000028 to 0/3000060")
			.contains("PostgreSQL major version: 16");
		assertThat(text(missing)).contains("backup 'pg-2' not found").contains("list_postgres_backups shows");
	}

}
