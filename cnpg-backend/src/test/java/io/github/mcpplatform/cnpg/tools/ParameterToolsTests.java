package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.ToolHarness.structured;
import static io.github.mcpplatform.cnpg.tools.ToolHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.github.mcpplatform.cnpg.cnpg.CnpgKinds;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/** get_postgres_parameters and update_postgres_parameters against the sandbox's Kubernetes API. */
class ParameterToolsTests {

	private final ToolHarness tools = new ToolHarness("params");

	@Test
	void updateSetsAndRemovesSettingsAndKeepsTheOthers() {
		this.tools.givenCluster("pg", 1, Map.of());
		givenParameters("pg", "{\"work_mem\":\"4MB\",\"max_connections\":\"100\"}");
		Map<String, Object> changes = new HashMap<>();
		changes.put("max_connections", 200);
		changes.put("work_mem", null);
		changes.put("log_min_duration_statement", "500ms");

		CallToolResult result = this.tools.callNow("update_postgres_parameters", Map.of("cluster_name", "pg", "parameters", changes));

		assertThat(result.isError()).as(text(result)).isFalse();
		assertThat(text(result)).contains("max_connections 100 -> 200").contains("work_mem 4MB -> (default)")
			.contains("log_min_duration_statement (default) -> 500ms");
		assertThat((Object) this.tools.cluster("pg").get("spec", "postgresql", "parameters"))
			.isEqualTo(Map.of("max_connections", "200", "log_min_duration_statement", "500ms"));
		CallToolResult read = this.tools.callNow("get_postgres_parameters", Map.of("cluster_name", "pg"));
		assertThat(structured(read).get("parameters")).isEqualTo(Map.of("log_min_duration_statement", "500ms",
				"max_connections", "200"));
	}

	@Test
	void updateWhenSettingsAreReservedOrMalformedThenListsEveryProblemAndChangesNothing() {
		this.tools.givenCluster("pg", 1, Map.of());
		givenParameters("pg", "{\"work_mem\":\"4MB\"}");

		CallToolResult result = this.tools.callNow("update_postgres_parameters", Map.of("cluster_name", "pg",
				"parameters", Map.of("work_mem", "8MB", "port", "5433", "listen_addresses", "*", "bad name", "1",
						"shared_buffers", Map.of("x", 1))));

		assertThat(result.isError()).isTrue();
		assertThat(text(result)).contains("'port' cannot be set: the operator sets it")
			.contains("'listen_addresses' cannot be set: it must keep PostgreSQL's default")
			.contains("'bad name' is not a PostgreSQL parameter name")
			.contains("'shared_buffers' must be text");
		assertThat((Object) this.tools.cluster("pg").get("spec", "postgresql", "parameters")).isEqualTo(Map.of("work_mem", "4MB"));
	}

	@Test
	void updateWhenNothingDiffersThenSaysSoAndDryRunChangesNothing() {
		this.tools.givenCluster("pg", 1, Map.of());
		givenParameters("pg", "{\"work_mem\":\"4MB\"}");

		CallToolResult same = this.tools.callNow("update_postgres_parameters", Map.of("cluster_name", "pg",
				"parameters", Map.of("work_mem", "4MB")));
		CallToolResult dry = this.tools.callNow("update_postgres_parameters", Map.of("cluster_name", "pg",
				"parameters", Map.of("work_mem", "16MB"), "dry_run", true));

		assertThat(structured(same).get("changed")).isEqualTo(false);
		assertThat(text(dry)).contains("work_mem 4MB -> 16MB");
		assertThat(structured(dry).get("dryRun")).isEqualTo(true);
		assertThat((Object) this.tools.cluster("pg").get("spec", "postgresql", "parameters")).isEqualTo(Map.of("work_mem", "4MB"));
	}

	@Test
	void getOfAClusterWithoutSettingsSaysEveryDefaultApplies() {
		this.tools.givenCluster("bare", 1, Map.of());
		givenParameters("bare", "null");

		CallToolResult read = this.tools.callNow("get_postgres_parameters", Map.of("cluster_name", "bare"));

		assertThat(text(read)).contains("sets no PostgreSQL parameters");
		assertThat(structured(read).get("parameters")).isEqualTo(Map.of());
	}

	private void givenParameters(String cluster, String parameters) {
		this.tools.client.genericKubernetesResources(CnpgKinds.CLUSTER)
			.inNamespace(this.tools.namespace)
			.withName(cluster)
			.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"postgresql\":{\"parameters\":" + parameters + "}}}");
	}

}
