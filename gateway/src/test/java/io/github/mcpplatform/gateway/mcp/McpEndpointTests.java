package io.github.mcpplatform.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.ai.mcp.client.webflux.transport.WebClientStreamableHttpTransport;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.mcpplatform.gateway.backend.BackendForwarder;
import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.backend.BackendSettings;
import io.github.mcpplatform.gateway.backend.StreamableHttpTransports;
import io.github.mcpplatform.gateway.backend.TestMcpServer;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.ConfigSnapshot;
import io.github.mcpplatform.gateway.identity.BackendTokens;
import io.github.mcpplatform.gateway.identity.SigningKeys;
import io.github.mcpplatform.gateway.session.InMemorySessionStore;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.ClientCapabilities;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.test.StepVerifier;

/** The gateway's MCP endpoint in front of two real MCP servers, spoken to by the MCP Java SDK client. */
class McpEndpointTests {

	private static final BackendSettings FAST = new BackendSettings(Duration.ofMillis(200), Duration.ofMillis(500),
			Duration.ofMillis(100), Duration.ofMillis(500));

	private final SigningKeys keys = SigningKeys.load(null);

	private TestMcpServer db;

	private TestMcpServer search;

	private BackendRegistry registry;

	private DisposableServer gateway;

	private McpAsyncClient client;

	@BeforeEach
	void start() throws Exception {
		this.db = new TestMcpServer(List.of("list_clusters", "get_status"));
		this.search = new TestMcpServer(List.of("query", "ask"));
		this.registry = new BackendRegistry(new ConfigSnapshot(List.of(backend("db", "pg", this.db.url()),
				backend("search", "search", this.search.url()))), FAST, StreamableHttpTransports::to).start();
		this.registry.catalogChanges().filter(tools -> tools.tools().size() == 4).blockFirst(Duration.ofSeconds(10));
		McpEndpoint endpoint = new McpEndpoint("/mcp", this.registry, new BackendForwarder(new ReactorClientHttpConnector()),
				new InMemorySessionStore(), new BackendTokens(this.keys, "http://gateway.test", Clock.systemUTC()), 64 * 1024);
		this.gateway = TestEndpoints.serve(endpoint, "local");
		this.client = McpClient
			.async(WebClientStreamableHttpTransport.builder(WebClient.builder().baseUrl(base())).endpoint("/mcp").build())
			.requestTimeout(Duration.ofSeconds(5))
			.build();
	}

	@AfterEach
	void stop() {
		this.client.closeGracefully().onErrorComplete().block(Duration.ofSeconds(5));
		this.gateway.disposeNow();
		this.registry.close();
		this.db.close();
		this.search.close();
	}

	@Test
	void initializeThenCombinesTheBackendsInstructions() {
		StepVerifier.create(this.client.initialize()).assertNext(result -> {
			assertThat(result.serverInfo().name()).isEqualTo("mcp-gateway");
			assertThat(result.instructions()).contains("## db (tools prefixed pg_)").contains("## search");
		}).verifyComplete();
	}

	@Test
	void toolsListThenIsTheMergedListOfEveryBackend() {
		StepVerifier.create(this.client.initialize().then(this.client.listTools()))
			.assertNext(result -> assertThat(result.tools()).extracting(Tool::name)
				.containsExactly("pg_list_clusters", "pg_get_status", "search_query", "search_ask"))
			.verifyComplete();
	}

	@Test
	void toolsCallThenReachesTheOwningBackendUnderItsOwnName() {
		StepVerifier
			.create(this.client.initialize()
				.then(this.client.callTool(new CallToolRequest("pg_get_status", Map.of())))
				.zipWith(this.client.callTool(new CallToolRequest("search_query", Map.of()))))
			.assertNext(results -> {
				assertThat(((TextContent) results.getT1().content().get(0)).text()).isEqualTo("get_status");
				assertThat(((TextContent) results.getT2().content().get(0)).text()).isEqualTo("query");
			})
			.verifyComplete();
	}

	@Test
	void toolsCallThenTheBackendSeesAGatewayTokenForItselfNotTheClientsCredentials() throws Exception {
		this.client.initialize().then(this.client.callTool(new CallToolRequest("pg_get_status", Map.of())))
			.block(Duration.ofSeconds(5));

		String authorization = this.db.lastAuthorization();
		assertThat(authorization).startsWith("Bearer ");
		SignedJWT jwt = SignedJWT.parse(authorization.substring("Bearer ".length()));
		assertThat(jwt.verify(new ECDSAVerifier(this.keys.publicKey()))).isTrue();
		assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("db");
		assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("local");
		assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("http://gateway.test");
	}

