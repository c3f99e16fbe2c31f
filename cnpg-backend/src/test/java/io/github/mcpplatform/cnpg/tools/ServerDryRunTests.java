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
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.github.mcpplatform.cnpg.cnpg.ClusterManifests;
import io.github.mcpplatform.cnpg.cnpg.DatabaseManifests;
import reactor.test.StepVerifier;

/**
 * Against a real API server, dry_run=true sends the change with {@code ?dryRun=All} so that admission
 * (CloudNativePG's webhooks) checks it. fabric8's CRUD mock would store such writes, so these tests
 * script the API server: only {@code ?dryRun=All} requests are answered, and the recorded requests show
 * that no other write was sent.
 */
class ServerDryRunTests {

	private static final String CLUSTERS = "/apis/postgresql.cnpg.io/v1/namespaces/db/clusters";

	private static final String DRY_RUN = "?dryRun=All";

	private KubernetesMockServer server;

	private ToolHarness tools;

	@BeforeEach
	void startServer() {
		this.server = ToolHarness.scriptedApiServer();
		this.tools = ToolHarness.connectedTo(this.server);
		GenericKubernetesResource catalog = new GenericKubernetesResource();
		catalog.setAdditionalProperty("spec", Map.of("images", List.of(Map.of("major", 18, "image", "postgresql:18.6-x"))));
		this.server.expect().get().withPath("/apis/postgresql.cnpg.io/v1/clusterimagecatalogs/postgresql-standard-trixie")
			.andReturn(200, catalog).always();
	}

	@AfterEach
	void stopServer() {
		this.tools.client.close();
		this.server.destroy();
	}

	@Test
	void createClusterWhenDryRunThenTheApiServerChecksItAndTheAnswerShowsItsDefaults() throws Exception {
		GenericKubernetesResource defaulted = ClusterManifests.cluster("db", "pg", 3, ToolsProperties.DEFAULT_IMAGE_CATALOG, 16, "1Gi", null);
		defaulted.setAdditionalProperty("spec", Map.of("instances", 3, "bootstrap", Map.of("initdb", Map.of("owner", "app"))));
		this.server.expect().post().withPath(CLUSTERS + DRY_RUN).andReturn(201, defaulted).once();

		StepVerifier.create(this.tools.call("create_postgres_cluster", Map.of("name", "pg", "dry_run", true)))
			.assertNext(result -> {
				assertThat(result.isError()).isFalse();
				assertThat(text(result)).startsWith("Dry run, nothing was stored: the API server and CloudNativePG's "
						+ "webhooks accepted it.").contains("owner: \"app\"");
			})
			.verifyComplete();
		assertThat(writes()).containsExactly("POST " + CLUSTERS + DRY_RUN);
	}

	@Test
	void createClusterWhenTheWebhookRejectsTheDryRunThenSaysWhyAndSendsNothingElse() throws Exception {
		this.server.expect().post().withPath(CLUSTERS + DRY_RUN).andReturn(422, new StatusBuilder().withCode(422)
			.withStatus("Failure").withReason("Invalid")
			.withMessage("admission webhook \"vcluster.cnpg.io\" denied the request: spec.imageName: Invalid value")
			.build()).once();

		StepVerifier.create(this.tools.call("create_postgres_cluster", Map.of("name", "pg", "dry_run", true)))
			.assertNext(result -> {
				assertThat(result.isError()).isTrue();
				assertThat(text(result)).startsWith("Could not create cluster 'pg' in namespace 'db' (dry run, nothing was stored)")
					.contains("(422): admission webhook \"vcluster.cnpg.io\" denied the request");
			})
			.verifyComplete();
		assertThat(writes()).containsExactly("POST " + CLUSTERS + DRY_RUN);
	}

	@Test
	void scaleWhenDryRunThenOnlyADryRunPatchIsSent() throws Exception {
		this.server.expect().get().withPath(CLUSTERS + "/pg").andReturn(200, cluster()).always();
		this.server.expect().patch().withPath(CLUSTERS + "/pg" + DRY_RUN).andReturn(200, cluster()).once();

		StepVerifier.create(this.tools.call("scale_postgres_cluster", Map.of("name", "pg", "instances", 5, "dry_run", true)))
			.assertNext(result -> assertThat(text(result)).startsWith("Dry run, nothing was stored").contains("from 3 to 5"))
			.verifyComplete();
		assertThat(writes()).containsExactly("PATCH " + CLUSTERS + "/pg" + DRY_RUN);
	}

	@Test
	void createRoleWhenDryRunThenBothTheSecretAndTheClusterPatchAreDryRuns() throws Exception {
		String secrets = "/api/v1/namespaces/db/secrets";
		this.server.expect().get().withPath(CLUSTERS + "/pg").andReturn(200, cluster()).always();
		this.server.expect().get().withPath(secrets + "/cnpg-pg-user-shop").andReturn(404, notFound()).always();
		this.server.expect().post().withPath(secrets + DRY_RUN).andReturn(201, new SecretBuilder().build()).once();
		this.server.expect().patch().withPath(CLUSTERS + "/pg" + DRY_RUN).andReturn(200, cluster()).once();

		StepVerifier.create(this.tools.call("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "shop", "dry_run", true)))
			.assertNext(result -> {
				assertThat(result.isError()).isFalse();
				assertThat(text(result)).startsWith("Dry run, nothing was stored").contains("cnpg-pg-user-shop");
			})
			.verifyComplete();
		assertThat(writes()).containsExactly("POST " + secrets + DRY_RUN, "PATCH " + CLUSTERS + "/pg" + DRY_RUN);
	}

	@Test
	void createDatabaseWhenDryRunThenOnlyADryRunCreateIsSent() throws Exception {
		String databases = "/apis/postgresql.cnpg.io/v1/namespaces/db/databases";
		this.server.expect().get().withPath(CLUSTERS + "/pg").andReturn(200, cluster()).always();
		this.server.expect().get().withPath(databases).andReturn(200, new GenericKubernetesResourceList()).always();
		this.server.expect().post().withPath(databases + DRY_RUN)
			.andReturn(201, DatabaseManifests.database("db", "pg", "orders", "app", "retain")).once();

		StepVerifier.create(this.tools.call("create_postgres_database",
				Map.of("cluster_name", "pg", "database_name", "orders", "owner", "app", "dry_run", true)))
			.assertNext(result -> assertThat(text(result)).startsWith("Dry run, nothing was stored").contains("name: \"orders\""))
			.verifyComplete();
		assertThat(writes()).containsExactly("POST " + databases + DRY_RUN);
	}

	/** Every write the API server received (reads left out), as "METHOD path?query". */
	private List<String> writes() throws InterruptedException {
		List<String> writes = new ArrayList<>();
		int count = this.server.getRequestCount();
		for (int i = 0; i < count; i++) {
			RecordedRequest request = this.server.takeRequest(1, TimeUnit.SECONDS);
			if (!request.getMethod().equals("GET")) {
				writes.add(request.getMethod() + " " + request.getPath());
			}
		}
		return writes;
	}

	private static GenericKubernetesResource cluster() {
		return ClusterManifests.cluster("db", "pg", 3, ToolsProperties.DEFAULT_IMAGE_CATALOG, 16, "1Gi", null);
	}

	private static Object notFound() {
		return new StatusBuilder().withCode(404).withStatus("Failure").withReason("NotFound").withMessage("not found").build();
	}

}
