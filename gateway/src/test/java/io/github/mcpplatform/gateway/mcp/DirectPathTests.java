package io.github.mcpplatform.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import io.github.mcpplatform.gateway.backend.BackendForwarder;
import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.backend.BackendSettings;
import io.github.mcpplatform.gateway.backend.StreamableHttpTransports;
import io.github.mcpplatform.gateway.backend.TestMcpServer;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.ConfigSnapshot;
import io.github.mcpplatform.gateway.identity.BackendTokens;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.identity.SigningKeys;
import io.github.mcpplatform.gateway.resourceserver.CallerFilter;
import io.github.mcpplatform.gateway.session.InMemorySessionStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Which requests the {@link DirectPath} answers itself, and that it hands every other one to the full
 * pipeline as it came: same headers, same body bytes, same answer as without it.
 */
class DirectPathTests {

	private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"pg_get_status\",\"arguments\":{}}}";

	private static TestMcpServer db;

	private static BackendRegistry registry;

	private static DisposableServer gateway;

	private static final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	/** The bodies of the requests the full pipeline saw, as it read them. */
	private static final Queue<String> fullWay = new ConcurrentLinkedQueue<>();

	private final WebTestClient web = WebTestClient.bindToServer()
		.baseUrl("http://127.0.0.1:" + gateway.port())
		.defaultHeader("Authorization", "Bearer alice")
		.build();

	@BeforeAll
	static void start() throws Exception {
		db = new TestMcpServer(List.of("get_status"));
		registry = new BackendRegistry(new ConfigSnapshot(List.of(new BackendDefinition("db", URI.create(db.url()), "pg",
				true, Duration.ofSeconds(2), null, "test:1"))), new BackendSettings(Duration.ofMillis(200),
						Duration.ofMillis(500), Duration.ofMillis(100), Duration.ofMillis(500)), StreamableHttpTransports::to)
			.start();
		registry.catalogChanges().filter(catalog -> catalog.tool("pg_get_status").isPresent()).blockFirst(Duration.ofSeconds(10));
		McpEndpoint endpoint = new McpEndpoint("/mcp", registry, new BackendForwarder(new ReactorClientHttpConnector()),
				new InMemorySessionStore(), new BackendTokens(SigningKeys.load(null), "http://gateway.test", Clock.systemUTC()),
				4096);
		CallerFilter callers = new TokenNamesCaller();
		HttpHandler full = RouterFunctions.toHttpHandler(endpoint.routes(), HandlerStrategies.builder().webFilter(callers).build());
		HttpHandler recorded = (request, response) -> full.handle(recording(request), response);
		gateway = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle(new ReactorHttpHandlerAdapter(new DirectPath(endpoint, callers, meters).apply(recorded)))
			.bindNow();
	}

	@AfterAll
	static void stop() {
		gateway.disposeNow();
		registry.close();
		db.close();
	}

	@BeforeEach
	void forget() {
		fullWay.clear();
	}

	@Test
	void aCallInTheCallersSessionIsAnsweredWithoutTheFullPipeline() {
		String session = initialize();
		fullWay.clear();

		// The backend's answer as it sent it: here one server-sent event.
		assertThat(post(session, CALL).expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
			.contains("\"id\":5").contains("\"text\":\"get_status\"");

		assertThat(fullWay).isEmpty();
		// Timed when the answer has been written, which the client may see finish a moment before.
		Awaitility.await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(meters.get("gateway.direct.requests").timer().count()).isPositive());
	}

	@Test
	void aStatelessCallIsAnsweredWithoutTheFullPipelineUnlessItsHeadersDisagreeWithItsBody() {
		String call = CALL.replace("\"arguments\":{}", "\"arguments\":{}," + TestEndpoints.STATELESS_ENVELOPE);

		assertThat(stateless(call, "pg_get_status").expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
			.contains("\"id\":5").contains("\"text\":\"get_status\"").contains("\"resultType\":\"complete\"");
		assertThat(fullWay).isEmpty();

		stateless(call, "pg_other").expectStatus().isBadRequest().expectBody().jsonPath("$.error.message")
			.isEqualTo("Bad Request: the Mcp-Name header names pg_other but the body's name is pg_get_status");
		assertThat(fullWay).containsExactly(call);
	}

	@Test
	void anyOtherRequestTakesTheFullPipelineWithItsBodyIntactAndGetsItsUsualAnswer() {
		String session = initialize();
		String list = "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/list\"}";
		String unknownTool = CALL.replace("pg_get_status", "pg_nothing");
		fullWay.clear();

		post(session, list).expectStatus().isOk().expectBody().jsonPath("$.result.tools[0].name").isEqualTo("pg_get_status");
		post("forged", CALL).expectStatus().isNotFound();
		post(session, "{not json").expectStatus().isBadRequest().expectBody().jsonPath("$.error.code").isEqualTo(-32700);
		post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{}}").expectStatus().isAccepted();

		assertThat(fullWay).containsExactly(list, CALL, "{not json", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{}}");
		fullWay.clear();
		// A routine request whose answer is an error is still answered directly, as the full way would.
		post(session, unknownTool).expectStatus().isOk().expectBody().jsonPath("$.error.message").isEqualTo("Unknown tool: pg_nothing");
		assertThat(fullWay).isEmpty();
	}

