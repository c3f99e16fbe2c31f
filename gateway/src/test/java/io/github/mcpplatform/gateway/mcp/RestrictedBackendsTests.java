package io.github.mcpplatform.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.backend.BackendSettings;
import io.github.mcpplatform.gateway.backend.StreamableHttpTransports;
import io.github.mcpplatform.gateway.backend.TestMcpServer;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.ConfigSnapshot;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.policy.BackendAccess;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import org.springframework.ai.mcp.client.webflux.transport.WebClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/**
 * A backend only the {@code dba} group may use, beside one everyone may, through one endpoint: a member and an
 * outsider each talk to it, in both protocol eras, as raw HTTP (the direct path included) and with the MCP
 * Java SDK client.
 */
@ExtendWith(OutputCaptureExtension.class)
class RestrictedBackendsTests {

	private static final GatewayUser MEMBER = new GatewayUser("ann-1", "https://idp.example", "ann", "ann@example.com", List.of("staff", "dba"));

	private static final GatewayUser OUTSIDER = new GatewayUser("bob-1", "https://idp.example", "bob", "bob@example.com", List.of("staff"));

	private static TestMcpServer db;

	private static TestMcpServer search;

	private static BackendRegistry registry;

	private static DisposableServer asMember;

	private static DisposableServer asOutsider;

	private static McpEndpoint endpoint;

	@BeforeAll
	static void start() throws Exception {
		// Another test's application may have left the log at WARN in this JVM; this test reads an INFO line.
		LoggingSystem.get(RestrictedBackendsTests.class.getClassLoader())
			.setLogLevel(RoutedRequests.class.getName(), LogLevel.INFO);
		db = new TestMcpServer(List.of("get_status"));
		search = new TestMcpServer(List.of("query"));
		registry = new BackendRegistry(snapshot(new BackendAccess(Set.of("dba"), Set.of())), new BackendSettings(
				Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofMillis(100), Duration.ofMillis(500)),
				StreamableHttpTransports::to)
			.start();
		registry.catalogChanges().filter(catalog -> catalog.tools().size() == 2).blockFirst(Duration.ofSeconds(10));
		endpoint = TestEndpoints.endpoint(registry);
		asMember = TestEndpoints.serve(endpoint, MEMBER);
		asOutsider = TestEndpoints.serve(endpoint, OUTSIDER);
	}

	@AfterAll
	static void stop() {
		asMember.disposeNow();
		asOutsider.disposeNow();
		registry.close();
		db.close();
		search.close();
	}

	private static ConfigSnapshot snapshot(BackendAccess dbAccess) {
		return new ConfigSnapshot(List.of(
				new BackendDefinition("db", URI.create(db.url()), "pg", true, Duration.ofSeconds(2), null, dbAccess, "test:1"),
				new BackendDefinition("search", URI.create(search.url()), "search", true, Duration.ofSeconds(2), null, "test:2")));
	}

	@Test
	void aMemberSeesAndUsesTheRestrictedBackendInBothEras() {
		String session = initialize(asMember, body -> assertThat(body).contains("## db").contains("## search"));

		assertThat(session(asMember, session, "tools/list", "{}")).contains("pg_get_status").contains("search_query");
		assertThat(session(asMember, session, "tools/call", "{\"name\":\"pg_get_status\",\"arguments\":{}}"))
			.contains("\"text\":\"get_status\"");
		assertThat(stateless(asMember, "tools/call", "pg_get_status", "\"name\":\"pg_get_status\",\"arguments\":{}"))
			.contains("\"text\":\"get_status\"");
	}

	@Test
	void anOutsiderFindsNoTraceOfTheRestrictedBackendInTheSessionEra(CapturedOutput log) {
		int callsBefore = db.toolCallsReceived();
		String session = initialize(asOutsider, body -> assertThat(body).doesNotContain("## db").contains("## search"));

		assertThat(session(asOutsider, session, "tools/list", "{}")).doesNotContain("pg_").contains("search_query");
		assertThat(session(asOutsider, session, "prompts/list", "{}")).doesNotContain("pg_").contains("search_greet");
		assertThat(session(asOutsider, session, "resources/list", "{}")).doesNotContain("pg+").contains("search+test://docs/readme");
		assertThat(session(asOutsider, session, "tools/call", "{\"name\":\"pg_get_status\",\"arguments\":{}}"))
			.contains("Unknown tool: pg_get_status").doesNotContain("\"text\"");
		assertThat(session(asOutsider, session, "tools/call", "{\"name\":\"get_status\",\"arguments\":{}}"))
			.as("no suggestion leads to a backend the user may not use")
			.contains("Unknown tool: get_status").doesNotContain("pg_get_status");
		assertThat(session(asOutsider, session, "prompts/get", "{\"name\":\"pg_greet\"}")).contains("Unknown prompt: pg_greet");
		assertThat(session(asOutsider, session, "resources/read", "{\"uri\":\"pg+test://docs/readme\"}"))
			.contains("Unknown resource: pg+test://docs/readme");
		assertThat(session(asOutsider, session, "completion/complete",
				"{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"pg_greet\"},\"argument\":{\"name\":\"a\",\"value\":\"\"}}"))
			.contains("Unknown prompt: pg_greet");
		assertThat(db.toolCallsReceived()).as("the restricted backend heard nothing from the outsider").isEqualTo(callsBefore);
		// The operator, though, can find out why.
		assertThat(log.getOut()).contains("User bob-1 asked for get_status of backend db, whose access leaves them out");
	}

