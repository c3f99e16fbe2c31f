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

/** Requests of the stateless era (2026-07-28), as raw HTTP, against the gateway in front of a real MCP server. */
class StatelessRequestsTests {

	private static TestMcpServer db;

	private static BackendRegistry registry;

	private static DisposableServer gateway;

	private static WebTestClient web;

	@BeforeAll
	static void start() throws Exception {
		db = new TestMcpServer(List.of("list_clusters"));
		registry = new BackendRegistry(new ConfigSnapshot(List.of(new BackendDefinition("db", URI.create(db.url()), "pg",
				true, Duration.ofSeconds(2), null, "test:1"))), new BackendSettings(Duration.ofSeconds(1),
						Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofMillis(500)), StreamableHttpTransports::to)
			.start();
		registry.catalogChanges().filter(catalog -> !catalog.tools().isEmpty()).blockFirst(Duration.ofSeconds(10));
		McpEndpoint endpoint = TestEndpoints.endpoint(registry);
		gateway = TestEndpoints.serve(endpoint, "local");
		web = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + gateway.port()).build();
	}

	@AfterAll
	static void stop() {
		gateway.disposeNow();
		registry.close();
		db.close();
	}

	private static WebTestClient.ResponseSpec post(String method, String name, String body) {
		return web.post().uri("/mcp").header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", method)
			.headers(headers -> {
				if (name != null) {
					headers.set("Mcp-Name", name);
				}
			})
			.contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.bodyValue(body).exchange();
	}

	@Test
	void discoverThenVersionsCapabilitiesAndNoCaching() {
		post("server/discover", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\",\"params\":{" + TestEndpoints.STATELESS_ENVELOPE + "}}")
			.expectStatus().isOk().expectBody()
			.jsonPath("$.result.supportedVersions[0]").isEqualTo("2026-07-28")
			.jsonPath("$.result.capabilities.tools.listChanged").isEqualTo(true)
			.jsonPath("$.result.resultType").isEqualTo("complete")
			.jsonPath("$.result.ttlMs").isEqualTo(0)
			.jsonPath("$.result.cacheScope").isEqualTo("private");
	}

	@Test
	void toolsCallThenTheBackendsResultWithItsResultType() {
		post("tools/call", "pg_list_clusters", "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{"
				+ "\"name\":\"pg_list_clusters\",\"arguments\":{}," + TestEndpoints.STATELESS_ENVELOPE + "}}")
			.expectStatus().isOk().expectBody(String.class)
			.value(body -> assertThat(body).contains("\"resultType\":\"complete\"").contains("list_clusters"));
	}

	@Test
	void aSessionEraBackendGetsTheRequestWithoutTheVersionEnvelopeAndWithTheClientsOwnMeta() {
		post("tools/call", "pg_list_clusters", "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{"
				+ "\"name\":\"pg_list_clusters\",\"arguments\":{},\"_meta\":{\"progressToken\":\"p-7\","
				+ "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}")
			.expectStatus().isOk();

		assertThat(db.toolCallMeta()).containsOnlyKeys("progressToken");
	}

	@Test
	void aVersionTheGatewayDoesNotSpeakIsRefusedNamingTheSupportedOnes() {
		web.post().uri("/mcp").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":"
				+ "\"tools/list\",\"params\":{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2099-01-01\","
				+ "\"io.modelcontextprotocol/clientCapabilities\":{}}}}")
			.exchange().expectStatus().isBadRequest().expectBody()
			.jsonPath("$.error.code").isEqualTo(-32022)
			.jsonPath("$.error.data.requested").isEqualTo("2099-01-01")
			.jsonPath("$.error.data.supported[0]").isEqualTo("2026-07-28");
	}

	@Test
	void headersThatDisagreeWithTheBodyAreRefused() {
		post("tools/list", null, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"pg_list_clusters\","
				+ TestEndpoints.STATELESS_ENVELOPE + "}}")
			.expectStatus().isBadRequest().expectBody().jsonPath("$.error.code").isEqualTo(-32020);
		post("tools/call", "pg_other", "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"pg_list_clusters\","
				+ TestEndpoints.STATELESS_ENVELOPE + "}}")
			.expectStatus().isBadRequest().expectBody().jsonPath("$.error.code").isEqualTo(-32020);
		// A name outside printable ASCII travels base64-encoded, and is compared decoded.
		post("tools/call", "=?base64?cGdfbGlzdF9jbHVzdGVycw==?=", "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\","
				+ "\"params\":{\"name\":\"pg_list_clusters\",\"arguments\":{}," + TestEndpoints.STATELESS_ENVELOPE + "}}")
			.expectStatus().isOk();
	}

	@Test
	void aStatelessHeaderWithoutTheEnvelopeIsRefused() {
		post("tools/list", null, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}")
			.expectStatus().isBadRequest().expectBody().jsonPath("$.error.code").isEqualTo(-32602);
	}

	@Test
	void answersAndSessionEraMethodsHaveNoPlaceInTheStatelessEra() {
		web.post().uri("/mcp").contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":\"gw.db.MA\",\"result\":{}," + "\"params\":{" + TestEndpoints.STATELESS_ENVELOPE + "}}")
			.exchange().expectStatus().isBadRequest();
		post("ping", null, "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"ping\",\"params\":{" + TestEndpoints.STATELESS_ENVELOPE + "}}")
			.expectStatus().isOk().expectBody().jsonPath("$.error.code").isEqualTo(-32601);
	}

}
