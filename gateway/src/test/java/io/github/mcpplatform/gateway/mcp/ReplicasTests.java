package io.github.mcpplatform.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.github.mcpplatform.gateway.backend.BackendCredentials;
import io.github.mcpplatform.gateway.backend.BackendForwarder;
import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.backend.BackendSettings;
import io.github.mcpplatform.gateway.backend.StreamableHttpTransports;
import io.github.mcpplatform.gateway.backend.TestMcpServer;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.ConfigSnapshot;
import io.github.mcpplatform.gateway.identity.BackendTokens;
import io.github.mcpplatform.gateway.identity.SessionBinding;
import io.github.mcpplatform.gateway.identity.SigningKeys;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import io.github.mcpplatform.gateway.session.RedisContinuations;
import io.github.mcpplatform.gateway.session.RedisSessionStore;
import io.github.mcpplatform.gateway.session.TestRedis;
import reactor.netty.DisposableServer;

/**
 * Two gateway replicas on one real Redis: a client may send each request of its session to either, and a
 * stateless client may answer a question asked through one replica through the other.
 */
class ReplicasTests {

	private static final String INITIALIZE = """
			{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
			"capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""";

	private static final String CALL = """
			{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"pg_get_status","arguments":{}}}""";

	private final SigningKeys sharedKey = SigningKeys.load(null);

	private TestMcpServer backend;

	private final List<AutoCloseable> replicas = new java.util.ArrayList<>();

	@AfterEach
	void stop() throws Exception {
		for (AutoCloseable replica : this.replicas) {
			replica.close();
		}
		this.backend.close();
	}

	@Test
	void aClientAlternatingBetweenReplicasKeepsOneSessionAndOneBackendSession() throws Exception {
		this.backend = new TestMcpServer(List.of("get_status"));
		WebTestClient a = replica();
		WebTestClient b = replica();

		String session = post(a, null, INITIALIZE).expectStatus().isOk().returnResult(String.class).getResponseHeaders()
			.getFirst("Mcp-Session-Id");
		for (int i = 0; i < 4; i++) {
			post(i % 2 == 0 ? b : a, session, CALL.formatted(10 + i)).expectStatus()
				.isOk()
				.expectBody(String.class)
				.value(body -> assertThat(body).contains("\"text\":\"get_status\"").contains("\"id\":"));
		}
		// One catalog session per replica, plus exactly one backend session for the client's session.
		assertThat(this.backend.sessionIdsSeen()).hasSize(3);

		b.delete().uri("/mcp").header("Mcp-Session-Id", session).exchange().expectStatus().isOk();
		post(a, session, CALL.formatted(99)).expectStatus().isNotFound();
	}

	@Test
	void aStatelessClientAskedThroughOneReplicaMayAnswerThroughTheOther() throws Exception {
		this.backend = new TestMcpServer(List.of("ask"));
		WebTestClient a = replica();
		WebTestClient b = replica();
		String envelope = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
				+ "\"io.modelcontextprotocol/clientCapabilities\":{\"elicitation\":{}}}";

		String asked = post(a, null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"pg_ask\","
				+ "\"arguments\":{}," + envelope + "}}").expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
		tools.jackson.databind.JsonNode question = JsonRpc.JSON.readTree(asked.substring(asked.indexOf("data: ") + 6).strip());
		assertThat(question.at("/result/resultType").asString()).isEqualTo("input_required");
		String key = question.at("/result/inputRequests").propertyNames().iterator().next();
		assertThat(question.at("/result/inputRequests/" + key.replace("~", "~0").replace("/", "~1") + "/method").asString())
			.isEqualTo("elicitation/create");
		String state = question.at("/result/requestState").asString();

		post(b, null, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"pg_ask\",\"arguments\":{},"
				+ "\"requestState\":\"" + state + "\",\"inputResponses\":{\"" + key + "\":{\"action\":\"accept\","
				+ "\"content\":{\"name\":\"Ada\"}}}," + envelope + "}}")
			.expectStatus().isOk().expectBody(String.class)
			.value(body -> assertThat(body).contains("hello Ada").contains("\"resultType\":\"complete\"").contains("\"id\":2"));
		// A state not issued to this user (here: made up) leads nowhere.
		post(b, null, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"pg_ask\",\"arguments\":{},"
				+ "\"requestState\":\"forged.AAAA\",\"inputResponses\":{}," + envelope + "}}")
			.expectStatus().isOk().expectBody().jsonPath("$.error.code").isEqualTo(-32602);
	}

	private WebTestClient replica() throws InterruptedException {
		BackendDefinition db = new BackendDefinition("db", URI.create(this.backend.url()), "pg", true,
				Duration.ofSeconds(2), null, "test:1");
		BackendRegistry registry = new BackendRegistry(new ConfigSnapshot(List.of(db)), new BackendSettings(
				Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofMillis(100), Duration.ofMillis(500)),
				StreamableHttpTransports::to).start();
		registry.catalogChanges().filter(tools -> !tools.tools().isEmpty()).blockFirst(Duration.ofSeconds(10));
		RedisContinuations continuations = new RedisContinuations(TestRedis.get().template(),
				new ReactiveRedisMessageListenerContainer(TestRedis.get().template().getConnectionFactory()));
		McpEndpoint endpoint = new McpEndpoint("/mcp", registry, new BackendForwarder(new ReactorClientHttpConnector()),
				new RedisSessionStore(TestRedis.get().template(), Duration.ofMinutes(5)), continuations,
				SessionBinding.from(this.sharedKey),
				new BackendCredentials(new BackendTokens(this.sharedKey, "http://gateway.test", Clock.systemUTC()), WebClient.create()),
				64 * 1024);
		this.replicas.add(continuations);
		DisposableServer server = TestEndpoints.serve(endpoint, "local");
		this.replicas.add(server::disposeNow);
		this.replicas.add(registry);
		return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + server.port()).build();
	}

	private static WebTestClient.ResponseSpec post(WebTestClient web, String session, String body) {
		WebTestClient.RequestBodySpec request = web.post()
			.uri("/mcp")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM);
		if (session != null) {
			request = request.header("Mcp-Session-Id", session);
		}
		return request.bodyValue(body).exchange();
	}

}