	@Test
	void anotherCallersSessionTakesTheFullPipelineAndIsNotFound() {
		String session = initialize();
		fullWay.clear();

		this.web.post().uri("/mcp").header("Authorization", "Bearer bob").header("Mcp-Session-Id", session)
			.contentType(MediaType.APPLICATION_JSON).bodyValue(CALL).exchange().expectStatus().isNotFound();

		assertThat(fullWay).containsExactly(CALL);
	}

	@Test
	void aRequestTheCallerFilterRefusesIsLeftUnreadForIt() {
		String session = initialize();
		fullWay.clear();

		this.web.post().uri("/mcp").header("Authorization", "Bearer nobody").header("Mcp-Session-Id", session)
			.contentType(MediaType.APPLICATION_JSON).bodyValue(CALL).exchange().expectStatus().isUnauthorized();

		// The filter answered before anything read the body.
		assertThat(fullWay).isEmpty();
	}

	@Test
	void aFailureOnTheDirectPathIsAnsweredAsAnInternalErrorNotLeftToTheHttpLayer() {
		String session = initialize();

		for (String failing : List.of("explode", "throw")) {
			this.web.post().uri("/mcp").header("Authorization", "Bearer " + failing).header("Mcp-Session-Id", session)
				.contentType(MediaType.APPLICATION_JSON).bodyValue(CALL).exchange()
				.expectStatus().isEqualTo(500).expectBody().jsonPath("$.error.code").isEqualTo(-32603);
		}
	}

	@Test
	void browsersAndOversizedOrUnsizedBodiesTakeTheFullPipeline() {
		String session = initialize();
		fullWay.clear();

		this.web.post().uri("/mcp").header("Origin", "http://127.0.0.1:3000").header("Mcp-Session-Id", session)
			.contentType(MediaType.APPLICATION_JSON).bodyValue(CALL).exchange().expectStatus().isOk();
		String large = CALL.replace("{}}}", "{\"text\":\"" + "a".repeat(5000) + "\"}}}");
		post(session, large).expectStatus().isEqualTo(413);
		this.web.post().uri("/mcp").header("Mcp-Session-Id", session).contentType(MediaType.APPLICATION_JSON)
			.body(Flux.just(CALL.substring(0, 10), CALL.substring(10)), String.class).exchange().expectStatus().isOk();

		// The oversized body was refused while the full pipeline read it, so only the other two were read whole.
		assertThat(fullWay).containsExactly(CALL, CALL);
	}

	private String initialize() {
		String session = this.web.post().uri("/mcp").contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\"}}")
			.exchange().expectStatus().isOk().returnResult(String.class).getResponseHeaders().getFirst("Mcp-Session-Id");
		assertThat(session).isNotNull();
		return session;
	}

	private WebTestClient.ResponseSpec stateless(String body, String name) {
		return this.web.post().uri("/mcp").header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/call")
			.header("Mcp-Name", name).contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM).bodyValue(body).exchange();
	}

	private WebTestClient.ResponseSpec post(String session, String body) {
		return this.web.post().uri("/mcp").header("Mcp-Session-Id", session).contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM).bodyValue(body).exchange();
	}

	private static ServerHttpRequest recording(ServerHttpRequest request) {
		return new ServerHttpRequestDecorator(request) {

			@Override
			public Flux<DataBuffer> getBody() {
				StringBuilder body = new StringBuilder();
				return super.getBody().doOnNext(buffer -> body.append(buffer.toString(StandardCharsets.UTF_8)))
					.doOnComplete(() -> fullWay.add(body.toString()));
			}

		};
	}

	/**
	 * The caller is the user the bearer token names; "nobody" is refused with 401, as a bad token would be,
	 * "explode" fails as a bug would, and "throw" throws as a bug outside any Mono would.
	 */
	private static final class TokenNamesCaller implements CallerFilter {

		@Override
		public Mono<GatewayUser> caller(ServerHttpRequest request) {
			String authorization = request.getHeaders().getFirst("Authorization");
			String name = authorization == null ? "local" : authorization.substring("Bearer ".length());
			if ("explode".equals(name)) {
				return Mono.error(new IllegalStateException("a bug in deciding the caller"));
			}
			if ("throw".equals(name)) {
				throw new IllegalStateException("a bug that throws before it returns a Mono");
			}
			return "nobody".equals(name) ? Mono.empty() : Mono.just(GatewayUser.named(name, "http://gateway.test"));
		}

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
			return caller(exchange.getRequest()).map(user -> {
				exchange.getAttributes().put(GatewayUser.ATTRIBUTE, user);
				return chain.filter(exchange);
			}).defaultIfEmpty(Mono.defer(() -> {
				exchange.getResponse().setStatusCode(HttpStatus.UNAUTHORIZED);
				return exchange.getResponse().setComplete();
			})).flatMap(Function.identity());
		}

	}

}
