package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.ToolHarness.healthy;
import static io.github.mcpplatform.cnpg.tools.ToolHarness.structured;
import static io.github.mcpplatform.cnpg.tools.ToolHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.github.mcpplatform.cnpg.cnpg.CnpgKinds;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

class ClusterToolsTests {

	private final ToolHarness tools = new ToolHarness("clusters");

	@Test
	void listWhenNamespaceHasClustersThenShowsHealthSortedByName() {
		// Given
		this.tools.givenCluster("pg-b", 3, healthy("pg-b", 3));
		this.tools.givenCluster("pg-a", 1, Map.of());
		// When / Then
		StepVerifier.create(this.tools.call("list_postgres_clusters", Map.of())).assertNext(result -> {
			assertThat(result.isError()).isFalse();
			assertThat(text(result)).contains("2 PostgreSQL cluster(s) in namespace " + this.tools.namespace)
				.contains("pg-b (namespace " + this.tools.namespace + "): 3/3 ready, Cluster in healthy state, primary pg-b-1")
				.contains("pg-a (namespace " + this.tools.namespace + "): ?/1 ready, no status yet");
			assertThat(structured(result)).containsEntry("count", 2).containsEntry("scope", "namespace " + this.tools.namespace);
			assertThat(names(structured(result).get("clusters"))).containsExactly("pg-a", "pg-b");
		}).verifyComplete();
	}

	@Test
	void listWhenAllNamespacesThenIncludesClustersOfOtherNamespaces() {
		this.tools.givenCluster("pg-here", 1, Map.of());
		ToolHarness elsewhere = new ToolHarness("elsewhere");
		elsewhere.givenCluster("pg-there", 1, Map.of());

		StepVerifier.create(this.tools.call("list_postgres_clusters", Map.of("all_namespaces", true)))
			.assertNext(result -> assertThat(names(structured(result).get("clusters"))).contains("pg-here", "pg-there"))
			.verifyComplete();
	}

	@Test
	void listWhenNamespaceIsEmptyThenSaysHowToCreateOne() {
		StepVerifier.create(this.tools.call("list_postgres_clusters", Map.of()))
			.assertNext(result -> assertThat(text(result)).contains("No PostgreSQL clusters").contains("create_postgres_cluster"))
			.verifyComplete();
	}

	@Test
	void listWhenFormatIsJsonThenTextIsTheStructuredContent() {
		this.tools.givenCluster("pg-json", 2, healthy("pg-json", 2));

		StepVerifier.create(this.tools.call("list_postgres_clusters", Map.of("format", "json", "detail_level", "detailed")))
			.assertNext(result -> assertThat(JsonMapper.builder().build().readValue(text(result), Map.class))
				.isEqualTo(structured(result)))
			.verifyComplete();
	}

	@Test
	void getStatusWhenDetailedThenShowsConditionsParametersAndRoles() {
		GenericKubernetesResource cluster = this.tools.givenCluster("pg-detail", 2,
				Map.of("readyInstances", 1, "phase", "Creating a new replica", "phaseReason", "Creating replica pg-detail-2",
						"conditions", List.of(Map.of("type", "Ready", "status", "False", "message", "Cluster Is Not Ready"))));
		this.tools.client.genericKubernetesResources(CnpgKinds.CLUSTER)
			.inNamespace(this.tools.namespace)
			.withName("pg-detail")
			.patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
					"{\"spec\":{\"postgresql\":{\"parameters\":{\"max_connections\":\"200\"}},\"managed\":{\"roles\":[{\"name\":\"reader\",\"login\":true}]}}}");

