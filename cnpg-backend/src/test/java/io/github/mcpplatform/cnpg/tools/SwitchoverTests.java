package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.ToolHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import reactor.test.StepVerifier;

/**
 * switchover_postgres_cluster writes what {@code kubectl cnpg promote} writes to the Cluster's status subresource.
 * The sandbox's CRD declares that subresource, so fabric8's CRUD mock serves {@code PATCH .../clusters/pg/status}
 * as an API server does (status changes, spec does not; a stale resourceVersion is refused). What it does not
 * model (a server-side dry run, the exact patch body, a conflict) is in OperationsRequestTests, with expectations.
 */
class SwitchoverTests {

	private final OperationsFixture given = new OperationsFixture("switchover");

	@BeforeEach
	void givenAHealthyCluster() {
		this.given.givenHealthyCluster("pg");
		this.given.givenHealthyCluster("other");
	}

	@Test
	void switchoverWhenConfirmedThenSetsTheTargetPrimaryAndPhaseInTheStatusAsThePluginDoes() {
		StepVerifier.create(this.given.tools.call("switchover_postgres_cluster", Map.of("cluster_name", "pg", "instance", "2",
				"confirm", true)))
			.assertNext(result -> {
				assertThat(result.isError()).as(text(result)).isFalse();
				assertThat(text(result)).startsWith("Switchover of cluster 'pg' to 'pg-2' requested.")
					.contains("Watch it with get_cluster_status");
			})
			.verifyComplete();
		GenericKubernetesResource cluster = this.given.cluster("pg");
		assertThat((Object) cluster.get("status", "targetPrimary")).isEqualTo("pg-2");
		assertThat((Object) cluster.get("status", "currentPrimary")).isEqualTo("pg-1");
		assertThat((Object) cluster.get("status", "phase")).isEqualTo("Switchover in progress");
		assertThat((Object) cluster.get("status", "phaseReason")).isEqualTo("Switching over to pg-2");
		assertThat((String) cluster.get("status", "targetPrimaryTimestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
		// The conditions are not checked here: the mock merges lists where a JSON merge patch (and the API server)
		// replaces them; OperationsRequestTests checks the list the patch sends.
		assertThat((Object) cluster.get("spec", "instances")).isEqualTo(3);
	}

	@Test
	void switchoverToTheCurrentPrimaryThenRefusesAndWritesNothing() {
		StepVerifier.create(this.given.tools.call("switchover_postgres_cluster", Map.of("cluster_name", "pg", "instance",
				"pg-1", "confirm", true)))
			.assertNext(result -> {
				assertThat(result.isError()).isTrue();
				assertThat(text(result)).contains("'pg-1' is already the primary of cluster 'pg'. Name a replica instead.")
					.contains("Its instances: pg-1, pg-2, pg-3.");
			})
			.verifyComplete();
		assertThat((Object) this.given.cluster("pg").get("status", "phase")).isEqualTo("Cluster in healthy state");
	}

	@Test
	void switchoverToAnInstanceThatDoesNotExistThenRefuses() {
		StepVerifier.create(this.given.tools.call("switchover_postgres_cluster", Map.of("cluster_name", "pg", "instance", 7,
				"confirm", true)))
			.assertNext(result -> assertThat(text(result)).contains("cluster 'pg' has no instance 'pg-7'"))
			.verifyComplete();
		assertThat((Object) this.given.cluster("pg").get("status", "targetPrimary")).isEqualTo("pg-1");
	}

	@Test
	void switchoverToAnotherClustersInstanceOrAPoolerPodOrAPodTheOperatorDoesNotListThenRefuses() {
		this.given.givenPod("pg-pooler-rw-abc", "pg", "pooler");
		this.given.givenPod("pg-1-initdb-xyz", "pg", "instance");

		StepVerifier.create(this.given.tools.call("switchover_postgres_cluster", Map.of("cluster_name", "pg", "instance",
				"other-2", "confirm", true)))
			.assertNext(result -> assertThat(text(result)).contains("cluster 'pg' has no instance 'other-2'"))
			.verifyComplete();
		StepVerifier.create(this.given.tools.call("switchover_postgres_cluster", Map.of("cluster_name", "pg", "instance",
				"pg-pooler-rw-abc", "confirm", true)))
			.assertNext(result -> assertThat(text(result)).contains("has no instance 'pg-pooler-rw-abc'"))
			.verifyComplete();
		StepVerifier.create(this.given.tools.call("switchover_postgres_cluster", Map.of("cluster_name", "pg", "instance",
				"pg-1-initdb-xyz", "confirm", true)))
			.assertNext(result -> assertThat(text(result)).contains("has no instance 'pg-1-initdb-xyz'"))
			.verifyComplete();
		assertThat((Object) this.given.cluster("pg").get("status", "targetPrimary")).isEqualTo("pg-1");
	}

	@Test
	void switchoverWithoutConfirmationThenSaysWhatWouldHappenAndWritesNothing() {
		StepVerifier.create(this.given.tools.call("switchover_postgres_cluster", Map.of("cluster_name", "pg", "instance", "pg-3")))
			.assertNext(result -> {
				assertThat(result.isError()).isTrue();
				assertThat(text(result)).startsWith("Not switched over: a switchover needs confirm=true.")
					.contains("stops primary 'pg-1' cleanly");
			})
			.verifyComplete();
		assertThat((Object) this.given.cluster("pg").get("status", "targetPrimary")).isEqualTo("pg-1");
	}

	@Test
	void switchoverWhileAnotherIsInFlightThenRefuses() {
		this.given.tools.callNow("switchover_postgres_cluster", Map.of("cluster_name", "pg", "instance", 2, "confirm", true));

		StepVerifier.create(this.given.tools.call("switchover_postgres_cluster", Map.of("cluster_name", "pg", "instance", 3,
				"confirm", true)))
			.assertNext(result -> assertThat(text(result)).contains("is already moving its primary from 'pg-1' to 'pg-2'"))
			.verifyComplete();
		assertThat((Object) this.given.cluster("pg").get("status", "targetPrimary")).isEqualTo("pg-2");
	}

	@Test
	void switchoverWhenDryRunInTheSandboxThenShowsTheStatusPatchAndWritesNothing() {
		StepVerifier.create(this.given.tools.call("switchover_postgres_cluster", Map.of("cluster_name", "pg", "instance", 2,
				"dry_run", true)))
			.assertNext(result -> assertThat(text(result)).startsWith("Dry run, nothing was sent.")
				.contains("\"targetPrimary\":\"pg-2\"").contains("\"resourceVersion\""))
			.verifyComplete();
		assertThat((Object) this.given.cluster("pg").get("status", "targetPrimary")).isEqualTo("pg-1");
	}

	@Test
	void getClusterStatusAfterASwitchoverThenShowsThePrimaryMoving() {
		this.given.tools.callNow("switchover_postgres_cluster", Map.of("cluster_name", "pg", "instance", 2, "confirm", true));

		StepVerifier.create(this.given.tools.call("get_cluster_status", Map.of("name", "pg")))
			.assertNext(result -> assertThat(text(result)).contains("Switchover in progress, primary pg-1, switching the "
					+ "primary to pg-2"))
			.verifyComplete();
	}

}
