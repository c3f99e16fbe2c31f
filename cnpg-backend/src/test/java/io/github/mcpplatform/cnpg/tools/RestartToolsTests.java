package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.ToolHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.mcpplatform.cnpg.cnpg.ClusterOperations;
import reactor.test.StepVerifier;

/** restart_postgres_cluster and reload_postgres_cluster write what kubectl cnpg restart and reload write. */
class RestartToolsTests {

	private final OperationsFixture given = new OperationsFixture("restart");

	@BeforeEach
	void givenAHealthyCluster() {
		this.given.givenHealthyCluster("pg");
	}

	@Test
	void restartWhenConfirmedThenSetsTheRestartAnnotationForARollingRestart() {
		StepVerifier.create(this.given.tools.call("restart_postgres_cluster", Map.of("cluster_name", "pg", "confirm", true)))
			.assertNext(result -> {
				assertThat(result.isError()).as(text(result)).isFalse();
				assertThat(text(result)).startsWith("Restart requested.").contains("replicas first, then the primary");
			})
			.verifyComplete();
		assertThat(this.given.annotation("pg", ClusterOperations.RESTARTED_AT))
			.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
	}

	@Test
	void restartWithoutConfirmationThenChangesNothing() {
		StepVerifier.create(this.given.tools.call("restart_postgres_cluster", Map.of("cluster_name", "pg")))
			.assertNext(result -> {
				assertThat(result.isError()).isTrue();
				assertThat(text(result)).startsWith("Not restarted: a restart needs confirm=true.");
			})
			.verifyComplete();
		assertThat(this.given.annotation("pg", ClusterOperations.RESTARTED_AT)).isNull();
	}

	@Test
	void restartOfThePrimaryThenAsksForAnInPlaceRestartInTheStatus() {
		StepVerifier.create(this.given.tools.call("restart_postgres_cluster", Map.of("cluster_name", "pg", "instance", 1,
				"confirm", true)))
			.assertNext(result -> assertThat(text(result)).contains("'pg-1' is the primary: the operator restarts "
					+ "PostgreSQL in place"))
			.verifyComplete();
		assertThat((Object) this.given.cluster("pg").get("status", "phase"))
			.isEqualTo("Primary instance is being restarted in-place");
		assertThat((Object) this.given.cluster("pg").get("status", "phaseReason")).isEqualTo("Requested by the user");
		assertThat(this.given.tools.client.pods().inNamespace(this.given.tools.namespace).withName("pg-1").get()).isNotNull();
	}

	@Test
	void restartOfAReplicaThenDeletesItsPodOnly() {
		StepVerifier.create(this.given.tools.call("restart_postgres_cluster", Map.of("cluster_name", "pg", "instance", "pg-3",
				"confirm", true)))
			.assertNext(result -> assertThat(text(result)).contains("'pg-3' is a replica: its pod is deleted"))
			.verifyComplete();
		assertThat(this.given.tools.client.pods().inNamespace(this.given.tools.namespace).withName("pg-3").get()).isNull();
		assertThat(this.given.tools.client.pods().inNamespace(this.given.tools.namespace).withName("pg-2").get()).isNotNull();
		assertThat((Object) this.given.cluster("pg").get("status", "phase")).isEqualTo("Cluster in healthy state");
	}

	@Test
	void restartOfAnUnknownInstanceThenRefusesAndDeletesNothing() {
		StepVerifier.create(this.given.tools.call("restart_postgres_cluster", Map.of("cluster_name", "pg", "instance", 9,
				"confirm", true)))
			.assertNext(result -> assertThat(text(result)).contains("cluster 'pg' has no instance 'pg-9'")
				.contains("Its instances: pg-1, pg-2, pg-3."))
			.verifyComplete();
		assertThat(this.given.tools.client.pods().inNamespace(this.given.tools.namespace).list().getItems()).hasSize(3);
	}

	@Test
	void restartOfAHibernatedClusterThenRefuses() {
		this.given.tools.client.genericKubernetesResources(io.github.mcpplatform.cnpg.cnpg.CnpgKinds.CLUSTER)
			.inNamespace(this.given.tools.namespace)
			.withName("pg")
			.subresource("status")
			.patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON),
					"[{\"op\":\"add\",\"path\":\"/status/conditions/-\",\"value\":{\"type\":\"cnpg.io/hibernation\","
							+ "\"status\":\"True\",\"reason\":\"Hibernated\"}}]");

		StepVerifier.create(this.given.tools.call("restart_postgres_cluster", Map.of("cluster_name", "pg", "confirm", true)))
			.assertNext(result -> assertThat(text(result)).contains("is hibernated, so no instance runs"))
			.verifyComplete();
		assertThat(this.given.annotation("pg", ClusterOperations.RESTARTED_AT)).isNull();
	}

	@Test
	void reloadThenSetsTheReloadAnnotationWithoutConfirmation() {
		StepVerifier.create(this.given.tools.call("reload_postgres_cluster", Map.of("cluster_name", "pg")))
			.assertNext(result -> assertThat(text(result)).startsWith("Reload requested.").contains("nothing restarts"))
			.verifyComplete();
		assertThat(this.given.annotation("pg", ClusterOperations.RELOADED_AT))
			.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
	}

}
