package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.ToolHarness.structured;
import static io.github.mcpplatform.cnpg.tools.ToolHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.github.mcpplatform.cnpg.cnpg.CnpgKinds;
import reactor.test.StepVerifier;

/** What the phase does not say: hibernation, fencing and a primary change in flight. */
class ClusterStatusTests {

	private final ToolHarness tools = new ToolHarness("status");

	@Test
	void statusWhenHibernatedThenSaysSoBeforeTheHealthyPhaseCnpgKeeps() {
		this.tools.givenCluster("pg-h", 3, Map.of("instances", 3, "readyInstances", 0, "phase", "Cluster in healthy state",
				"currentPrimary", "pg-h-1", "conditions", List.of(Map.of("type", "cnpg.io/hibernation", "status", "True",
						"reason", "Hibernated"))));

		StepVerifier.create(this.tools.call("list_postgres_clusters", Map.of())).assertNext(result -> {
			assertThat(text(result)).contains("pg-h (namespace " + this.tools.namespace + "): hibernated (its instances are "
					+ "shut down; the phase is the one from before), 0/3 ready, Cluster in healthy state");
			assertThat(clusters(result).get(0)).containsEntry("hibernated", true);
		}).verifyComplete();
	}

	@Test
	void statusWhenInstancesAreFencedAndThePrimaryIsMovingThenShowsBoth() {
		this.tools.givenCluster("pg-f", 3, Map.of("instances", 3, "readyInstances", 2, "phase", "Switchover in progress",
				"currentPrimary", "pg-f-1", "targetPrimary", "pg-f-2"));
		this.tools.client.genericKubernetesResources(CnpgKinds.CLUSTER)
			.inNamespace(this.tools.namespace)
			.withName("pg-f")
			.patch(PatchContext.of(PatchType.JSON_MERGE),
					"{\"metadata\":{\"annotations\":{\"cnpg.io/fencedInstances\":\"[\\\"pg-f-3\\\"]\"}}}");

		StepVerifier.create(this.tools.call("get_cluster_status", Map.of("name", "pg-f")))
			.assertNext(result -> assertThat(text(result)).contains("2/3 ready, Switchover in progress, primary pg-f-1, "
					+ "switching the primary to pg-f-2, fenced: pg-f-3"))
			.verifyComplete();
	}

	@Test
	@SuppressWarnings("unchecked")
	void statusWhenHealthyThenShowsNoneOfTheseStates() {
		this.tools.givenCluster("pg-ok", 2, ToolHarness.healthy("pg-ok", 2));

		StepVerifier.create(this.tools.call("get_cluster_status", Map.of("name", "pg-ok"))).assertNext(result -> {
			assertThat(text(result)).contains("2/2 ready, Cluster in healthy state, primary pg-ok-1\n");
			assertThat((Map<String, Object>) structured(result).get("cluster")).doesNotContainKeys("hibernated",
					"fencedInstances", "targetPrimary");
		}).verifyComplete();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> clusters(io.modelcontextprotocol.spec.McpSchema.CallToolResult result) {
		return (List<Map<String, Object>>) structured(result).get("clusters");
	}

}
