package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.ToolHarness.structured;
import static io.github.mcpplatform.cnpg.tools.ToolHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.github.mcpplatform.cnpg.cnpg.CnpgKinds;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/** The ScheduledBackup tools against the sandbox's Kubernetes API. */
class ScheduledBackupToolsTests {

	private final ToolHarness tools = new ToolHarness("schedules");

	private final TestBackups given = new TestBackups(this.tools);

	@Test
	void createStoresTheScheduleAsGivenAndShowsTheNextRuns() {
		this.given.cluster("pg", TestBackups.PLUGIN_SPEC, Map.of());

		CallToolResult result = this.tools.callNow("create_postgres_scheduled_backup", Map.of("cluster_name", "pg",
				"scheduled_backup_name", "pg-nightly", "schedule", "0 0 0 * * *", "backup_owner_reference", "self",
				"immediate", true));

		assertThat(result.isError()).as(text(result)).isFalse();
		assertThat(text(result)).contains("Scheduled backups of cluster 'pg' as 'pg-nightly' ('0 0 0 * * *', method plugin")
			.containsPattern("Next backups \\(UTC\\): \\d{4}-\\d\\d-\\d\\dT00:00:00Z, ");
		assertThat((List<String>) structured(result).get("nextRuns")).hasSize(3).allMatch(t -> t.endsWith("T00:00:00Z"));
		assertThat((Map<String, Object>) this.given.scheduledBackups().get(0).get("spec"))
			.containsEntry("schedule", "0 0 0 * * *")
			.containsEntry("cluster", Map.of("name", "pg"))
			.containsEntry("method", "plugin")
			.containsEntry("pluginConfiguration", Map.of("name", TestBackups.BARMAN_CLOUD))
			.containsEntry("immediate", true)
			.containsEntry("suspend", false)
			.containsEntry("backupOwnerReference", "self");
	}

	@Test
	void createWhenTheCronHasFiveFieldsThenRefusesBeforeAnyCallAndCreatesNothing() {
		this.given.cluster("pg", TestBackups.PLUGIN_SPEC, Map.of());

		CallToolResult result = this.tools.callNow("create_postgres_scheduled_backup", Map.of("cluster_name", "pg",
				"scheduled_backup_name", "pg-daily", "schedule", "0 0 * * *"));

		assertThat(result.isError()).isTrue();
		assertThat(text(result)).startsWith("Invalid arguments, nothing was changed")
			.contains("schedule '0 0 * * *' has 5 field(s)")
			.contains("put '0 ' in front, '0 0 0 * * *'");
		assertThat(this.given.scheduledBackups()).isEmpty();
	}

	@Test
	void createWhenAFieldIsOutOfRangeOrTheNameTooLongThenNamesEachProblem() {
		this.given.cluster("pg", TestBackups.PLUGIN_SPEC, Map.of());

		CallToolResult result = this.tools.callNow("create_postgres_scheduled_backup", Map.of("cluster_name", "pg",
				"scheduled_backup_name", "x".repeat(49), "schedule", "0 0 24 * * 7"));

		assertThat(text(result)).contains("hour (field 3) '24' has 24, out of range: use 0 to 23")
			.contains("day of week (field 6) '7' has 7, out of range: use 0 to 6")
			.contains("is too long: at most 48 characters");
		assertThat(this.given.scheduledBackups()).isEmpty();
	}

	@Test
	void createWhenTheScheduleNeverFiresOrTheMethodIsNotConfiguredThenCreatesNothing() {
		this.given.cluster("pg", TestBackups.PLUGIN_SPEC, Map.of());

		CallToolResult never = this.tools.callNow("create_postgres_scheduled_backup", Map.of("cluster_name", "pg",
				"scheduled_backup_name", "pg-feb", "schedule", "0 0 0 30 2 *"));
		CallToolResult snapshot = this.tools.callNow("create_postgres_scheduled_backup", Map.of("cluster_name", "pg",
				"scheduled_backup_name", "pg-snap", "schedule", "@daily", "method", "volumeSnapshot"));

		assertThat(text(never)).contains("never fires");
		assertThat(text(snapshot)).contains("is not configured for method 'volumeSnapshot' (it supports plugin)");
		assertThat(this.given.scheduledBackups()).isEmpty();
	}