	@Test
	void anOutsiderFindsNoTraceOfTheRestrictedBackendInTheStatelessEra() {
		int callsBefore = db.toolCallsReceived();
		assertThat(stateless(asOutsider, "server/discover", null, "")).doesNotContain("## db").contains("## search");
		assertThat(stateless(asOutsider, "tools/list", null, "")).doesNotContain("pg_").contains("search_query");
		assertThat(stateless(asOutsider, "tools/call", "pg_get_status", "\"name\":\"pg_get_status\",\"arguments\":{}"))
			.contains("Unknown tool: pg_get_status");
		assertThat(db.toolCallsReceived()).isEqualTo(callsBefore);
	}

	@Test
	void aChangeOfWhoMayUseABackendReachesThoseItConcernsAsListChanged() {
		List<List<String>> memberLists = new CopyOnWriteArrayList<>();
		List<List<String>> outsiderLists = new CopyOnWriteArrayList<>();
		McpAsyncClient member = client(asMember, memberLists);
		McpAsyncClient outsider = client(asOutsider, outsiderLists);
		try {
			member.initialize().then(outsider.initialize()).block(Duration.ofSeconds(5));
			assertThat(outsider.listTools().block(Duration.ofSeconds(5)).tools()).extracting(Tool::name)
				.containsExactly("search_query");

			registry.apply(snapshot(BackendAccess.EVERYONE));

			await().atMost(Duration.ofSeconds(5)).until(() -> outsiderLists.contains(List.of("pg_get_status", "search_query")));
			assertThat(outsider.callTool(new io.modelcontextprotocol.spec.McpSchema.CallToolRequest("pg_get_status", Map.of()))
				.block(Duration.ofSeconds(5)).isError()).isFalse();
			// Nothing changed for the member, who could use both all along.
			assertThat(memberLists).isEmpty();
		}
		finally {
			registry.apply(snapshot(new BackendAccess(Set.of("dba"), Set.of())));
			member.closeGracefully().onErrorComplete().block(Duration.ofSeconds(5));
			outsider.closeGracefully().onErrorComplete().block(Duration.ofSeconds(5));
		}
	}

	@Test
	void aListeningStreamTakesInABackendWhenTheUserIsLetInAndLetsItGoWhenTheyAreShutOut() {
		GatewayUser carl = new GatewayUser("carl-1", "https://idp.example", "carl", "carl@example.com", List.of("staff"));
		DisposableServer asCarl = TestEndpoints.serve(endpoint, carl);
		String session = initialize(asCarl, body -> {
		});
		Disposable stream = WebClient.create(base(asCarl)).get().uri("/mcp").header("Mcp-Session-Id", session)
			.header("MCP-Protocol-Version", "2025-11-25").accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve().bodyToFlux(String.class).subscribe();
		try {
			await().atMost(Duration.ofSeconds(5)).until(() -> search.listeningStreamsOf("carl") == 1);
			assertThat(db.listeningStreamsOf("carl")).isZero();

			registry.apply(snapshot(BackendAccess.EVERYONE));
			await().atMost(Duration.ofSeconds(5)).until(() -> db.listeningStreamsOf("carl") == 1);

			registry.apply(snapshot(new BackendAccess(Set.of("dba"), Set.of())));
			await().atMost(Duration.ofSeconds(5)).until(() -> db.listeningStreamsOf("carl") == 0);
			assertThat(search.listeningStreamsOf("carl")).isEqualTo(1);
		}
		finally {
			registry.apply(snapshot(new BackendAccess(Set.of("dba"), Set.of())));
			stream.dispose();
			asCarl.disposeNow();
		}
	}

	private static McpAsyncClient client(DisposableServer gateway, List<List<String>> toolLists) {
		return McpClient
			.async(WebClientStreamableHttpTransport.builder(WebClient.builder().baseUrl(base(gateway))).endpoint("/mcp").build())
			.requestTimeout(Duration.ofSeconds(5))
			.toolsChangeConsumer(tools -> Mono.fromRunnable(() -> toolLists.add(tools.stream().map(Tool::name).toList())))
			.build();
	}

	private static String base(DisposableServer gateway) {
		return "http://127.0.0.1:" + gateway.port();
	}

	private static String initialize(DisposableServer gateway, java.util.function.Consumer<String> body) {
		var result = WebTestClient.bindToServer().baseUrl(base(gateway)).build().post().uri("/mcp")
			.contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
					+ "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}")
			.exchange().expectStatus().isOk().expectBody(String.class).returnResult();
		body.accept(result.getResponseBody());
		return result.getResponseHeaders().getFirst("Mcp-Session-Id");
	}

	private static String session(DisposableServer gateway, String session, String method, String params) {
		return WebTestClient.bindToServer().baseUrl(base(gateway)).build().post().uri("/mcp")
			.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25")
			.contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\",\"params\":" + params + "}")
			.exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
	}

	private static String stateless(DisposableServer gateway, String method, String name, String params) {
		return WebTestClient.bindToServer().baseUrl(base(gateway)).build().post().uri("/mcp")
			.header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", method)
			.headers(headers -> {
				if (name != null) {
					headers.set("Mcp-Name", name);
				}
			})
			.contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"" + method + "\",\"params\":{"
					+ (params.isEmpty() ? "" : params + ",") + TestEndpoints.STATELESS_ENVELOPE + "}}")
			.exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
	}

}
