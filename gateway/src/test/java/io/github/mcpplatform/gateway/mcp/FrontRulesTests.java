package io.github.mcpplatform.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.backend.BackendSettings;
import io.github.mcpplatform.gateway.backend.StreamableHttpTransports;
import io.github.mcpplatform.gateway.backend.TestMcpServer;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.ConfigSnapshot;
import reactor.netty.DisposableServer;

/**
 * What the streamable HTTP transport requires before a message is served, answered as the official SDKs answer
 * it: a JSON-RPC error body with 400, 405, 406 or 415, never a 5xx, and nothing reaches a backend.
 */
class FrontRulesTests {

	private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
			+ "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

	private static TestMcpServer db;

	private static BackendRegistry registry;

	private static DisposableServer gateway;

	private static WebTestClient web;

	private static String session;

	@BeforeAll
	static void start() {
		db = new TestMcpServer(List.of("get_status"));
		registry = new BackendRegistry(new ConfigSnapshot(List.of(new BackendDefinition("db", URI.create(db.url()), "pg",
				true, Duration.ofSeconds(2), null, "test:1"))), new BackendSettings(Duration.ofSeconds(1),
						Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(500)), StreamableHttpTransports::to)
			.start();
		registry.catalogChanges().filter(catalog -> !catalog.tools().isEmpty()).blockFirst(Duration.ofSeconds(10));
		McpEndpoint endpoint = TestEndpoints.endpoint(registry);
		gateway = TestEndpoints.serve(endpoint, "local");
		web = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + gateway.port()).build();
		session = web.post().uri("/mcp").contentType(MediaType.APPLICATION_JSON).bodyValue(INITIALIZE).exchange()
			.expectStatus().isOk().returnResult(String.class).getResponseHeaders().getFirst("Mcp-Session-Id");
	}

	@AfterAll
	static void stop() {
		gateway.disposeNow();
		registry.close();
		db.close();
	}

	@Test
	void anIdThatIsNeitherAStringNorAnIntegerIsAnInvalidRequestAndReachesNoBackend() {
		int before = db.toolCallsReceived();
		for (String id : List.of("{\"a\":1}", "[1]", "null", "1.5", "true")) {
			call(id).expectStatus().isBadRequest().expectBody()
				.jsonPath("$.error.code").isEqualTo(-32600)
				.jsonPath("$.error.message").value(message -> assertThat(message.toString()).contains("an id is a string or an integer"));
		}
		call("\"abc\"").expectStatus().isOk();
		call("7").expectStatus().isOk();
		assertThat(db.toolCallsReceived()).isEqualTo(before + 2);
	}

	@Test
	void aPostThatIsNotJsonIsUnsupportedMediaTypeWithAJsonRpcBody() {
		for (MediaType type : List.of(MediaType.TEXT_PLAIN, MediaType.APPLICATION_FORM_URLENCODED)) {
			web.post().uri("/mcp").header("Mcp-Session-Id", session).contentType(type).bodyValue(toolCall("1"))
				.exchange().expectStatus().isEqualTo(415)
				.expectHeader().contentType(MediaType.APPLICATION_JSON)
				.expectBody().jsonPath("$.error.code").isEqualTo(-32600);
		}
		// Bytes without a JSON media type.
		web.post().uri("/mcp").header("Mcp-Session-Id", session).body(org.springframework.web.reactive.function.BodyInserters
			.fromValue(toolCall("2").getBytes(java.nio.charset.StandardCharsets.UTF_8)))
			.exchange().expectStatus().isEqualTo(415);
		web.post().uri("/mcp").header("Mcp-Session-Id", session)
			.contentType(MediaType.parseMediaType("application/vnd.example+json")).bodyValue(toolCall("3"))
			.exchange().expectStatus().isOk();
	}

	@Test
	void aPostWhoseAcceptAllowsNeitherJsonNorAnEventStreamIsNotAcceptable() {
		web.post().uri("/mcp").header("Mcp-Session-Id", session).contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.TEXT_HTML).bodyValue(toolCall("1"))
			.exchange().expectStatus().isEqualTo(406)
			.expectBody().jsonPath("$.error.message").value(message -> assertThat(message.toString())
				.contains("application/json or text/event-stream"));
		for (MediaType accepted : List.of(MediaType.ALL, MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)) {
			web.post().uri("/mcp").header("Mcp-Session-Id", session).contentType(MediaType.APPLICATION_JSON)
				.accept(accepted).bodyValue(toolCall("2")).exchange().expectStatus().isOk();
		}
	}

	@Test
	void aGetIsNotAcceptableWithoutAnEventStreamAndNotAllowedInTheStatelessEra() {
		web.get().uri("/mcp").header("Mcp-Session-Id", session).accept(MediaType.APPLICATION_JSON)
			.exchange().expectStatus().isEqualTo(406);
		web.get().uri("/mcp").header("MCP-Protocol-Version", "2026-07-28").accept(MediaType.TEXT_EVENT_STREAM)
			.exchange().expectStatus().isEqualTo(405)
			.expectHeader().value("Allow", allow -> assertThat(allow).contains("POST"))
			.expectBody().jsonPath("$.error.message").value(message -> assertThat(message.toString())
				.contains("subscriptions/listen"));
	}

	@Test
	void anUnknownProtocolVersionIsABadRequestNamingTheSupportedOnes() {
		web.post().uri("/mcp").header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "1999-01-01")
			.contentType(MediaType.APPLICATION_JSON).bodyValue(toolCall("1"))
			.exchange().expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error.message").value(message -> assertThat(message.toString())
				.contains("1999-01-01").contains("2025-11-25").contains("2026-07-28"));
	}

	private static WebTestClient.ResponseSpec call(String id) {
		return web.post().uri("/mcp").header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25")
			.contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.bodyValue(toolCall(id)).exchange();
	}

	private static String toolCall(String id) {
		return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"pg_get_status\","
				+ "\"arguments\":{}}}";
	}

}
