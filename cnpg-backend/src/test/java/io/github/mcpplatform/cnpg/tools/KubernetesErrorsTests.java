package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.ToolHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.github.mcpplatform.cnpg.cnpg.ClusterManifests;
import reactor.test.StepVerifier;

/**
 * The error classes the CRUD server cannot produce (403, 401, 422, timeouts), answered by fabric8's mock
 * API server in expectation mode: the one place where responses are scripted, because no real API server
 * can run here.
 */
class KubernetesErrorsTests {

	private static final String CLUSTER_PATH = "/apis/postgresql.cnpg.io/v1/namespaces/db/clusters/pg";

	private KubernetesMockServer server;

	private ToolHarness tools;

	@BeforeEach
	void startServer() {
		this.server = ToolHarness.scriptedApiServer();
		this.tools = new ToolHarness(this.server.createClient(), "db", Duration.ofSeconds(5));
	}

	@AfterEach
	void stopServer() {
		this.tools.client.close();
		this.server.destroy();
	}

	@Test
	void callWhenForbiddenThenSaysWhichClusterRoleToBind() {
		this.server.expect().get().withPath(CLUSTER_PATH).andReturn(403, status(403, "Forbidden",
				"clusters.postgresql.cnpg.io \"pg\" is forbidden: User \"system:serviceaccount:db:cnpg\" cannot get resource"))
			.always();

		StepVerifier.create(this.tools.call("get_cluster_status", Map.of("name", "pg"))).assertNext(result -> {
			assertThat(result.isError()).isTrue();
			assertThat(text(result)).startsWith("Could not get the status of cluster 'pg' in namespace 'db': forbidden (403): ")
				.contains("cannot get resource")
				.contains("lacks the RBAC permission named above")
				.contains("cnpgBackend.rbac");
		}).verifyComplete();
	}

	@Test
	void callWhenCredentialsAreRejectedThenSaysTheTokenMayHaveExpired() {
		this.server.expect().get().withPath(CLUSTER_PATH).andReturn(401, status(401, "Unauthorized", "Unauthorized")).always();

		StepVerifier.create(this.tools.call("get_cluster_status", Map.of("name", "pg")))
			.assertNext(result -> assertThat(text(result)).contains("(401)").contains("token may have expired"))
			.verifyComplete();
	}

	@Test
	void scaleWhenTheSpecIsRejectedThenReportsTheApiServersReason() {
		this.server.expect().get().withPath(CLUSTER_PATH).andReturn(200, cluster()).always();
		this.server.expect().patch().withPath(CLUSTER_PATH).andReturn(422, status(422, "Invalid",
				"Cluster.postgresql.cnpg.io \"pg\" is invalid: spec.instances: Invalid value: 4")).always();

		StepVerifier.create(this.tools.call("scale_postgres_cluster", Map.of("name", "pg", "instances", 4))).assertNext(result -> {
			assertThat(result.isError()).isTrue();
			assertThat(text(result)).contains("the API server rejected the spec (422): Cluster.postgresql.cnpg.io \"pg\" is invalid")
				.contains("CloudNativePG API reference");
		}).verifyComplete();
	}

