package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.ToolHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.github.mcpplatform.cnpg.cnpg.ClusterManifests;
import reactor.test.StepVerifier;

/**
 * What the operation and pooler tools send to a real API server, where fabric8's CRUD mock cannot show it: a
 * server-side dry run ({@code ?dryRun=All}, which the mock would store), the exact status patch (the mock merges
 * lists that a JSON merge patch replaces), and a conflict on the optimistic lock. The API server is scripted;
 * the recorded requests show what was sent.
 */
class OperationsRequestTests {

	private static final String CLUSTERS = "/apis/postgresql.cnpg.io/v1/namespaces/db/clusters";

	private static final String DRY_RUN = "?dryRun=All";

	private KubernetesMockServer server;

	private ToolHarness tools;

	@BeforeEach
	void startServer() {
		this.server = ToolHarness.scriptedApiServer();
		this.tools = ToolHarness.connectedTo(this.server);
		this.server.expect().get().withPath(CLUSTERS + "/pg").andReturn(200, cluster()).always();
		this.server.expect().get().withPath("/api/v1/namespaces/db/pods/pg-2")
			.andReturn(200, new PodBuilder().withNewMetadata().withName("pg-2").addToLabels("cnpg.io/cluster", "pg")
				.addToLabels("cnpg.io/podRole", "instance").endMetadata().build())
			.always();
	}

	@AfterEach
	void stopServer() {
		this.tools.client.close();
		this.server.destroy();
	}

	@Test
	void switchoverWhenDryRunThenSendsTheStatusPatchAsADryRunWithTheLockAndTheWholeConditionList() throws Exception {
		this.server.expect().patch().withPath(CLUSTERS + "/pg/status" + DRY_RUN).andReturn(200, cluster()).once();

		StepVerifier.create(this.tools.call("switchover_postgres_cluster", Map.of("cluster_name", "pg", "instance", 2,
				"dry_run", true)))
			.assertNext(result -> assertThat(text(result)).startsWith("Dry run, nothing was stored"))
			.verifyComplete();
		List<RecordedRequest> writes = writes();
		assertThat(writes).extracting(r -> r.getMethod() + " " + r.getPath())
			.containsExactly("PATCH " + CLUSTERS + "/pg/status" + DRY_RUN);
		assertThat(writes.get(0).getHeader("Content-Type")).startsWith("application/merge-patch+json");
		GenericKubernetesResource body = Serialization.unmarshal(writes.get(0).getUtf8Body(), GenericKubernetesResource.class);
		assertThat(body.getMetadata().getResourceVersion()).isEqualTo("7");
		assertThat((Object) body.get("status", "targetPrimary")).isEqualTo("pg-2");
		assertThat((Object) body.get("status", "phase")).isEqualTo("Switchover in progress");
		List<Map<String, Object>> conditions = body.get("status", "conditions");
		assertThat(conditions).extracting(c -> c.get("type") + "=" + c.get("status"))
			.containsExactly("Ready=False", "ContinuousArchiving=True");
		assertThat((Object) body.get("spec")).isNull();
	}

	@Test
	void switchoverWhenTheClusterChangedMeanwhileThenReadsItAgainAndRetries() throws Exception {
		this.server.expect().patch().withPath(CLUSTERS + "/pg/status").andReturn(409, new StatusBuilder().withCode(409)
			.withStatus("Failure").withReason("Conflict").withMessage("the object has been modified").build()).once();
		this.server.expect().patch().withPath(CLUSTERS + "/pg/status").andReturn(200, cluster()).once();

		StepVerifier.create(this.tools.call("switchover_postgres_cluster", Map.of("cluster_name", "pg", "instance", "pg-2",
				"confirm", true)))
			.assertNext(result -> assertThat(text(result)).as(text(result)).startsWith("Switchover of cluster 'pg' to 'pg-2' requested."))
			.verifyComplete();
		assertThat(writes()).extracting(r -> r.getMethod() + " " + r.getPath())
			.containsExactly("PATCH " + CLUSTERS + "/pg/status", "PATCH " + CLUSTERS + "/pg/status");
	}

