package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.ToolHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.mcpplatform.cnpg.cnpg.ClusterOperations;
import reactor.test.StepVerifier;

/** fence_ and unfence_postgres_instances edit cnpg.io/fencedInstances with the rules of CNPG's fencing code. */
class FencingToolsTests {

	private final OperationsFixture given = new OperationsFixture("fencing");

	@BeforeEach
	void givenAHealthyCluster() {
		this.given.givenHealthyCluster("pg");
	}

	@Test
	void fenceThenMergesWithWhatIsFencedAlreadyInASortedList() {
		this.given.givenAnnotation("pg", ClusterOperations.FENCED_INSTANCES, "[\"pg-3\"]");

		StepVerifier.create(this.given.tools.call("fence_postgres_instances", Map.of("cluster_name", "pg", "instances",
				List.of("2"), "confirm", true)))
			.assertNext(result -> {
				assertThat(result.isError()).as(text(result)).isFalse();
				assertThat(text(result)).startsWith("Fenced.").contains("shuts PostgreSQL down on pg-2");
			})
			.verifyComplete();
		assertThat(this.given.annotation("pg", ClusterOperations.FENCED_INSTANCES)).isEqualTo("[\"pg-2\",\"pg-3\"]");
	}

	@Test
	void fenceThePrimaryThenWarnsThatWritesStop() {
		StepVerifier.create(this.given.tools.call("fence_postgres_instances", Map.of("cluster_name", "pg", "instances",
				List.of("pg-1"), "confirm", true)))
			.assertNext(result -> assertThat(text(result)).contains("a fenced primary is not failed over: writes stop"))
			.verifyComplete();
	}

	@Test
	void fenceEveryInstanceThenReplacesTheListWithTheWildcard() {
		this.given.givenAnnotation("pg", ClusterOperations.FENCED_INSTANCES, "[\"pg-3\"]");

		this.given.tools.callNow("fence_postgres_instances", Map.of("cluster_name", "pg", "instances", List.of("*"), "confirm", true));

		assertThat(this.given.annotation("pg", ClusterOperations.FENCED_INSTANCES)).isEqualTo("[\"*\"]");
	}

	@Test
	void fenceWithoutConfirmationOrOfAnUnknownInstanceThenChangesNothing() {
		StepVerifier.create(this.given.tools.call("fence_postgres_instances", Map.of("cluster_name", "pg", "instances",
				List.of("pg-2"))))
			.assertNext(result -> assertThat(text(result)).startsWith("Not fenced: fencing needs confirm=true."))
			.verifyComplete();
		StepVerifier.create(this.given.tools.call("fence_postgres_instances", Map.of("cluster_name", "pg", "instances",
				List.of("pg-2", "pg-8"), "confirm", true)))
			.assertNext(result -> assertThat(text(result)).contains("pg-8 is not an instance of cluster 'pg'. Its "
					+ "instances: pg-1, pg-2, pg-3."))
			.verifyComplete();
		assertThat(this.given.annotation("pg", ClusterOperations.FENCED_INSTANCES)).isNull();
	}

	@Test
	void fenceWhenTheWildcardComesWithOtherInstancesThenRefusesTheArguments() {
		StepVerifier.create(this.given.tools.call("fence_postgres_instances", Map.of("cluster_name", "pg", "instances",
				List.of("*", "pg-2"), "confirm", true)))
			.assertNext(result -> assertThat(text(result)).startsWith("Invalid arguments, nothing was changed:")
				.contains("give [\"*\"] alone"))
			.verifyComplete();
	}

	@Test
	void unfenceOneInstanceThenKeepsTheOthersAndTheLastOneRemovesTheAnnotation() {
		this.given.givenAnnotation("pg", ClusterOperations.FENCED_INSTANCES, "[\"pg-2\",\"pg-3\"]");

		this.given.tools.callNow("unfence_postgres_instances", Map.of("cluster_name", "pg", "instances", List.of(3)));
		assertThat(this.given.annotation("pg", ClusterOperations.FENCED_INSTANCES)).isEqualTo("[\"pg-2\"]");

		this.given.tools.callNow("unfence_postgres_instances", Map.of("cluster_name", "pg", "instances", List.of("pg-2")));
		assertThat(this.given.annotation("pg", ClusterOperations.FENCED_INSTANCES)).isNull();
	}

	@Test
	void unfenceOneInstanceWhileAllAreFencedThenRefusesSayingWhatToDo() {
		this.given.givenAnnotation("pg", ClusterOperations.FENCED_INSTANCES, "[\"*\"]");

		StepVerifier.create(this.given.tools.call("unfence_postgres_instances", Map.of("cluster_name", "pg", "instances",
				List.of("pg-2"))))
			.assertNext(result -> assertThat(text(result)).contains("every instance of cluster 'pg' is fenced")
				.contains("Unfence [\"*\"], then fence again"))
			.verifyComplete();
		this.given.tools.callNow("unfence_postgres_instances", Map.of("cluster_name", "pg", "instances", List.of("*")));
		assertThat(this.given.annotation("pg", ClusterOperations.FENCED_INSTANCES)).isNull();
	}

	@Test
	void fenceWhenTheAnnotationIsNotAJsonListThenRefusesToGuess() {
		this.given.givenAnnotation("pg", ClusterOperations.FENCED_INSTANCES, "pg-2");

		StepVerifier.create(this.given.tools.call("fence_postgres_instances", Map.of("cluster_name", "pg", "instances",
				List.of("pg-3"), "confirm", true)))
			.assertNext(result -> assertThat(text(result)).contains("is not a JSON list of instance names"))
			.verifyComplete();
		assertThat(this.given.annotation("pg", ClusterOperations.FENCED_INSTANCES)).isEqualTo("pg-2");
	}

	@Test
	void getClusterStatusThenShowsTheFencedInstances() {
		this.given.tools.callNow("fence_postgres_instances", Map.of("cluster_name", "pg", "instances", List.of(2), "confirm", true));

		StepVerifier.create(this.given.tools.call("get_cluster_status", Map.of("cluster_name", "pg")))
			.assertNext(result -> assertThat(text(result)).contains("fenced: pg-2"))
			.verifyComplete();
	}

}
