package io.github.mcpplatform.gateway.perbackend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.mcp.client.webflux.transport.WebClientStreamableHttpTransport;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import com.nimbusds.jwt.SignedJWT;

import io.github.mcpplatform.gateway.GatewayApplication;
import io.github.mcpplatform.gateway.backend.TestMcpServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;

/** {@code /backends/{name}/mcp} in the assembled gateway, in front of a real MCP server, spoken to by the Java SDK. */
class BackendRoutesTests {

	private static final String INITIALIZE = """
			{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
			"capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""";

	private static TestMcpServer backend;

	private static ConfigurableApplicationContext gateway;

	private static String base;

	/**
	 * The example's backend, the same server again as a backend only the dba group may use, and a legacy
	 * HTTP+SSE backend (down: only its declaration matters here).
	 */
	@BeforeAll
	static void start(@TempDir Path configRepo) throws Exception {
		backend = new TestMcpServer(List.of("list_clusters", "get_status"));
		Files.writeString(configRepo.resolve("backends.yaml"), Files.readString(Path.of("..", "config-repo", "backends.yaml"))
				+ "  - name: secret\n    url: ${CNPG_BACKEND_URL}\n    access:\n      groups: [dba]\n"
				+ "  - name: legacy\n    url: http://127.0.0.1:9/sse\n    transport: sse\n");
		gateway = new SpringApplicationBuilder(GatewayApplication.class).run("--server.port=0",
				"--gateway.config-repo.uri=" + configRepo, "--CNPG_BACKEND_URL=" + backend.url(),
				"--logging.level.root=WARN");
		base = "http://127.0.0.1" + ":" + ((WebServerApplicationContext) gateway).getWebServer().getPort();
	}

	@AfterAll
	static void stop() {
		gateway.close();
		backend.close();
	}

	@Test
	void oneBackendThenItsToolsUnderTheirOwnNamesAndCallsReachIt() {
		McpSyncClient client = McpClient
			.sync(WebClientStreamableHttpTransport.builder(WebClient.builder().baseUrl(base)).endpoint("/backends/cnpg/mcp").build())
			.requestTimeout(Duration.ofSeconds(5))
			.build();
		try {
			client.initialize();
			assertThat(client.listTools().tools()).extracting(Tool::name).containsExactly("list_clusters", "get_status");
			assertThat(((TextContent) client.callTool(new CallToolRequest("get_status", Map.of())).content().get(0)).text())
				.isEqualTo("get_status");
		}
		finally {
			client.closeGracefully();
		}
	}

	@Test
	void theBackendSeesAGatewayTokenAndTheClientABoundSessionId() throws Exception {
		WebTestClient web = WebTestClient.bindToServer().baseUrl(base).build();
		String bound = web.post().uri("/backends/cnpg/mcp").header("Authorization", "Bearer client-secret-token")
			.contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.bodyValue(INITIALIZE).exchange().expectStatus().isOk()
			.returnResult(String.class).getResponseHeaders().getFirst("Mcp-Session-Id");

		SignedJWT token = SignedJWT.parse(backend.lastAuthorization().substring("Bearer ".length()));
		assertThat(token.getJWTClaimsSet().getAudience()).containsExactly("cnpg");
		assertThat(backend.sessionIdsSeen()).noneMatch(bound::equals);
		assertThat(bound).contains(".");
	}

	@Test
	void aSessionIdTheGatewayDidNotBindToThisUserIsRefused() {
		WebTestClient web = WebTestClient.bindToServer().baseUrl(base).build();
		String bound = web.post().uri("/backends/cnpg/mcp").contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM).bodyValue(INITIALIZE).exchange()
			.returnResult(String.class).getResponseHeaders().getFirst("Mcp-Session-Id");
		String backendSession = bound.substring(0, bound.lastIndexOf('.'));

		for (String forged : List.of(backendSession, backendSession + ".AAAAAAAAAAAAAAAAAAAAAA", "x")) {
			web.post().uri("/backends/cnpg/mcp").header("Mcp-Session-Id", forged).contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
				.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}").exchange()
				.expectStatus().isNotFound().expectBody().jsonPath("$.error.message").isEqualTo("Session not found: initialize a new one");
		}
	}

	@Test
	void aBackendTheUserMayNotUseIsA404AsIfItDidNotExist() {
		WebTestClient.bindToServer().baseUrl(base).build().post().uri("/backends/secret/mcp")
			.contentType(MediaType.APPLICATION_JSON).bodyValue(INITIALIZE).exchange()
			.expectStatus().isNotFound().expectBody().jsonPath("$.error.message").isEqualTo("No backend named 'secret'");
	}

	@Test
	void anUnknownBackendIsA404ThatNamesIt() {
		WebTestClient.bindToServer().baseUrl(base).build().post().uri("/backends/nope/mcp")
			.contentType(MediaType.APPLICATION_JSON).bodyValue(INITIALIZE).exchange()
			.expectStatus().isNotFound().expectBody().jsonPath("$.error.message").isEqualTo("No backend named 'nope'");
	}

	@Test
	void aBackendOfAnotherTransportThanStreamableHttpIsA404ThatPointsToTheMergedEndpoint() {
		WebTestClient.bindToServer().baseUrl(base).build().post().uri("/backends/legacy/mcp")
			.contentType(MediaType.APPLICATION_JSON).bodyValue(INITIALIZE).exchange()
			.expectStatus().isNotFound().expectBody().jsonPath("$.error.message")
			.isEqualTo("Backend 'legacy' is reached over transport sse, which only the merged endpoint /mcp carries");
	}

}
