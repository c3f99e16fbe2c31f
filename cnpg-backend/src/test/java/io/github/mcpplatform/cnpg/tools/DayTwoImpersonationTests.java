package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.Persons.ALICE;
import static io.github.mcpplatform.cnpg.tools.Persons.as;
import static io.github.mcpplatform.cnpg.tools.Persons.assertEachActsAsAlice;
import static io.github.mcpplatform.cnpg.tools.Persons.impersonating;
import static io.github.mcpplatform.cnpg.tools.ToolHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.github.mcpplatform.cnpg.kube.KubernetesMode;
import io.github.mcpplatform.cnpg.kube.Sandbox;
import io.github.mcpplatform.cnpg.kube.SandboxRequests;
import io.github.mcpplatform.cnpg.kube.TestSandbox;
import reactor.test.StepVerifier;

/**
 * With {@code cnpg.kubernetes.impersonate}, the day-2 toolsets (backups, poolers, operations, diagnostics) act as
 * the person too: every request of their tool calls, reads and writes, secrets and logs included, carries the
 * caller's user and groups, as {@link ImpersonationTests} shows for the first toolsets ({@link SqlImpersonationTests}
 * for the sql toolset). Set-up goes through the sandbox's own client; the request log is read from the tool call on.
 */
class DayTwoImpersonationTests {

	private Sandbox sandbox;

	private ToolHarness tools;

	@BeforeEach
	void startSandbox() {
		this.sandbox = Sandbox.start();
		this.tools = new ToolHarness(this.sandbox.client(), TestSandbox.uniqueNamespace("day2-as-person"),
				Duration.ofSeconds(5), new ToolsProperties(Duration.ofMillis(50), false, ToolsProperties.DEFAULT_IMAGE_CATALOG),
				KubernetesMode.SANDBOX, impersonating("email", "", "oidc:"));
	}

	@AfterEach
	void stopSandbox() {
		this.sandbox.close();
	}

	@Test
	void backupScheduleAndRestoreToolsActAsThePersonInEveryRequest() {
		TestBackups given = new TestBackups(this.tools);
		given.cluster("pg", TestBackups.PLUGIN_SPEC, Map.of());
		given.backup("pg-done", "pg", "plugin",
				TestBackups.completed("plugin", "2026-12-01T00:00:00Z", "2026-12-01T00:00:09Z"));
		SandboxRequests.drain(this.sandbox);

		succeedsAsAlice("create_postgres_backup", Map.of("cluster_name", "pg", "backup_name", "pg-now"));
		succeedsAsAlice("list_postgres_backups", Map.of("cluster_name", "pg"));
		succeedsAsAlice("get_postgres_backup", Map.of("backup_name", "pg-now"));
		succeedsAsAlice("create_postgres_scheduled_backup", Map.of("cluster_name", "pg", "scheduled_backup_name",
				"pg-nightly", "schedule", "0 0 0 * * *"));
		succeedsAsAlice("list_postgres_scheduled_backups", Map.of("cluster_name", "pg"));
		succeedsAsAlice("delete_postgres_scheduled_backup", Map.of("scheduled_backup_name", "pg-nightly", "confirm", true));
		succeedsAsAlice("restore_postgres_cluster", Map.of("name", "pg-restore", "backup_name", "pg-done"));

		List<RecordedRequest> requests = SandboxRequests.drain(this.sandbox);
		assertThat(requests).extracting(r -> r.getMethod() + " " + resource(r))
			.contains("POST backups", "GET backups", "POST scheduledbackups", "GET scheduledbackups",
					"DELETE scheduledbackups", "POST clusters");
		assertEachActsAsAlice(requests);
		assertThat(given.backups()).extracting(b -> b.getMetadata().getName()).contains("pg-now");
		assertThat(this.tools.cluster("pg-restore")).isNotNull();
	}

	@Test
	void poolerToolsActAsThePersonInEveryRequest() {
		this.tools.givenCluster("pg", 1, Map.of());
		SandboxRequests.drain(this.sandbox);

		succeedsAsAlice("create_postgres_pooler", Map.of("cluster_name", "pg"));
		succeedsAsAlice("list_postgres_poolers", Map.of("cluster_name", "pg"));
		succeedsAsAlice("scale_postgres_pooler", Map.of("pooler_name", "pg-pooler-rw", "instances", 3));
		succeedsAsAlice("delete_postgres_pooler", Map.of("pooler_name", "pg-pooler-rw", "confirm", true));

		List<RecordedRequest> requests = SandboxRequests.drain(this.sandbox);
		assertThat(requests).extracting(r -> r.getMethod() + " " + resource(r))
			.contains("POST poolers", "GET poolers", "PATCH poolers", "DELETE poolers");
		assertEachActsAsAlice(requests);
	}

