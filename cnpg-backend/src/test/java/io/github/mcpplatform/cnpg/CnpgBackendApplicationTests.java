package io.github.mcpplatform.cnpg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.ai.mcp.client.webflux.transport.WebClientStreamableHttpTransport;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.github.mcpplatform.cnpg.cnpg.CnpgKinds;
import io.github.mcpplatform.cnpg.kube.KubernetesConnection;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The assembled application in sandbox mode, spoken to over MCP streamable HTTP by the Java SDK client. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "cnpg.kubernetes.mode=sandbox", "cnpg.tools.wait-poll-interval=100ms",
				"logging.structured.format.console=" })
class CnpgBackendApplicationTests {

	@LocalServerPort
	int port;

	@Autowired
	KubernetesConnection kubernetes;

	private final List<ProgressNotification> progress = new CopyOnWriteArrayList<>();

	private McpAsyncClient client;

	@BeforeEach
	void connect() {
		this.client = McpClient
			.async(WebClientStreamableHttpTransport.builder(WebClient.builder().baseUrl("http://127.0.0.1:" + this.port))
				.endpoint("/mcp")
				.build())
			.requestTimeout(Duration.ofSeconds(10))
			.progressConsumer(notification -> Mono.fromRunnable(() -> this.progress.add(notification)))
			.build();
	}

	@AfterEach
	void disconnect() {
		this.client.closeGracefully().block(Duration.ofSeconds(5));
	}

	@Test
	void initializeThenTheInstructionsSayItIsASandbox() {
		StepVerifier.create(this.client.initialize())
			.assertNext(result -> {
				assertThat(result.instructions()).startsWith("THIS IS A SANDBOX");
				assertThat(result.serverInfo().name()).isEqualTo("cnpg-backend");
				assertThat(result.capabilities().tools()).isNotNull();
			})
			.verifyComplete();
	}

	@Test
	void toolsListHasTheThirtySixDefaultToolsWithAllFourHintsSet() {
		StepVerifier.create(this.client.initialize().then(this.client.listTools())).assertNext(result -> {
			assertThat(result.tools()).extracting(Tool::name)
				.containsExactly("list_postgres_clusters", "get_cluster_status", "create_postgres_cluster",
						"scale_postgres_cluster", "delete_postgres_cluster", "get_postgres_parameters",
						"update_postgres_parameters", "list_postgres_roles", "create_postgres_role",
						"update_postgres_role", "delete_postgres_role", "list_postgres_databases",
						"create_postgres_database", "delete_postgres_database", "list_postgres_backups",
						"get_postgres_backup", "create_postgres_backup", "list_postgres_scheduled_backups",
						"create_postgres_scheduled_backup", "delete_postgres_scheduled_backup", "restore_postgres_cluster",
						"list_postgres_poolers", "create_postgres_pooler", "scale_postgres_pooler", "delete_postgres_pooler",
						"switchover_postgres_cluster", "restart_postgres_cluster", "reload_postgres_cluster",
						"hibernate_postgres_cluster", "wake_postgres_cluster", "fence_postgres_instances",
						"unfence_postgres_instances", "get_postgres_cluster_health", "list_postgres_cluster_events",
						"get_postgres_instance_logs", "get_postgres_connection_info");
			assertThat(result.tools()).allSatisfy(tool -> {
				assertThat(tool.annotations().readOnlyHint()).isNotNull();
				assertThat(tool.annotations().destructiveHint()).isNotNull();
				assertThat(tool.annotations().idempotentHint()).isNotNull();
				assertThat(tool.annotations().openWorldHint()).isTrue();
			});
		}).verifyComplete();
	}

	@Test
	void toolsCallThenListsTheSampleCluster() {
		StepVerifier
			.create(this.client.initialize()
				.then(this.client.callTool(new CallToolRequest("list_postgres_clusters", Map.of()))))
			.assertNext(result -> {
				assertThat(result.isError()).isFalse();
				assertThat(((TextContent) result.content().get(0)).text())
					.contains("pg-sample (namespace default): 3/3 ready, Cluster in healthy state");
			})
			.verifyComplete();
	}

	@Test
	void createWithWaitThenReportsProgressUntilTheOperatorSaysReady() {
		// Given: once the tool has reported its first poll (no status yet), the "operator" reports both instances
		// ready; waiting for that rather than for a fixed time keeps a busy machine from reordering the two.
		CompletableFuture.runAsync(() -> {
			await().atMost(Duration.ofSeconds(30)).until(() -> !this.progress.isEmpty());
			var clusters = this.kubernetes.client().genericKubernetesResources(CnpgKinds.CLUSTER).inNamespace("default");
			GenericKubernetesResource cluster = clusters.withName("pg-progress").get();
			cluster.setAdditionalProperty("status", Map.of("instances", 2, "readyInstances", 2, "phase", "Cluster in healthy state"));
			clusters.resource(cluster).updateStatus();
		});
		CallToolRequest request = CallToolRequest.builder()
			.name("create_postgres_cluster")
			.arguments(Map.of("name", "pg-progress", "instances", 2, "wait", true))
			.progressToken("create-1")
			.build();

		StepVerifier.create(this.client.initialize().then(this.client.callTool(request)))
			.assertNext(result -> assertThat(((TextContent) result.content().get(0)).text()).contains("All 2 instance(s) are ready."))
			.expectComplete()
			.verify(Duration.ofSeconds(60));
		assertThat(this.progress).isNotEmpty().allSatisfy(p -> {
			assertThat(p.progressToken()).isEqualTo("create-1");
			assertThat(p.total()).isEqualTo(2.0);
		});
		assertThat(this.progress.get(0).message()).contains("no status yet");
	}

	@Test
	void probesAreUpWhenTheKubernetesApiAnswers() {
		WebTestClient web = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
		web.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
		web.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
	}

	@Test
	void startupWhenAPropertyIsInvalidThenFailsNamingIt() {
		SpringApplicationBuilder app = new SpringApplicationBuilder(CnpgBackendApplication.class);

		assertThatThrownBy(() -> app.run("--cnpg.kubernetes.mode=sandbox", "--server.port=0",
				"--cnpg.kubernetes.namespace=Not_A_Namespace", "--logging.level.root=OFF"))
			.rootCause()
			.hasMessageContaining("must be a Kubernetes namespace name (RFC 1123 label)");
	}

}