	@Test
	void toolsCallWhenTheToolIsUnknownThenAnErrorNamesIt() {
		StepVerifier.create(this.client.initialize().then(this.client.callTool(new CallToolRequest("pg_nope", Map.of()))))
			.expectErrorSatisfies(e -> assertThat(e).isInstanceOf(McpError.class).hasMessageContaining("Unknown tool: pg_nope"))
			.verify();
	}

	@Test
	void toolsCallWhenTheNameLacksItsBackendsPrefixThenTheErrorSuggestsThePrefixedName() {
		StepVerifier.create(this.client.initialize().then(this.client.callTool(new CallToolRequest("get_status", Map.of()))))
			.expectErrorSatisfies(e -> assertThat(e).isInstanceOf(McpError.class)
				.hasMessageContaining("Unknown tool: get_status. Did you mean pg_get_status?"))
			.verify();
	}

	@Test
	void toolsCallWhenTheBackendRestartedThenANewBackendSessionIsOpenedTransparently() {
		this.client.initialize().then(this.client.callTool(new CallToolRequest("pg_get_status", Map.of())))
			.block(Duration.ofSeconds(5));
		int port = this.db.port();
		this.db.close();
		this.db = new TestMcpServer(List.of("list_clusters", "get_status"), port);
		// The gateway's own watch may notice the restart and list the tools again a moment later; the client's
		// backend session, though, is stale until its next call.
		this.registry.catalogChanges().filter(catalog -> catalog.tool("pg_get_status").isPresent()
				&& !this.db.sessionIdsSeen().isEmpty()).blockFirst(Duration.ofSeconds(10));

		StepVerifier.create(this.client.callTool(new CallToolRequest("pg_get_status", Map.of())))
			.assertNext(result -> assertThat(result.isError()).isNotEqualTo(Boolean.TRUE))
			.verifyComplete();
	}

	@Test
	void toolsCallWhenTheBackendIsDownThenAToolResultSaysSoAndOtherBackendsWork() {
		this.client.initialize().block(Duration.ofSeconds(5));
		this.search.stop();

		StepVerifier.create(this.client.callTool(new CallToolRequest("search_query", Map.of()))).assertNext(result -> {
			assertThat(result.isError()).isTrue();
			// Said in words the client may read: the backend's address stays inside. (Should the gateway's own
			// ping notice first, the tool is unavailable instead; either way the client hears why.)
			assertThat(((TextContent) result.content().get(0)).text())
				.containsAnyOf("did not reach its backend: backend 'search' refused the connection",
						"its backend 'search' has been down since")
				.doesNotContain("127.0.0.1");
		}).verifyComplete();
		StepVerifier.create(this.client.callTool(new CallToolRequest("pg_list_clusters", Map.of())))
			.assertNext(result -> assertThat(result.isError()).isNotEqualTo(Boolean.TRUE))
			.verifyComplete();
	}

