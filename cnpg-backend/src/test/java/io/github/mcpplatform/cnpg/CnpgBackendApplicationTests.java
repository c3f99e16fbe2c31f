package io.github.mcpplatform.cnpg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.mcp.client.webflux.transport.WebClientStreamableHttpTransport;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import reactor.test.StepVerifier;

/** The assembled application in sandbox mode, spoken to over MCP streamable HTTP by the Java SDK client. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "cnpg.kubernetes.mode=sandbox")
class CnpgBackendApplicationTests {

	@LocalServerPort
	int port;

	private McpAsyncClient client;

	@BeforeEach
	void connect() {
		this.client = McpClient
			.async(WebClientStreamableHttpTransport.builder(WebClient.builder().baseUrl("http://127.0.0.1:" + this.port))
				.endpoint("/mcp")
				.build())
			.requestTimeout(Duration.ofSeconds(10))
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
	void toolsListHasTheTwelveToolsWithAllFourHintsSet() {
		StepVerifier.create(this.client.initialize().then(this.client.listTools())).assertNext(result -> {
			assertThat(result.tools()).extracting(Tool::name)
				.containsExactly("list_postgres_clusters", "get_cluster_status", "create_postgres_cluster",
						"scale_postgres_cluster", "delete_postgres_cluster", "list_postgres_roles", "create_postgres_role",
						"update_postgres_role", "delete_postgres_role", "list_postgres_databases",
						"create_postgres_database", "delete_postgres_database");
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
	void probesAreUpWhenTheKubernetesApiAnswers() {
		WebTestClient web = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
		web.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
		web.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
	}

	@Test
	void startupWhenAPropertyIsInvalidThenFailsNamingIt() {
		SpringApplicationBuilder app = new SpringApplicationBuilder(CnpgBackendApplication.class)
			.properties("cnpg.kubernetes.mode=sandbox", "server.port=0", "cnpg.kubernetes.namespace=Not_A_Namespace");

		assertThatThrownBy(app::run).rootCause().hasMessageContaining("cnpg.kubernetes");
	}

}