	@Test
	void operationToolsActAsThePersonInEveryRequestStatusAndPodsIncluded() {
		OperationsFixture given = new OperationsFixture(this.tools);
		given.givenHealthyCluster("pg");
		SandboxRequests.drain(this.sandbox);

		succeedsAsAlice("switchover_postgres_cluster", Map.of("cluster_name", "pg", "instance", "2", "confirm", true));
		succeedsAsAlice("restart_postgres_cluster", Map.of("cluster_name", "pg", "instance", "pg-3", "confirm", true));
		succeedsAsAlice("reload_postgres_cluster", Map.of("cluster_name", "pg"));
		succeedsAsAlice("fence_postgres_instances", Map.of("cluster_name", "pg", "instances", List.of("pg-3"),
				"confirm", true));
		succeedsAsAlice("unfence_postgres_instances", Map.of("cluster_name", "pg", "instances", List.of("pg-3")));
		succeedsAsAlice("hibernate_postgres_cluster", Map.of("cluster_name", "pg", "confirm", true));
		succeedsAsAlice("wake_postgres_cluster", Map.of("cluster_name", "pg"));

		List<RecordedRequest> requests = SandboxRequests.drain(this.sandbox);
		assertThat(requests).extracting(r -> r.getMethod() + " " + resource(r))
			.contains("GET clusters", "PATCH status", "PATCH clusters", "GET pods", "DELETE pods");
		assertEachActsAsAlice(requests);
		assertThat((Object) given.cluster("pg").get("status", "targetPrimary")).isEqualTo("pg-2");
	}

	@Test
	void diagnosticsToolsActAsThePersonInEveryRequestTheSecretReadIncluded() {
		this.tools.givenCluster("pg", 1, ToolHarness.healthy("pg", 1));
		new OperationsFixture(this.tools).givenPod("pg-1", "pg", "instance");
		ConnectionInfoTests.givenAppSecret(this.tools, "pg-app", "hunter2-never-shown");
		SandboxRequests.drain(this.sandbox);

		succeedsAsAlice("get_postgres_cluster_health", Map.of("cluster_name", "pg"));
		succeedsAsAlice("list_postgres_cluster_events", Map.of("cluster_name", "pg"));
		succeedsAsAlice("get_postgres_connection_info", Map.of("cluster_name", "pg", "include_password", true,
				"confirm", true));

		List<RecordedRequest> requests = SandboxRequests.drain(this.sandbox);
		assertThat(requests).extracting(r -> r.getMethod() + " " + resource(r))
			.contains("GET clusters", "GET pods", "GET events", "GET services", "GET secrets");
		assertEachActsAsAlice(requests);
	}

	/** The sandbox serves no pod logs: a server of this test's own answers the one log request expected. */
	@Test
	void anInstanceLogIsReadAsThePerson() {
		Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
		KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
				new KubernetesMixedDispatcher(responses), false);
		server.init();
		try {
			ToolHarness logs = new ToolHarness(server.createClient(), "logs", Duration.ofSeconds(5),
					new ToolsProperties(Duration.ofMillis(50), false, ToolsProperties.DEFAULT_IMAGE_CATALOG),
					KubernetesMode.KUBECONFIG, impersonating("email", "", "oidc:"));
			new OperationsFixture(logs).givenPod("pg-1", "pg", "instance");
			server.expect().get()
				.withPath("/api/v1/namespaces/logs/pods/pg-1/log?pretty=false&container=postgres&tailLines=100"
						+ "&limitBytes=1048576")
				.andReturn(200, "LOG:  database system is ready to accept connections\n")
				.once();
			SandboxRequests.drain(server);

			StepVerifier.create(as(ALICE, logs.call("get_postgres_instance_logs", Map.of("cluster_name", "pg", "instance",
					"pg-1"))))
				.assertNext(result -> assertThat(text(result)).as(text(result)).endsWith("ready to accept connections\n"))
				.verifyComplete();

			List<RecordedRequest> requests = SandboxRequests.drain(server);
			assertThat(requests).extracting(r -> r.getMethod() + " " + resource(r)).contains("GET pods", "GET log");
			assertEachActsAsAlice(requests);
		}
		finally {
			server.destroy();
		}
	}

	private void succeedsAsAlice(String tool, Map<String, Object> arguments) {
		StepVerifier.create(as(ALICE, this.tools.call(tool, arguments)))
			.assertNext(result -> assertThat(result.isError()).as(tool + ": " + text(result)).isFalse())
			.verifyComplete();
	}

	/** The kind a request is about ({@code backups}), or its subresource ({@code status}). */
	private static String resource(RecordedRequest request) {
		String path = request.getPath().replaceFirst("\\?.*", "").replaceFirst("^.*?/v1/(namespaces/[^/]+/)?", "");
		String[] parts = path.split("/");
		return parts.length == 3 ? parts[2] : parts[0];
	}

}