	@Test
	void aBackendThatComesBackWhileTheClientListensJoinsItsStreamAgain() {
		this.client.initialize().block(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.db.listeningStreamsOf("local") == 1);

		this.db.stop();
		this.registry.catalogChanges().filter(catalog -> catalog.tool("pg_get_status").isEmpty()).blockFirst(Duration.ofSeconds(10));
		this.db.start();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.db.listeningStreamsOf("local") == 1);
	}

	@Test
	void whenABackendLeftTheListThenItsNamesAreUnavailableWithItsNameNotUnknown() {
		this.client.initialize().block(Duration.ofSeconds(5));
		this.search.stop();
		this.registry.catalogChanges().filter(catalog -> catalog.tool("search_query").isEmpty()).blockFirst(Duration.ofSeconds(10));

		StepVerifier.create(this.client.callTool(new CallToolRequest("search_query", Map.of()))).assertNext(result -> {
			assertThat(result.isError()).isTrue();
			assertThat(((TextContent) result.content().get(0)).text())
				.startsWith("The tool search_query is unavailable: its backend 'search' has been down since ")
				.doesNotContain(this.search.url());
		}).verifyComplete();
		StepVerifier.create(this.client.getPrompt(new GetPromptRequest("search_greet", Map.of())))
			.expectErrorSatisfies(e -> assertThat(e).isInstanceOf(McpError.class)
				.hasMessageContaining("The prompt search_greet is unavailable: its backend 'search' has been down"))
			.verify();
		StepVerifier.create(this.client.readResource(new ReadResourceRequest("search+test://docs/readme")))
			.expectErrorSatisfies(e -> assertThat(e)
				.hasMessageContaining("The resource search+test://docs/readme is unavailable: its backend 'search'"))
			.verify();
		// Any name under the prefix is the down backend's; a name under no configured prefix, or with none, is
		// still simply unknown.
		StepVerifier.create(this.client.callTool(new CallToolRequest("search_anything_at_all", Map.of())))
			.assertNext(result -> assertThat(((TextContent) result.content().get(0)).text())
				.startsWith("The tool search_anything_at_all is unavailable: its backend 'search'"))
			.verifyComplete();
		StepVerifier.create(this.client.callTool(new CallToolRequest("other_query", Map.of())))
			.expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("Unknown tool: other_query"))
			.verify();
		StepVerifier.create(this.client.callTool(new CallToolRequest("searchx_query", Map.of())))
			.expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("Unknown tool: searchx_query"))
			.verify();
		StepVerifier.create(this.client.callTool(new CallToolRequest("search", Map.of())))
			.expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("Unknown tool: search"))
			.verify();
	}

	@Test
	void resourcesAndPromptsListThenMergedUnderEachBackendsPrefix() {
		StepVerifier.create(this.client.initialize().then(this.client.listResources()).zipWith(this.client.listPrompts()))
			.assertNext(lists -> {
				assertThat(lists.getT1().resources()).extracting(Resource::uri)
					.containsExactly("pg+test://docs/readme", "search+test://docs/readme");
				assertThat(lists.getT2().prompts()).extracting(Prompt::name).containsExactly("pg_greet", "search_greet");
			})
			.verifyComplete();
	}

	@Test
	void resourcesReadThenReachesTheOwningBackendAndAnswersWithTheGatewayUri() {
		StepVerifier
			.create(this.client.initialize().then(this.client.readResource(new ReadResourceRequest("search+test://docs/readme"))))
			.assertNext(result -> {
				TextResourceContents contents = (TextResourceContents) result.contents().get(0);
				assertThat(contents.uri()).isEqualTo("search+test://docs/readme");
				assertThat(contents.text()).isEqualTo("read test://docs/readme");
			})
			.verifyComplete();
	}

	@Test
	void promptsGetThenReachesTheOwningBackendUnderItsOwnName() {
		StepVerifier.create(this.client.initialize().then(this.client.getPrompt(new GetPromptRequest("pg_greet", Map.of()))))
			.assertNext(result -> assertThat(((TextContent) result.messages().get(0).content()).text())
				.isEqualTo("hello from [list_clusters, get_status]"))
			.verifyComplete();
	}

	@Test
	void resourcesReadWhenTheUriIsNotTheGatewaysThenAnErrorNamesIt() {
		StepVerifier.create(this.client.initialize().then(this.client.readResource(new ReadResourceRequest("test://docs/readme"))))
			.expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("Unknown resource: test://docs/readme"))
			.verify();
	}

	@Test
	void toolsCallWhenTheBackendAsksTheUserThenTheQuestionReachesTheClientAndTheAnswerTheBackend() {
		McpAsyncClient asking = McpClient
			.async(WebClientStreamableHttpTransport.builder(WebClient.builder().baseUrl(base())).endpoint("/mcp").build())
			.requestTimeout(Duration.ofSeconds(5))
			.capabilities(ClientCapabilities.builder().elicitation().build())
			.elicitation(request -> Mono.just(new ElicitResult(ElicitResult.Action.ACCEPT, Map.of("name", "Ada"))))
			.build();
		try {
			StepVerifier.create(asking.initialize().then(asking.callTool(new CallToolRequest("search_ask", Map.of()))))
				.assertNext(result -> assertThat(((TextContent) result.content().get(0)).text()).isEqualTo("hello Ada"))
				.verifyComplete();
		}
		finally {
			asking.closeGracefully().onErrorComplete().block(Duration.ofSeconds(5));
		}
	}

	@Test
	void anotherUsersSessionIdLeadsNowhereAndLeavesTheSessionIntact() {
		InMemorySessionStore shared = new InMemorySessionStore();
		BackendTokens tokens = new BackendTokens(this.keys, "http://gateway.test", Clock.systemUTC());
		DisposableServer alice = TestEndpoints.serve(new McpEndpoint("/mcp", this.registry, new BackendForwarder(new ReactorClientHttpConnector()), shared,
				tokens, 64 * 1024), "alice");
		DisposableServer bob = TestEndpoints.serve(new McpEndpoint("/mcp", this.registry, new BackendForwarder(new ReactorClientHttpConnector()), shared,
				tokens, 64 * 1024), "bob");
		try {
			WebTestClient asAlice = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + alice.port()).build();
			WebTestClient asBob = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + bob.port()).build();
			String session = asAlice.post().uri("/mcp").contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}").exchange()
				.returnResult(String.class).getResponseHeaders().getFirst("Mcp-Session-Id");
			String ping = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";

			asBob.post().uri("/mcp").header("Mcp-Session-Id", session).contentType(MediaType.APPLICATION_JSON).bodyValue(ping)
				.exchange().expectStatus().isNotFound();
			asBob.get().uri("/mcp").header("Mcp-Session-Id", session).exchange().expectStatus().isNotFound();
			asBob.delete().uri("/mcp").header("Mcp-Session-Id", session).exchange().expectStatus().isNotFound();
			asAlice.post().uri("/mcp").header("Mcp-Session-Id", session).contentType(MediaType.APPLICATION_JSON).bodyValue(ping)
				.exchange().expectStatus().isOk();
		}
		finally {
			alice.disposeNow();
			bob.disposeNow();
		}
	}


	@Test
	void malformedRequestsGetClearErrorsNeverA500() {
		WebTestClient web = WebTestClient.bindToServer().baseUrl(base()).build();
		web.post().uri("/mcp").contentType(MediaType.APPLICATION_JSON).bodyValue("{not json").exchange()
			.expectStatus().isBadRequest().expectBody().jsonPath("$.error.code").isEqualTo(-32700);
		web.post().uri("/mcp").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}")
			.exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error.code").isEqualTo(-32600);
		web.post().uri("/mcp").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
			.exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error.message").isEqualTo("Missing Mcp-Session-Id: call initialize first");
		web.post().uri("/mcp").header("Mcp-Session-Id", "forged").contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").exchange().expectStatus().isNotFound();
		web.post().uri("/mcp").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"jsonrpc\":\"2.0\",\"x\":\"" + "a".repeat(70_000) + "\"}")
			.exchange().expectStatus().isEqualTo(413).expectBody().jsonPath("$.error.message").value(message ->
				assertThat((String) message).contains("at most 65536 bytes"));
		web.post().uri("/mcp").header("MCP-Protocol-Version", "1999-01-01").contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").exchange().expectStatus().isBadRequest();
		String session = web.post().uri("/mcp").contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}").exchange()
			.returnResult(String.class).getResponseHeaders().getFirst("Mcp-Session-Id");
		web.post().uri("/mcp").header("Mcp-Session-Id", session).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}").exchange().expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error.message").value(message -> assertThat((String) message).contains("answers no request"));
	}

	private String base() {
		return "http://127.0.0.1:" + this.gateway.port();
	}

	@Test
	void aCallInFlightWhenASnapshotRemovesItsBackendStillGetsItsAnswer() throws Exception {
		try (TestMcpServer reports = new TestMcpServer(List.of("slow"))) {
			this.registry.apply(new ConfigSnapshot(List.of(backend("db", "pg", this.db.url()),
					backend("search", "search", this.search.url()), backend("reports", "reports", reports.url()))));
			this.registry.catalogChanges().filter(catalog -> catalog.tool("reports_slow").isPresent())
				.blockFirst(Duration.ofSeconds(10));
			this.client.initialize().block(Duration.ofSeconds(5));
			var inFlight = this.client.callTool(new CallToolRequest("reports_slow", Map.of())).toFuture();
			await().atMost(Duration.ofSeconds(5)).until(() -> reports.toolCallsReceived() == 1);

			this.registry.apply(new ConfigSnapshot(List.of(backend("db", "pg", this.db.url()),
					backend("search", "search", this.search.url()))));

			assertThat(this.registry.catalog().tool("reports_slow")).isEmpty();
			io.modelcontextprotocol.spec.McpSchema.CallToolResult answer = inFlight.get(5, java.util.concurrent.TimeUnit.SECONDS);
			assertThat(((TextContent) answer.content().get(0)).text()).isEqualTo("slow");
			StepVerifier.create(this.client.callTool(new CallToolRequest("reports_slow", Map.of())))
				.expectErrorSatisfies(error -> assertThat(error).hasMessageContaining("reports_slow"))
				.verify(Duration.ofSeconds(5));
		}
	}

	private static BackendDefinition backend(String name, String prefix, String url) {
		return new BackendDefinition(name, URI.create(url), prefix, true, Duration.ofSeconds(2), null, "test:1");
	}

}
