package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.Persons.ALICE;
import static io.github.mcpplatform.cnpg.tools.Persons.as;
import static io.github.mcpplatform.cnpg.tools.Persons.impersonating;
import static io.github.mcpplatform.cnpg.tools.ToolHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.github.mcpplatform.cnpg.kube.Impersonation;
import io.github.mcpplatform.cnpg.kube.KubernetesMode;
import io.github.mcpplatform.cnpg.kube.KubernetesProperties;
import io.github.mcpplatform.cnpg.kube.Sandbox;
import io.github.mcpplatform.cnpg.kube.SandboxRequests;
import io.github.mcpplatform.cnpg.kube.TestSandbox;
import reactor.test.StepVerifier;

/**
 * With {@code cnpg.kubernetes.impersonate}, every Kubernetes request of a tool call carries the caller's user and
 * groups. The sandbox's API server runs in CRUD mode, which answers like an API server but cannot check headers:
 * the tests read its request log instead. The refusals (403) come from a second server in expectation mode.
 */
class ImpersonationTests {

	private Sandbox sandbox;

	private String namespace;

	@BeforeEach
	void startSandbox() {
		this.sandbox = Sandbox.start();
		this.namespace = TestSandbox.uniqueNamespace("impersonate");
	}

	@AfterEach
	void stopSandbox() {
		this.sandbox.close();
	}

