package io.github.mcpplatform.cnpg.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.github.mcpplatform.cnpg.CnpgBackendApplication;
import io.github.mcpplatform.cnpg.kube.KubeCalls;
import io.github.mcpplatform.cnpg.kube.KubernetesConnection;
import io.github.mcpplatform.cnpg.kube.KubernetesMode;
import io.github.mcpplatform.cnpg.kube.TestSandbox;

/** {@code cnpg.tools.read-only} and {@code cnpg.tools.toolsets}: which tools the server offers. */
class ToolsetTests {

	@Test
	void withEveryToolsetEveryToolIsOffered() {
		assertThat(names(new ToolsProperties(Duration.ofSeconds(5), false, ToolsProperties.DEFAULT_IMAGE_CATALOG)))
			.hasSize(38)
			.contains("create_postgres_cluster", "delete_postgres_role", "create_postgres_database",
					"create_postgres_backup", "restore_postgres_cluster", "create_postgres_pooler",
					"switchover_postgres_cluster", "unfence_postgres_instances", "get_postgres_cluster_health",
					"get_postgres_instance_logs", "run_postgres_query");
	}

	@Test
	void byDefaultEveryToolsetButSqlIsServed() {
		ToolsProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
			.bindOrCreate(ToolsProperties.PREFIX, ToolsProperties.class);

		assertThat(defaults.toolsets()).containsExactlyInAnyOrder(Toolset.CLUSTERS, Toolset.ROLES, Toolset.DATABASES,
				Toolset.BACKUPS, Toolset.POOLERS, Toolset.OPERATIONS, Toolset.DIAGNOSTICS);
		assertThat(names(defaults)).hasSize(36)
			.contains("list_postgres_cluster_events", "get_postgres_connection_info", "create_postgres_backup",
					"create_postgres_pooler", "switchover_postgres_cluster")
			.doesNotContain("run_postgres_query", "run_postgres_diagnostic");
	}

	@Test
	void readOnlyModeOffersOnlyTheToolsThatChangeNothing() {
		List<CnpgTool> tools = ToolsConfiguration.tools(connection(), new KubeCalls(1, Duration.ofSeconds(1)),
				properties(true, EnumSet.allOf(Toolset.class)));

		assertThat(tools).isNotEmpty().allSatisfy(tool -> assertThat(tool.hints().readOnlyHint()).as(tool.name()).isTrue());
		assertThat(tools).extracting(CnpgTool::name)
			.contains("list_postgres_clusters", "get_cluster_status", "list_postgres_roles", "list_postgres_databases",
					"list_postgres_backups", "get_postgres_backup", "list_postgres_scheduled_backups", "list_postgres_poolers",
					"get_postgres_cluster_health", "run_postgres_query")
			.doesNotContain("create_postgres_cluster", "delete_postgres_cluster", "create_postgres_role",
					"update_postgres_role", "delete_postgres_database", "scale_postgres_cluster", "create_postgres_backup",
					"create_postgres_scheduled_backup", "delete_postgres_scheduled_backup", "restore_postgres_cluster",
					"create_postgres_pooler", "scale_postgres_pooler", "delete_postgres_pooler", "switchover_postgres_cluster",
					"restart_postgres_cluster", "reload_postgres_cluster", "hibernate_postgres_cluster",
					"wake_postgres_cluster", "fence_postgres_instances", "unfence_postgres_instances");
	}

	@Test
	void aToolsetSwitchedOffTakesAllItsToolsAwayAndNoneOfTheOthers() {
		List<String> withoutRoles = names(properties(false, EnumSet.of(Toolset.CLUSTERS, Toolset.DATABASES)));

		assertThat(withoutRoles).noneMatch(name -> name.contains("_role"));
		assertThat(withoutRoles).contains("create_postgres_cluster", "list_postgres_databases");
		assertThat(names(properties(true, EnumSet.of(Toolset.DATABASES)))).containsExactly("list_postgres_databases");
		assertThat(names(properties(false, EnumSet.of(Toolset.BACKUPS)))).containsExactly("list_postgres_backups",
				"get_postgres_backup", "create_postgres_backup", "list_postgres_scheduled_backups",
				"create_postgres_scheduled_backup", "delete_postgres_scheduled_backup", "restore_postgres_cluster");
	}

	@Test
	void thePoolersAndOperationsToolsetsHoldTheirToolsAndReadOnlyModeLeavesOnlyTheListing() {
		assertThat(names(properties(false, EnumSet.of(Toolset.POOLERS)))).containsExactly("list_postgres_poolers",
				"create_postgres_pooler", "scale_postgres_pooler", "delete_postgres_pooler");
		assertThat(names(properties(false, EnumSet.of(Toolset.OPERATIONS)))).containsExactly("switchover_postgres_cluster",
				"restart_postgres_cluster", "reload_postgres_cluster", "hibernate_postgres_cluster", "wake_postgres_cluster",
				"fence_postgres_instances", "unfence_postgres_instances");
		assertThat(names(properties(true, EnumSet.of(Toolset.POOLERS, Toolset.OPERATIONS))))
			.containsExactly("list_postgres_poolers");
	}

	@Test
	void startupWhenNoToolsetIsLeftThenFailsSayingWhatToList() {
		assertThatThrownBy(() -> new SpringApplicationBuilder(CnpgBackendApplication.class).run("--cnpg.kubernetes.mode=sandbox",
				"--server.port=0", "--cnpg.tools.toolsets=", "--logging.level.root=OFF"))
			.rootCause()
			.hasMessageContaining("cnpg.tools.toolsets is empty")
			.hasMessageContaining("clusters, roles, databases, backups, poolers, operations, diagnostics, sql");
	}

	@Test
	void startupWhenAToolsetIsUnknownThenFailsNamingIt() {
		assertThatThrownBy(() -> new SpringApplicationBuilder(CnpgBackendApplication.class).run("--cnpg.kubernetes.mode=sandbox",
				"--server.port=0", "--cnpg.tools.toolsets=clusters,backup", "--logging.level.root=OFF"))
			.hasStackTraceContaining("cnpg.tools.toolsets")
			.hasStackTraceContaining("backup");
	}

	private static ToolsProperties properties(boolean readOnly, Set<Toolset> toolsets) {
		return new ToolsProperties(Duration.ofSeconds(5), false, ToolsProperties.DEFAULT_IMAGE_CATALOG, readOnly, toolsets);
	}

	private static List<String> names(ToolsProperties properties) {
		return ToolsConfiguration.tools(connection(), new KubeCalls(1, Duration.ofSeconds(1)), properties)
			.stream()
			.map(CnpgTool::name)
			.toList();
	}

	private static KubernetesConnection connection() {
		return new KubernetesConnection(TestSandbox.get().client(), KubernetesMode.SANDBOX, "default", "toolsets", null);
	}

}