	@Test
	void fenceWhenDryRunThenSendsTheMergedListUnderTheLock() throws Exception {
		this.server.expect().patch().withPath(CLUSTERS + "/pg" + DRY_RUN).andReturn(200, cluster()).once();

		StepVerifier.create(this.tools.call("fence_postgres_instances", Map.of("cluster_name", "pg", "instances", List.of(2),
				"dry_run", true)))
			.assertNext(result -> assertThat(text(result)).startsWith("Dry run, nothing was stored"))
			.verifyComplete();
		List<RecordedRequest> writes = writes();
		assertThat(writes).extracting(r -> r.getMethod() + " " + r.getPath()).containsExactly("PATCH " + CLUSTERS + "/pg" + DRY_RUN);
		GenericKubernetesResource body = Serialization.unmarshal(writes.get(0).getUtf8Body(), GenericKubernetesResource.class);
		assertThat(body.getMetadata().getResourceVersion()).isEqualTo("7");
		assertThat(body.getMetadata().getAnnotations()).containsEntry("cnpg.io/fencedInstances", "[\"pg-2\",\"pg-3\"]");
	}

	@Test
	void restartOfAReplicaWhenDryRunThenDeletesThePodOnlyAsADryRun() throws Exception {
		this.server.expect().delete().withPath("/api/v1/namespaces/db/pods/pg-2" + DRY_RUN)
			.andReturn(200, new PodBuilder().withNewMetadata().withName("pg-2").endMetadata().build()).once();

		StepVerifier.create(this.tools.call("restart_postgres_cluster", Map.of("cluster_name", "pg", "instance", 2,
				"dry_run", true)))
			.assertNext(result -> assertThat(text(result)).startsWith("Dry run, nothing was stored"))
			.verifyComplete();
		assertThat(writes()).extracting(r -> r.getMethod() + " " + r.getPath())
			.containsExactly("DELETE /api/v1/namespaces/db/pods/pg-2" + DRY_RUN);
	}

	@Test
	void createPoolerWhenDryRunThenOnlyADryRunCreateIsSent() throws Exception {
		GenericKubernetesResourceList clusters = new GenericKubernetesResourceList();
		clusters.setItems(List.of(cluster()));
		this.server.expect().get().withPath(CLUSTERS).andReturn(200, clusters).always();
		String poolers = "/apis/postgresql.cnpg.io/v1/namespaces/db/poolers";
		this.server.expect().post().withPath(poolers + DRY_RUN).andReturn(201, cluster()).once();

		StepVerifier.create(this.tools.call("create_postgres_pooler", Map.of("cluster_name", "pg", "dry_run", true)))
			.assertNext(result -> assertThat(text(result)).startsWith("Dry run, nothing was stored"))
			.verifyComplete();
		assertThat(writes()).extracting(r -> r.getMethod() + " " + r.getPath()).containsExactly("POST " + poolers + DRY_RUN);
	}

	/** Every write the API server received (reads left out). */
	private List<RecordedRequest> writes() throws InterruptedException {
		List<RecordedRequest> writes = new ArrayList<>();
		int count = this.server.getRequestCount();
		for (int i = 0; i < count; i++) {
			RecordedRequest request = this.server.takeRequest(1, TimeUnit.SECONDS);
			if (!request.getMethod().equals("GET")) {
				writes.add(request);
			}
		}
		return writes;
	}

	/** Cluster pg at resourceVersion 7: primary pg-1, instance pg-3 fenced, two conditions. */
	private static GenericKubernetesResource cluster() {
		GenericKubernetesResource cluster = ClusterManifests.cluster("db", "pg", 3, ToolsProperties.DEFAULT_IMAGE_CATALOG,
				16, "1Gi", null);
		cluster.getMetadata().setResourceVersion("7");
		cluster.getMetadata().setAnnotations(Map.of("cnpg.io/fencedInstances", "[\"pg-3\"]"));
		cluster.setAdditionalProperty("status", Map.of("currentPrimary", "pg-1", "targetPrimary", "pg-1", "phase",
				"Cluster in healthy state", "instanceNames", List.of("pg-1", "pg-2", "pg-3"), "conditions",
				List.of(Map.of("type", "Ready", "status", "True", "reason", "ClusterIsReady"),
						Map.of("type", "ContinuousArchiving", "status", "True"))));
		return cluster;
	}

}