	@Test
	void everyKubernetesRequestOfAToolCallCarriesTheCallersUserAndGroups() {
		ToolHarness tools = tools(impersonating("email", "", "oidc:"));
		tools.givenCluster("pg", 1, Map.of());
		SandboxRequests.drain(this.sandbox);

		// Creating a role reads the cluster and the secret, creates the secret and patches the cluster.
		StepVerifier.create(as(ALICE, tools.call("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "shop"))))
			.assertNext(result -> assertThat(result.isError()).as(text(result)).isFalse())
			.verifyComplete();

		List<RecordedRequest> requests = SandboxRequests.drain(this.sandbox);
		assertThat(requests).extracting(RecordedRequest::getMethod).contains("GET", "POST", "PATCH");
		assertThat(requests).allSatisfy(request -> {
			assertThat(request.getHeaders().headers("Impersonate-User")).containsExactly("alice@example.com");
			assertThat(request.getHeaders().headers("Impersonate-Group")).containsExactly("oidc:db-team", "oidc:dev");
		});
	}

	@Test
	void theUserClaimAndItsPrefixAreConfigurable() {
		ToolHarness tools = tools(impersonating("sub", "https://idp.example.com#", ""));
		SandboxRequests.drain(this.sandbox);

		StepVerifier.create(as(ALICE, tools.call("list_postgres_clusters", Map.of())))
			.assertNext(result -> assertThat(result.isError()).as(text(result)).isFalse())
			.verifyComplete();

		assertThat(SandboxRequests.drain(this.sandbox)).isNotEmpty()
			.allSatisfy(request -> assertThat(request.getHeader("Impersonate-User"))
				.isEqualTo("https://idp.example.com#auth0|42"));
	}

	@Test
	void withImpersonationOffByDefaultNoRequestCarriesImpersonationHeaders() {
		ToolHarness tools = tools(Impersonation.of(new KubernetesProperties(KubernetesMode.SANDBOX, false, null, null,
				Duration.ofSeconds(5), 4, false)));
		tools.givenCluster("pg", 1, Map.of());
		SandboxRequests.drain(this.sandbox);

		StepVerifier.create(as(ALICE, tools.call("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "shop"))))
			.assertNext(result -> assertThat(result.isError()).as(text(result)).isFalse())
			.verifyComplete();

		assertThat(SandboxRequests.drain(this.sandbox)).isNotEmpty().allSatisfy(request -> {
			assertThat(request.getHeader("Impersonate-User")).isNull();
			assertThat(request.getHeader("Impersonate-Group")).isNull();
		});
	}

	@Test
	void aTokenWithoutTheUserClaimIsRefusedAndNothingIsSent() {
		ToolHarness tools = tools(impersonating("email", "", ""));
		SandboxRequests.drain(this.sandbox);

		StepVerifier.create(as(Map.of("sub", "auth0|42", "user_id", "bob-0a1b2c3d4e5f"),
				tools.call("list_postgres_clusters", Map.of()))).assertNext(result -> {
					assertThat(result.isError()).isTrue();
					assertThat(text(result)).contains("has no 'email' claim")
						.contains("nothing was sent to Kubernetes")
						.contains("cnpg.kubernetes.impersonate-user-claim");
				}).verifyComplete();

		assertThat(SandboxRequests.drain(this.sandbox)).isEmpty();
	}

	@Test
	void aCallWithoutAnyTokenIsRefusedAndNothingIsSent() {
		ToolHarness tools = tools(impersonating("email", "", ""));
		SandboxRequests.drain(this.sandbox);

		StepVerifier.create(tools.call("list_postgres_clusters", Map.of()))
			.assertNext(result -> assertThat(text(result)).contains("came without the gateway's token"))
			.verifyComplete();

		assertThat(SandboxRequests.drain(this.sandbox)).isEmpty();
	}

	@Test
	void aGroupKubernetesReservesIsRefusedAndNothingIsSent() {
		ToolHarness tools = tools(impersonating("email", "", ""));
		SandboxRequests.drain(this.sandbox);

		StepVerifier.create(as(Map.of("email", "mallory@example.com", "groups", List.of("dev", "system:masters")),
				tools.call("list_postgres_clusters", Map.of()))).assertNext(result -> {
					assertThat(result.isError()).isTrue();
					assertThat(text(result)).contains("'system:masters'").contains("impersonate-group-prefix");
				}).verifyComplete();

		assertThat(SandboxRequests.drain(this.sandbox)).isEmpty();
	}

	@Test
	void aRefusalOfThePersonNamesThemAndSaysWhoCanGrantIt() {
		KubernetesMockServer server = ToolHarness.scriptedApiServer();
		try {
			server.expect().get().withPath("/apis/postgresql.cnpg.io/v1/namespaces/db/clusters/pg").andReturn(403,
					forbidden("clusters.postgresql.cnpg.io \"pg\" is forbidden: User \"alice@example.com\" cannot get "
							+ "resource \"clusters\" in API group \"postgresql.cnpg.io\" in the namespace \"db\""))
				.always();
			ToolHarness tools = new ToolHarness(server.createClient(), "db", Duration.ofSeconds(5), defaults(),
					KubernetesMode.KUBECONFIG, impersonating("email", "", ""));

			StepVerifier.create(as(ALICE, tools.call("get_cluster_status", Map.of("name", "pg")))).assertNext(result -> {
				assertThat(result.isError()).isTrue();
				assertThat(text(result)).contains("Kubernetes does not allow user 'alice@example.com' this")
					.contains("cannot get resource \"clusters\"")
					.contains("ran as alice@example.com (groups: db-team, dev)")
					.contains("RoleBinding")
					.doesNotContain("cnpgBackend.rbac");
			}).verifyComplete();
		}
		finally {
			server.destroy();
		}
	}

	@Test
	void aRefusalOfTheImpersonationItselfSaysTheBackendNeedsThePermission() {
		KubernetesMockServer server = ToolHarness.scriptedApiServer();
		try {
			server.expect().get().withPath("/apis/postgresql.cnpg.io/v1/namespaces/db/clusters/pg").andReturn(403,
					forbidden("users \"alice@example.com\" is forbidden: User \"system:serviceaccount:mcp:cnpg-backend\" "
							+ "cannot impersonate resource \"users\" in API group \"\" at the cluster scope"))
				.always();
			ToolHarness tools = new ToolHarness(server.createClient(), "db", Duration.ofSeconds(5), defaults(),
					KubernetesMode.KUBECONFIG, impersonating("email", "", ""));

			StepVerifier.create(as(ALICE, tools.call("get_cluster_status", Map.of("name", "pg"))))
				.assertNext(result -> assertThat(text(result)).contains("the backend may not act as alice@example.com")
					.contains("impersonate permission")
					.contains("cnpgBackend.kubernetes.impersonate=true"))
				.verifyComplete();
		}
		finally {
			server.destroy();
		}
	}

	private ToolHarness tools(Impersonation impersonation) {
		return new ToolHarness(this.sandbox.client(), this.namespace, Duration.ofSeconds(5), defaults(),
				KubernetesMode.SANDBOX, impersonation);
	}

	private static ToolsProperties defaults() {
		return new ToolsProperties(Duration.ofMillis(50), false, ToolsProperties.DEFAULT_IMAGE_CATALOG);
	}

	private static Status forbidden(String message) {
		return new StatusBuilder().withStatus("Failure").withReason("Forbidden").withCode(403).withMessage(message).build();
	}

}