	@Test
	void listShowsTheClustersSchedulesOnly() {
		this.given.cluster("pg", TestBackups.PLUGIN_SPEC, Map.of());
		this.given.cluster("other", TestBackups.PLUGIN_SPEC, Map.of());
		this.tools.callNow("create_postgres_scheduled_backup", Map.of("cluster_name", "pg", "scheduled_backup_name",
				"pg-weekly", "schedule", "0 0 3 * * sun", "suspend", true));
		this.tools.callNow("create_postgres_scheduled_backup", Map.of("cluster_name", "other", "scheduled_backup_name",
				"other-daily", "schedule", "@daily"));

		CallToolResult result = this.tools.callNow("list_postgres_scheduled_backups", Map.of("cluster_name", "pg"));

		assertThat(text(result)).contains("- pg-weekly: '0 0 3 * * sun', method plugin, SUSPENDED, backups owned by none")
			.doesNotContain("other-daily");
	}

	@Test
	void deleteNeedsConfirmationAndSaysWhichBackupsGoWithTheSchedule() {
		this.given.cluster("pg", TestBackups.PLUGIN_SPEC, Map.of());
		this.tools.callNow("create_postgres_scheduled_backup", Map.of("cluster_name", "pg", "scheduled_backup_name",
				"pg-nightly", "schedule", "@daily", "backup_owner_reference", "self"));
		GenericKubernetesResource schedule = this.given.scheduledBackups().get(0);
		GenericKubernetesResource made = this.given.backup("pg-nightly-20261205000000", "pg", "plugin", Map.of());
		made.getMetadata().getLabels().put(CnpgKinds.SCHEDULED_BACKUP_LABEL, "pg-nightly");
		made.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion(CnpgKinds.API_VERSION)
			.withKind("ScheduledBackup").withName("pg-nightly").withUid(schedule.getMetadata().getUid()).build()));
		this.tools.client.genericKubernetesResources(CnpgKinds.BACKUP).inNamespace(this.tools.namespace).resource(made).update();

		CallToolResult refused = this.tools.callNow("delete_postgres_scheduled_backup", Map.of("scheduled_backup_name",
				"pg-nightly"));

		assertThat(refused.isError()).isTrue();
		assertThat(text(refused)).startsWith("Not deleted: deleting a backup schedule needs confirm=true.")
			.contains("It owns the 1 Backup object(s) it made (pg-nightly-20261205000000), so Kubernetes deletes them too");
		assertThat(this.given.scheduledBackups()).hasSize(1);

		CallToolResult deleted = this.tools.callNow("delete_postgres_scheduled_backup", Map.of("scheduled_backup_name",
				"pg-nightly", "confirm", true));

		assertThat(deleted.isError()).as(text(deleted)).isFalse();
		assertThat(text(deleted)).startsWith("Deleted ScheduledBackup 'pg-nightly': no further backups are taken.");
		assertThat(this.given.scheduledBackups()).isEmpty();
	}

	@Test
	void deleteAcceptsConfirmDeletionAsEveryDeleteToolDoes() {
		this.given.cluster("pg", TestBackups.PLUGIN_SPEC, Map.of());
		this.tools.callNow("create_postgres_scheduled_backup", Map.of("cluster_name", "pg", "scheduled_backup_name",
				"pg-nightly", "schedule", "@daily"));

		CallToolResult deleted = this.tools.callNow("delete_postgres_scheduled_backup", Map.of("scheduled_backup_name",
				"pg-nightly", "confirm_deletion", true));

		assertThat(deleted.isError()).as(text(deleted)).isFalse();
		assertThat(this.given.scheduledBackups()).isEmpty();
	}

	@Test
	void deleteWhenDryRunOrMissingChangesNothing() {
		this.given.cluster("pg", TestBackups.PLUGIN_SPEC, Map.of());
		this.tools.callNow("create_postgres_scheduled_backup", Map.of("cluster_name", "pg", "scheduled_backup_name",
				"pg-nightly", "schedule", "@daily"));

		CallToolResult dry = this.tools.callNow("delete_postgres_scheduled_backup", Map.of("scheduled_backup_name",
				"pg-nightly", "dry_run", true));
		CallToolResult missing = this.tools.callNow("delete_postgres_scheduled_backup", Map.of("scheduled_backup_name",
				"pg-hourly", "confirm", true));

		assertThat(text(dry)).startsWith("Dry run, nothing was deleted.").contains("It has made no Backup objects.");
		assertThat(text(missing)).contains("scheduled backup 'pg-hourly' not found")
			.contains("list_postgres_scheduled_backups shows");
		assertThat(this.given.scheduledBackups()).hasSize(1);
	}

}
