package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.ToolHarness.structured;
import static io.github.mcpplatform.cnpg.tools.ToolHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.github.mcpplatform.cnpg.cnpg.CnpgKinds;
import reactor.test.StepVerifier;

/** The pooler tools against the sandbox's API server, with the Pooler CRD installed as CNPG installs it. */
class PoolerToolsTests {

	private final ToolHarness tools = new ToolHarness("poolers");

	@BeforeEach
	void givenTwoClusters() {
		this.tools.givenCluster("pg", 3, Map.of());
		this.tools.givenCluster("solo", 1, Map.of());
	}

	@Test
	void createThenDeclaresAPgBouncerPoolerNamedAfterClusterAndType() {
		StepVerifier.create(this.tools.call("create_postgres_pooler", Map.of("cluster_name", "pg", "instances", 2,
				"pool_mode", "transaction", "parameters", Map.of("max_client_conn", 500, "default_pool_size", "20"))))
			.assertNext(result -> {
				assertThat(result.isError()).as(text(result)).isFalse();
				assertThat(text(result)).startsWith("Created pooler 'pg-pooler-rw' (2 PgBouncer pod(s), transaction pooling)")
					.contains("connect to pg-pooler-rw." + this.tools.namespace + ".svc:5432");
			})
			.verifyComplete();
		GenericKubernetesResource pooler = pooler("pg-pooler-rw");
		assertThat((Map<String, Object>) pooler.get("spec")).containsEntry("cluster", Map.of("name", "pg"))
			.containsEntry("type", "rw")
			.containsEntry("instances", 2)
			.containsEntry("pgbouncer", Map.of("poolMode", "transaction", "parameters",
					Map.of("default_pool_size", "20", "max_client_conn", "500")));
	}

	@Test
	void createWhenTheNameIsAClustersThenRefusesAndCreatesNothing() {
		StepVerifier.create(this.tools.call("create_postgres_pooler", Map.of("cluster_name", "pg", "pooler_name", "solo")))
			.assertNext(result -> {
				assertThat(result.isError()).isTrue();
				assertThat(text(result)).contains("'solo' is the name of a cluster in this namespace");
			})
			.verifyComplete();
		assertThat(poolers()).isEmpty();
	}

	@Test
	void createWhenTheNameIsAClusterServiceThenRefusesAndCreatesNothing() {
		StepVerifier.create(this.tools.call("create_postgres_pooler", Map.of("cluster_name", "pg", "pooler_name", "pg-rw")))
			.assertNext(result -> assertThat(text(result)).contains("'pg-rw' is the name of cluster 'pg's rw Service"))
			.verifyComplete();
		assertThat(poolers()).isEmpty();
	}

	@Test
	void createWhenArgumentsAreBadThenListsEveryProblemAndCreatesNothing() {
		StepVerifier.create(this.tools.call("create_postgres_pooler", Map.of("cluster_name", "pg", "pooler_name", "1pool",
				"instances", 0, "type", "r", "parameters", Map.of("auth_user", "postgres", "max_client_conn", "lots"))))
			.assertNext(result -> {
				assertThat(result.isError()).isTrue();
				assertThat(text(result)).startsWith("Invalid arguments, nothing was changed:")
					.contains("pooler_name '1pool' is not a valid pooler name")
					.contains("instances must be from 1 to 10, got 0")
					.contains("type must be one of rw, ro")
					.contains("'auth_user', which this tool does not set")
					.contains("max_client_conn = 'lots', which is not a whole number");
			})
			.verifyComplete();
		assertThat(poolers()).isEmpty();
	}

	@Test
	void createWhenTheClusterIsMissingThenSaysSo() {
		StepVerifier.create(this.tools.call("create_postgres_pooler", Map.of("cluster_name", "ghost")))
			.assertNext(result -> assertThat(text(result)).contains("cluster 'ghost' not found"))
			.verifyComplete();
		assertThat(poolers()).isEmpty();
	}

	@Test
	void createReadOnlyPoolerForASingleInstanceClusterThenWarnsThereIsNoReplica() {
		StepVerifier.create(this.tools.call("create_postgres_pooler", Map.of("cluster_name", "solo", "type", "ro")))
			.assertNext(result -> assertThat(text(result)).contains("Created pooler 'solo-pooler-ro'")
				.contains("no replica: an ro pooler has nothing to connect to"))
			.verifyComplete();
	}