		StepVerifier.create(this.tools.call("get_cluster_status", Map.of("name", "pg-detail", "detail_level", "detailed")))
			.assertNext(result -> {
				assertThat(text(result)).contains("1/2 ready, Creating a new replica")
					.contains("phase reason: Creating replica pg-detail-2")
					.contains("condition Ready=False: Cluster Is Not Ready")
					.contains("parameters: max_connections=200")
					.contains("managed roles: reader (present)");
				assertThat(structured(result)).containsKey("cluster");
			})
			.verifyComplete();
		assertThat(cluster.getMetadata().getName()).isEqualTo("pg-detail");
	}

	@Test
	void getStatusWhenClusterIsMissingThenErrorPointsToTheListTool() {
		StepVerifier.create(this.tools.call("get_cluster_status", Map.of("name", "nope"))).assertNext(result -> {
			assertThat(result.isError()).isTrue();
			assertThat(text(result)).isEqualTo("Could not get the status of cluster 'nope' in namespace '" + this.tools.namespace
					+ "': cluster 'nope' not found in namespace '" + this.tools.namespace
					+ "'. list_postgres_clusters shows the clusters (all_namespaces=true searches every namespace).");
		}).verifyComplete();
	}

	@Test
	void createWhenDryRunThenReturnsTheManifestAndCreatesNothing() {
		StepVerifier.create(this.tools.call("create_postgres_cluster",
				Map.of("name", "pg-dry", "instances", 2, "storage_class", "fast.ssd", "dry_run", true)))
			.assertNext(result -> {
				assertThat(text(result)).startsWith("Dry run, nothing was sent.")
					.contains("image ghcr.io/cloudnative-pg/postgresql:18.6-202608310817-standard-trixie@sha256:")
					.contains("name: \"postgresql-standard-trixie\"")
					.contains("major: 18")
					.contains("storageClass: \"fast.ssd\"");
				assertThat(structured(result)).containsEntry("dryRun", true).containsKey("manifest");
			})
			.verifyComplete();
		assertThat(this.tools.clusters()).isEmpty();
	}

	@Test
	void createThenTheClusterHasTheRequestedSpec() {
		StepVerifier.create(this.tools.call("create_postgres_cluster",
				Map.of("name", "pg-new", "instances", 1, "storage_size", "5Gi", "postgres_version", "17")))
			.assertNext(result -> assertThat(text(result)).startsWith("Created cluster 'pg-new'").contains("pg-new-rw.")
				.contains("PostgreSQL 17 (image ghcr.io/cloudnative-pg/postgresql:17.11-"))
			.verifyComplete();
		GenericKubernetesResource stored = this.tools.cluster("pg-new");
		assertThat((Object) stored.get("spec", "instances")).isEqualTo(1);
		assertThat((Object) stored.get("spec", "imageName")).isNull();
		assertThat((Object) stored.get("spec", "imageCatalogRef")).isEqualTo(Map.of("apiGroup", "postgresql.cnpg.io", "kind",
				"ClusterImageCatalog", "name", "postgresql-standard-trixie", "major", 17));
		assertThat((Object) stored.get("spec", "storage", "size")).isEqualTo("5Gi");
	}

	@Test
	void createWhenTheClusterExistsThenConflictSaysSo() {
		this.tools.givenCluster("pg-dup", 1, Map.of());

		StepVerifier.create(this.tools.call("create_postgres_cluster", Map.of("name", "pg-dup"))).assertNext(result -> {
			assertThat(result.isError()).isTrue();
			assertThat(text(result)).contains("conflict (409)").contains("already exists");
		}).verifyComplete();
	}

	@Test
	void createWhenWaitingThenReturnsOnceTheOperatorReportsEveryInstanceReady() {
		// Given: the "operator" reports the cluster healthy shortly after it is created
		CompletableFuture.runAsync(() -> {
			GenericKubernetesResource created = null;
			while (created == null) {
				created = this.tools.cluster("pg-wait");
			}
			created.setAdditionalProperty("status", healthy("pg-wait", 2));
			this.tools.client.genericKubernetesResources(CnpgKinds.CLUSTER).inNamespace(this.tools.namespace).resource(created).updateStatus();
		}, CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));

		StepVerifier.create(this.tools.call("create_postgres_cluster", Map.of("name", "pg-wait", "instances", 2, "wait", true)))
			.assertNext(result -> {
				assertThat(text(result)).contains("All 2 instance(s) are ready.");
				assertThat(structured(result)).containsEntry("ready", true);
			})
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void createWhenArgumentsAreInvalidThenListsEveryProblemAndCreatesNothing() {
		StepVerifier.create(this.tools.call("create_postgres_cluster", Map.of("name", "Bad_Name", "instances", 11,
				"storage_size", "ten gigs", "postgres_version", "9", "replicas", 2)))
			.assertNext(result -> {
				assertThat(result.isError()).isTrue();
				assertThat(text(result)).startsWith("Invalid arguments, nothing was changed: ")
					.contains("unknown parameter 'replicas'")
					.contains("name 'Bad_Name' is not a valid CloudNativePG cluster name")
					.contains("instances must be from 1 to 10, got 11")
					.contains("storage_size 'ten gigs' is not a Kubernetes quantity")
					.contains("postgres_version must be one of 14, 15, 16, 17, 18");
			})
			.verifyComplete();
		assertThat(this.tools.clusters()).isEmpty();
	}

	@Test
	void createWhenTheNameIsNotACnpgClusterNameThenRefusesWhatCnpgsWebhookWould() {
		// a digit first: Services '<name>-rw' must be DNS-1035 labels; over 50: CNPG's own limit
		for (String name : List.of("1pg", "p" + "g".repeat(50))) {
			StepVerifier.create(this.tools.call("create_postgres_cluster", Map.of("name", name)))
				.assertNext(result -> {
					assertThat(result.isError()).isTrue();
					assertThat(text(result)).contains("name '" + name + "' is not a valid CloudNativePG cluster name")
						.contains("at most 50").contains("starting with a letter");
				})
				.verifyComplete();
		}
		assertThat(this.tools.clusters()).isEmpty();
		// the longest name CNPG accepts
		assertThat(this.tools.callNow("create_postgres_cluster", Map.of("name", "p" + "g".repeat(49))).isError()).isFalse();
	}

	@Test
	void createWhenTheStorageIsTooSmallForPostgresThenRefuses() {
		for (String size : List.of("1", "100", "1k", "500Mi")) {
			StepVerifier.create(this.tools.call("create_postgres_cluster", Map.of("name", "pg-tiny", "storage_size", size)))
				.assertNext(result -> assertThat(text(result)).contains("storage_size '" + size + "' is too small")
					.contains("at least 1Gi"))
				.verifyComplete();
		}
		assertThat(this.tools.clusters()).isEmpty();
		assertThat(this.tools.callNow("create_postgres_cluster", Map.of("name", "pg-1g", "storage_size", "1G")).isError()).isFalse();
	}

	@Test
	void createWhenOneInstanceThenSaysThePrimaryBlocksNodeDrains() {
		StepVerifier.create(this.tools.call("create_postgres_cluster", Map.of("name", "pg-one", "instances", 1)))
			.assertNext(result -> assertThat(text(result)).contains("no replica to fail over to")
				.contains("blocks draining its node"))
			.verifyComplete();
	}

	@Test
	void scaleThenOnlyTheInstanceCountChanges() {
		this.tools.givenCluster("pg-scale", 3, healthy("pg-scale", 3));

		StepVerifier.create(this.tools.call("scale_postgres_cluster", Map.of("name", "pg-scale", "instances", 1)))
			.assertNext(result -> {
				assertThat(text(result)).contains("from 3 to 1").contains("primary stays");
				assertThat(structured(result)).containsEntry("from", 3).containsEntry("to", 1).containsEntry("changed", true);
			})
			.verifyComplete();
		GenericKubernetesResource stored = this.tools.cluster("pg-scale");
		assertThat((Object) stored.get("spec", "instances")).isEqualTo(1);
		assertThat((Object) stored.get("spec", "storage", "size")).isEqualTo("1Gi");
		assertThat((Object) stored.get("status", "phase")).isEqualTo("Cluster in healthy state");
	}

	@Test
	void scaleWhenDryRunThenShowsThePatchAndChangesNothing() {
		this.tools.givenCluster("pg-scale-dry", 3, Map.of());

		StepVerifier.create(this.tools.call("scale_postgres_cluster", Map.of("name", "pg-scale-dry", "instances", 5, "dry_run", true)))
			.assertNext(result -> assertThat(text(result)).contains("from 3 to 5").contains("{\"spec\":{\"instances\":5}}"))
			.verifyComplete();
		assertThat((Object) this.tools.cluster("pg-scale-dry").get("spec", "instances")).isEqualTo(3);
	}

	@Test
	void scaleWhenAlreadyAtTheCountThenNothingChanges() {
		this.tools.givenCluster("pg-same", 2, Map.of());

		StepVerifier.create(this.tools.call("scale_postgres_cluster", Map.of("name", "pg-same", "instances", 2)))
			.assertNext(result -> assertThat(structured(result)).containsEntry("changed", false))
			.verifyComplete();
	}

	@SuppressWarnings("unchecked")
	private static List<String> names(Object clusters) {
		return ((List<Map<String, Object>>) clusters).stream().map(c -> (String) c.get("name")).toList();
	}

}
