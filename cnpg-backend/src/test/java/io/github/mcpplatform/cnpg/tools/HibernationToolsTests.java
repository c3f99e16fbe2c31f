package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.ToolHarness.structured;
import static io.github.mcpplatform.cnpg.tools.ToolHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.mcpplatform.cnpg.cnpg.ClusterOperations;
import reactor.test.StepVerifier;

/** hibernate_postgres_cluster and wake_postgres_cluster set cnpg.io/hibernation to on and off. */
class HibernationToolsTests {

	private final OperationsFixture given = new OperationsFixture("hibernate");

	@BeforeEach
	void givenAHealthyCluster() {
		this.given.givenHealthyCluster("pg");
	}

	@Test
	void hibernateWithoutConfirmationThenSaysWhatWouldHappenAndChangesNothing() {
		StepVerifier.create(this.given.tools.call("hibernate_postgres_cluster", Map.of("cluster_name", "pg")))
			.assertNext(result -> {
				assertThat(result.isError()).isTrue();
				assertThat(text(result)).startsWith("Not hibernated: hibernating needs confirm=true.")
					.contains("the database is unavailable");
			})
			.verifyComplete();
		assertThat(this.given.annotation("pg", ClusterOperations.HIBERNATION)).isNull();
	}

	@Test
	void hibernateThenWakeSetTheAnnotationOnAndOff() {
		StepVerifier.create(this.given.tools.call("hibernate_postgres_cluster", Map.of("cluster_name", "pg", "confirm", true)))
			.assertNext(result -> assertThat(text(result)).startsWith("Hibernation of cluster 'pg' requested."))
			.verifyComplete();
		assertThat(this.given.annotation("pg", ClusterOperations.HIBERNATION)).isEqualTo("on");

		StepVerifier.create(this.given.tools.call("wake_postgres_cluster", Map.of("cluster_name", "pg")))
			.assertNext(result -> assertThat(text(result)).startsWith("Wake-up of cluster 'pg' requested."))
			.verifyComplete();
		assertThat(this.given.annotation("pg", ClusterOperations.HIBERNATION)).isEqualTo("off");
	}

	@Test
	void hibernateWhenAlreadyHibernatedAndWakeWhenAwakeThenChangeNothing() {
		this.given.givenAnnotation("pg", ClusterOperations.HIBERNATION, "on");

		StepVerifier.create(this.given.tools.call("hibernate_postgres_cluster", Map.of("cluster_name", "pg", "confirm", true)))
			.assertNext(result -> {
				assertThat(result.isError()).isFalse();
				assertThat(text(result)).contains("already hibernated or hibernating").contains("nothing changed");
				assertThat(structured(result)).containsEntry("changed", false);
			})
			.verifyComplete();
		this.given.givenAnnotation("pg", ClusterOperations.HIBERNATION, "off");
		StepVerifier.create(this.given.tools.call("wake_postgres_cluster", Map.of("cluster_name", "pg")))
			.assertNext(result -> assertThat(text(result)).contains("is not hibernated"))
			.verifyComplete();
	}

	@Test
	void hibernateWhenDryRunThenPreviewsWithoutConfirmation() {
		StepVerifier.create(this.given.tools.call("hibernate_postgres_cluster", Map.of("cluster_name", "pg", "dry_run", true)))
			.assertNext(result -> assertThat(text(result)).startsWith("Dry run, nothing was sent."))
			.verifyComplete();
		assertThat(this.given.annotation("pg", ClusterOperations.HIBERNATION)).isNull();
	}

	@Test
	void getClusterStatusOfAHibernatedClusterThenSaysSoFirst() {
		this.given.tools.client.genericKubernetesResources(io.github.mcpplatform.cnpg.cnpg.CnpgKinds.CLUSTER)
			.inNamespace(this.given.tools.namespace)
			.withName("pg")
			.subresource("status")
			.patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON),
					"[{\"op\":\"add\",\"path\":\"/status/conditions/-\",\"value\":{\"type\":\"cnpg.io/hibernation\","
							+ "\"status\":\"True\",\"reason\":\"Hibernated\"}}]");

		StepVerifier.create(this.given.tools.call("get_cluster_status", Map.of("cluster_name", "pg")))
			.assertNext(result -> assertThat(text(result)).contains("pg (namespace " + this.given.tools.namespace
					+ "): hibernated"))
			.verifyComplete();
	}

}