	@Test
	void createWhenDryRunInTheSandboxThenPreviewsAndStoresNothing() {
		StepVerifier.create(this.tools.call("create_postgres_pooler", Map.of("cluster_name", "pg", "dry_run", true)))
			.assertNext(result -> assertThat(text(result)).startsWith("Dry run, nothing was sent.").contains("poolMode: \"session\""))
			.verifyComplete();
		assertThat(poolers()).isEmpty();
	}

	@Test
	void listThenShowsThePoolersOfOneClusterOrAll() {
		this.tools.callNow("create_postgres_pooler", Map.of("cluster_name", "pg"));
		this.tools.callNow("create_postgres_pooler", Map.of("cluster_name", "solo", "pooler_name", "solo-bouncer"));

		StepVerifier.create(this.tools.call("list_postgres_poolers", Map.of("cluster_name", "pg")))
			.assertNext(result -> {
				assertThat(text(result)).contains("1 pooler(s) in cluster 'pg'")
					.contains("- pg-pooler-rw: rw pooler of cluster pg, ?/1 pod(s), session pooling, not reconciled yet")
					.doesNotContain("solo-bouncer");
				assertThat(structured(result)).containsEntry("count", 1);
			})
			.verifyComplete();
		StepVerifier.create(this.tools.call("list_postgres_poolers", Map.of()))
			.assertNext(result -> assertThat(structured(result)).containsEntry("count", 2))
			.verifyComplete();
	}

	@Test
	void scaleThenSetsThePodCountAndRefusesANegativeOne() {
		this.tools.callNow("create_postgres_pooler", Map.of("cluster_name", "pg"));

		StepVerifier.create(this.tools.call("scale_postgres_pooler", Map.of("pooler_name", "pg-pooler-rw", "instances", 3)))
			.assertNext(result -> assertThat(text(result)).startsWith("Scaled pooler 'pg-pooler-rw' from 1 to 3"))
			.verifyComplete();
		StepVerifier.create(this.tools.call("scale_postgres_pooler", Map.of("pooler_name", "pg-pooler-rw", "instances", -1)))
			.assertNext(result -> assertThat(text(result)).contains("instances must be from 0 to 10, got -1"))
			.verifyComplete();
		assertThat((Object) pooler("pg-pooler-rw").get("spec", "instances")).isEqualTo(3);
	}

	@Test
	void deleteWithoutConfirmationThenRefusesSayingWhatWouldGoAndKeepsIt() {
		this.tools.callNow("create_postgres_pooler", Map.of("cluster_name", "pg"));

		StepVerifier.create(this.tools.call("delete_postgres_pooler", Map.of("pooler_name", "pg-pooler-rw")))
			.assertNext(result -> {
				assertThat(result.isError()).isTrue();
				assertThat(text(result)).startsWith("Not deleted: deleting a pooler needs confirm=true.")
					.contains("must connect to cluster 'pg' directly (Service pg-rw)");
			})
			.verifyComplete();
		assertThat(pooler("pg-pooler-rw")).isNotNull();
	}

	@Test
	void deleteWhenConfirmedThenRemovesOnlyThePooler() {
		this.tools.callNow("create_postgres_pooler", Map.of("cluster_name", "pg"));

		StepVerifier.create(this.tools.call("delete_postgres_pooler", Map.of("pooler_name", "pg-pooler-rw", "confirm", true)))
			.assertNext(result -> assertThat(text(result)).startsWith("Deleted pooler 'pg-pooler-rw'"))
			.verifyComplete();
		assertThat(poolers()).isEmpty();
		assertThat(this.tools.cluster("pg")).isNotNull();
	}

	private GenericKubernetesResource pooler(String name) {
		return this.tools.client.genericKubernetesResources(CnpgKinds.POOLER).inNamespace(this.tools.namespace).withName(name).get();
	}

	private List<GenericKubernetesResource> poolers() {
		return this.tools.client.genericKubernetesResources(CnpgKinds.POOLER).inNamespace(this.tools.namespace).list().getItems();
	}

}
