package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.Persons.ALICE;
import static io.github.mcpplatform.cnpg.tools.Persons.as;
import static io.github.mcpplatform.cnpg.tools.Persons.assertEachActsAsAlice;
import static io.github.mcpplatform.cnpg.tools.Persons.impersonating;
import static io.github.mcpplatform.cnpg.tools.ToolHarness.structured;
import static io.github.mcpplatform.cnpg.tools.ToolHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.github.mcpplatform.cnpg.cnpg.ClusterManifests;
import io.github.mcpplatform.cnpg.kube.KubernetesMode;
import io.github.mcpplatform.cnpg.kube.Sandbox;
import io.github.mcpplatform.cnpg.kube.SandboxRequests;
import io.github.mcpplatform.cnpg.kube.TestSandbox;
import io.github.mcpplatform.cnpg.sql.PostgresQueries;
import io.github.mcpplatform.cnpg.sql.SqlProperties;
import io.github.mcpplatform.cnpg.sql.TestPostgres;
import reactor.test.StepVerifier;

/**
 * With {@code cnpg.kubernetes.impersonate}, the sql toolset reads the cluster and its application secret as the
 * person, so a person who may not read that secret cannot query at all: the login never comes from the backend's
 * own rights. Queries run against the tests' real PostgreSQL ({@link TestPostgres}); the Kubernetes side is the
 * sandbox (its request log), or a server that refuses the secret to the person.
 */
class SqlImpersonationTests {

	private static final TestPostgres POSTGRES = TestPostgres.get();

	/** The Services the tools connected through: none when the login could not be read. */
	private static final List<String> CONNECTED = new CopyOnWriteArrayList<>();

	private static final PostgresQueries QUERIES = new PostgresQueries(
			new SqlProperties(Duration.ofSeconds(5), Duration.ofSeconds(5), 1000, 2), (namespace, service) -> {
				CONNECTED.add(service);
				return POSTGRES.address();
			});

	private Sandbox sandbox;

	@BeforeEach
	void startSandbox() {
		CONNECTED.clear();
		this.sandbox = Sandbox.start();
	}

	@AfterEach
	void stopSandbox() {
		this.sandbox.close();
	}

	@AfterAll
	static void close() {
		QUERIES.close();
	}

	@Test
	void aQueryReadsTheClusterAndItsLoginAsThePerson() {
		ToolHarness tools = tools(this.sandbox.client(), TestSandbox.uniqueNamespace("sql-as-person"),
				KubernetesMode.SANDBOX);
		tools.givenCluster("pg", 3, ToolHarness.healthy("pg", 3));
		tools.client.secrets().inNamespace(tools.namespace).resource(appSecret(POSTGRES.appPassword())).create();
		SandboxRequests.drain(this.sandbox);

		StepVerifier.create(as(ALICE, tools.call("run_postgres_query", Map.of("cluster_name", "pg", "query",
				"SELECT count(*) AS orders FROM orders")))).assertNext(result -> {
					assertThat(result.isError()).as(text(result)).isFalse();
					assertThat(structured(result)).containsEntry("rows", List.of(List.of("50")));
				}).verifyComplete();

		List<RecordedRequest> requests = SandboxRequests.drain(this.sandbox);
		assertThat(requests).extracting(r -> r.getMethod() + " " + r.getPath())
			.contains("GET /apis/postgresql.cnpg.io/v1/namespaces/" + tools.namespace + "/clusters/pg",
					"GET /api/v1/namespaces/" + tools.namespace + "/secrets/pg-app");
		assertEachActsAsAlice(requests);
		assertThat(CONNECTED).containsExactly("pg-ro");
	}

	@Test
	void aPersonWhoMayNotReadTheSecretCannotQueryAndNothingReachesPostgres() {
		KubernetesMockServer server = ToolHarness.scriptedApiServer();
		try {
			server.expect().get().withPath("/apis/postgresql.cnpg.io/v1/namespaces/db/clusters/pg")
				.andReturn(200, cluster())
				.always();
			server.expect().get().withPath("/api/v1/namespaces/db/secrets/pg-app")
				.andReturn(403, new StatusBuilder().withStatus("Failure").withReason("Forbidden").withCode(403)
					.withMessage("secrets \"pg-app\" is forbidden: User \"alice@example.com\" cannot get resource "
							+ "\"secrets\" in API group \"\" in the namespace \"db\"")
					.build())
				.always();
			ToolHarness tools = tools(server.createClient(), "db", KubernetesMode.KUBECONFIG);

			StepVerifier.create(as(ALICE, tools.call("run_postgres_query", Map.of("cluster_name", "pg", "query",
					"SELECT 1")))).assertNext(result -> {
						assertThat(result.isError()).isTrue();
						assertThat(text(result)).contains("Kubernetes does not allow user 'alice@example.com' this")
							.contains("cannot get resource \"secrets\"");
					}).verifyComplete();

			assertThat(CONNECTED).isEmpty();
			assertEachActsAsAlice(SandboxRequests.drain(server));
		}
		finally {
			server.destroy();
		}
	}

	private static ToolHarness tools(KubernetesClient client, String namespace,
			KubernetesMode mode) {
		return new ToolHarness(client, namespace, Duration.ofSeconds(5),
				new ToolsProperties(Duration.ofMillis(50), false, ToolsProperties.DEFAULT_IMAGE_CATALOG), mode,
				impersonating("email", "", "oidc:"), QUERIES);
	}

	private static Secret appSecret(String password) {
		return new SecretBuilder().withNewMetadata()
			.withName("pg-app")
			.addToLabels("cnpg.io/cluster", "pg")
			.endMetadata()
			.withType("kubernetes.io/basic-auth")
			.addToData("username", base64(TestPostgres.APP_USER))
			.addToData("password", base64(password))
			.addToData("dbname", base64(TestPostgres.APP_DATABASE))
			.build();
	}

	private static GenericKubernetesResource cluster() {
		GenericKubernetesResource cluster = ClusterManifests.cluster("db", "pg", 3, ToolsProperties.DEFAULT_IMAGE_CATALOG,
				16, "1Gi", null);
		cluster.setAdditionalProperty("status", ToolHarness.healthy("pg", 3));
		return cluster;
	}

	private static String base64(String value) {
		return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
	}

}