	@Test
	void callWhenTheApiServerIsTooSlowThenTimesOutWithAHint() {
		this.server.expect().get().delay(3, TimeUnit.SECONDS).withPath(CLUSTER_PATH).andReturn(200, cluster()).always();
		ToolHarness impatient = new ToolHarness(this.tools.client, "db", Duration.ofMillis(500));

		StepVerifier.create(impatient.call("get_cluster_status", Map.of("name", "pg")))
			.assertNext(result -> assertThat(text(result)).contains("did not answer within 500 ms").contains("retry"))
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void createRoleWhenTheClusterPatchFailsThenDeletesTheSecretItCreated() throws Exception {
		String secretPath = "/api/v1/namespaces/db/secrets/cnpg-pg-user-shop";
		this.server.expect().get().withPath(CLUSTER_PATH).andReturn(200, cluster()).always();
		this.server.expect().get().withPath(secretPath).andReturn(404, status(404, "NotFound", "not found")).once();
		this.server.expect().post().withPath("/api/v1/namespaces/db/secrets").andReturn(201, ownSecret()).once();
		this.server.expect().patch().withPath(CLUSTER_PATH).andReturn(422, status(422, "Invalid", "webhook said no")).once();
		this.server.expect().get().withPath(secretPath).andReturn(200, ownSecret()).always();
		this.server.expect().delete().withPath(secretPath).andReturn(200, status(200, "Success", "deleted")).once();

		StepVerifier.create(this.tools.call("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "shop")))
			.assertNext(result -> assertThat(text(result)).contains("(422): webhook said no"))
			.verifyComplete();
		List<String> requests = new ArrayList<>();
		for (int i = 0; i < this.server.getRequestCount(); i++) {
			RecordedRequest request = this.server.takeRequest(1, TimeUnit.SECONDS);
			requests.add(request.getMethod() + " " + request.getPath());
		}
		assertThat(requests).endsWith("PATCH " + CLUSTER_PATH, "GET " + secretPath, "DELETE " + secretPath);
	}

	@Test
	void createRoleWhenTheClusterChangedSinceItWasReadThenRetriesOnceWithoutReplacingWhatAppeared() throws Exception {
		// Read without spec.managed; before the patch someone adds spec.managed.services, so the version test fails.
		GenericKubernetesResource before = cluster();
		before.getMetadata().setResourceVersion("5");
		GenericKubernetesResource after = cluster();
		after.getMetadata().setResourceVersion("6");
		after.setAdditionalProperty("spec", Map.of("instances", 3, "managed", Map.of("services", Map.of("disabledDefaultServices", List.of("ro")))));
		this.server.expect().get().withPath(CLUSTER_PATH).andReturn(200, before).once();
		this.server.expect().get().withPath("/api/v1/namespaces/db/secrets/cnpg-pg-user-shop").andReturn(404, status(404, "NotFound", "x")).once();
		this.server.expect().post().withPath("/api/v1/namespaces/db/secrets").andReturn(201, ownSecret()).once();
		this.server.expect().get().withPath(CLUSTER_PATH).andReturn(200, before).once(); // fabric8 reads before a patch
		this.server.expect().patch().withPath(CLUSTER_PATH).andReturn(422, status(422, "Invalid",
				"the server rejected our request due to an error in our request: testing value /metadata/resourceVersion failed"))
			.once();
		this.server.expect().get().withPath(CLUSTER_PATH).andReturn(200, after).always();
		this.server.expect().patch().withPath(CLUSTER_PATH).andReturn(200, after).once();

		StepVerifier.create(this.tools.call("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "shop")))
			.assertNext(result -> assertThat(result.isError()).isFalse())
			.verifyComplete();
		List<String> patches = new ArrayList<>();
		for (int i = this.server.getRequestCount(); i > 0; i--) {
			RecordedRequest request = this.server.takeRequest(1, TimeUnit.SECONDS);
			if (request.getMethod().equals("PATCH")) {
				patches.add(request.getBody().readUtf8());
			}
		}
		assertThat(patches).hasSize(2);
		assertThat(patches.get(0)).startsWith("[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":\"5\"}")
			.contains("{\"op\":\"add\",\"path\":\"/spec/managed\"");
		assertThat(patches.get(1)).startsWith("[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":\"6\"}")
			.contains("{\"op\":\"add\",\"path\":\"/spec/managed/roles\"")
			.doesNotContain("\"path\":\"/spec/managed\",");
	}

	@Test
	void deleteClusterReadsTheRoleSecretsByNameAndNeverListsSecrets() throws Exception {
		GenericKubernetesResource cluster = cluster();
		cluster.setAdditionalProperty("spec", Map.of("instances", 3, "managed",
				Map.of("roles", List.of(Map.of("name", "shop", "passwordSecret", Map.of("name", "cnpg-pg-user-shop"))))));
		this.server.expect().get().withPath(CLUSTER_PATH).andReturn(200, cluster).always();
		this.server.expect().get().withPath("/api/v1/namespaces/db/secrets/cnpg-pg-user-shop").andReturn(200, ownSecret()).always();
		this.server.expect().get().withPath("/apis/postgresql.cnpg.io/v1/namespaces/db/databases")
			.andReturn(200, new GenericKubernetesResourceList()).always();

		StepVerifier.create(this.tools.call("delete_postgres_cluster", Map.of("name", "pg", "dry_run", true)))
			.assertNext(result -> assertThat(ToolHarness.structured(result)).containsEntry("roleSecrets", List.of("cnpg-pg-user-shop")))
			.verifyComplete();
		List<String> secretRequests = new ArrayList<>();
		for (int i = this.server.getRequestCount(); i > 0; i--) {
			RecordedRequest request = this.server.takeRequest(1, TimeUnit.SECONDS);
			if (request.getPath().startsWith("/api/v1/namespaces/db/secrets")) {
				secretRequests.add(request.getMethod() + " " + request.getPath());
			}
		}
		assertThat(secretRequests).containsOnly("GET /api/v1/namespaces/db/secrets/cnpg-pg-user-shop");
	}

	@Test
	void deleteClusterPreviewWhenSecretsMayNotBeReadThenStillAnswersAndSaysSo() {
		GenericKubernetesResource cluster = cluster();
		cluster.setAdditionalProperty("spec", Map.of("instances", 3, "managed",
				Map.of("roles", List.of(Map.of("name", "shop", "passwordSecret", Map.of("name", "cnpg-pg-user-shop"))))));
		this.server.expect().get().withPath(CLUSTER_PATH).andReturn(200, cluster).always();
		this.server.expect().get().withPath("/api/v1/namespaces/db/secrets/cnpg-pg-user-shop")
			.andReturn(403, status(403, "Forbidden", "secrets \"cnpg-pg-user-shop\" is forbidden")).always();
		this.server.expect().get().withPath("/apis/postgresql.cnpg.io/v1/namespaces/db/databases")
			.andReturn(200, new GenericKubernetesResourceList()).always();

		StepVerifier.create(this.tools.call("delete_postgres_cluster", Map.of("name", "pg", "dry_run", true)))
			.assertNext(result -> {
				assertThat(result.isError()).isFalse();
				assertThat(text(result)).contains("role secrets this backend created: (not readable with this backend's "
						+ "permissions)");
			})
			.verifyComplete();
	}

	@Test
	void createWithWaitWhenTheStatusCannotBeReadThenReportsTheClusterCreatedAndReadinessUnknown() {
		GenericKubernetesResource catalog = new GenericKubernetesResource();
		catalog.setAdditionalProperty("spec", Map.of("images", List.of(Map.of("major", 18, "image", "postgresql:18.6-x"))));
		this.server.expect().get().withPath("/apis/postgresql.cnpg.io/v1/clusterimagecatalogs/postgresql-standard-trixie")
			.andReturn(200, catalog).always();
		this.server.expect().post().withPath("/apis/postgresql.cnpg.io/v1/namespaces/db/clusters").andReturn(201, cluster()).once();
		this.server.expect().get().withPath(CLUSTER_PATH).andReturn(403, status(403, "Forbidden", "cannot get resource")).always();

		StepVerifier.create(this.tools.call("create_postgres_cluster", Map.of("name", "pg", "wait", true)))
			.assertNext(result -> {
				assertThat(result.isError()).isFalse();
				assertThat(text(result)).startsWith("Created cluster 'pg'")
					.contains("Could not follow its progress: forbidden (403)")
					.contains("The cluster was created; check it with get_cluster_status.");
				assertThat(ToolHarness.structured(result)).containsEntry("created", true).containsEntry("ready", "unknown");
			})
			.verifyComplete();
	}

	private static Status status(int code, String reason, String message) {
		return new StatusBuilder().withCode(code).withReason(reason).withMessage(message).withStatus("Failure").build();
	}

	private static GenericKubernetesResource cluster() {
		return ClusterManifests.cluster("db", "pg", 3, ToolsProperties.DEFAULT_IMAGE_CATALOG, 16, "1Gi", null);
	}

	private static Object ownSecret() {
		return new SecretBuilder().withNewMetadata()
			.withName("cnpg-pg-user-shop")
			.withNamespace("db")
			.addToLabels("app.kubernetes.io/managed-by", "cnpg-mcp-backend")
			.addToLabels("cnpg.io/cluster", "pg")
			.endMetadata()
			.build();
	}

}
