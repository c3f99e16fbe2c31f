package io.github.mcpplatform.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.mcpplatform.gateway.backend.BackendCredentials;
import io.github.mcpplatform.gateway.backend.BackendForwarder;
import io.github.mcpplatform.gateway.backend.BackendUnavailableException;
import io.github.mcpplatform.gateway.configrepo.BackendAuth;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.BackendTransport;
import io.github.mcpplatform.gateway.configrepo.LongCalls;
import io.github.mcpplatform.gateway.identity.BackendTokens;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.identity.SigningKeys;
import io.github.mcpplatform.gateway.policy.BackendAccess;
import io.github.mcpplatform.gateway.protocol.SseEvents;
import io.github.mcpplatform.gateway.session.FrontSession;
import io.github.mcpplatform.gateway.session.InMemorySessionStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.node.ObjectNode;

/**
 * A legacy HTTP+SSE backend that misbehaves: each fault ends the calls it affects with an error that says what
 * happened, and the next call opens a new connection.
 */
class SseUpstreamFaultsTests {

	private static final GatewayUser ALICE = GatewayUser.named("alice", "https://idp.example");

	private final FaultySseServer server = new FaultySseServer();

	private final InMemorySessionStore sessions = new InMemorySessionStore(Duration.ofMinutes(5), Clock.systemUTC());

	private BackendDefinition backend;

	private SseChannels channels;

	private Upstream upstream;

	private FrontSession session;

	@BeforeEach
	void start() {
		this.backend = new BackendDefinition("legacy", URI.create(this.server.url()), "legacy", true, Duration.ofSeconds(5), LongCalls.DEFAULT,
				null, BackendAccess.EVERYONE, BackendAuth.GATEWAY_JWT, BackendTransport.SSE, "backends.yaml:2");
		BackendCredentials credentials = new BackendCredentials(
				new BackendTokens(SigningKeys.load(null), "http://gateway.test", Clock.systemUTC()), WebClient.create());
		this.channels = new SseChannels(WebClient.create(), credentials, name -> Optional.of(this.backend),
				new SseChannels.Limits(10, Duration.ofMinutes(1), 64 * 1024, Duration.ofSeconds(1)));
		this.upstream = new Upstreams(new BackendForwarder(new ReactorClientHttpConnector()), this.sessions, credentials,
				name -> false, Map.of("sse", this.channels)).of(this.backend);
		this.session = new FrontSession("session-1", ALICE.principal(), "2025-11-25",
				"{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}",
				Map.of(), Instant.now());
		this.sessions.save(this.session).block();
	}

	@AfterEach
	void stop() {
		this.channels.close();
		this.server.close();
	}

	@Test
	void callWhenTheBackendAnswersThenTheAnswerIsAnEventStreamEndingWithTheResponse() {
		assertThat(call(1, "echo")).contains("\"id\":1").contains("\"text\":\"echo\"");
		assertThat(this.sessions.find("session-1").block().backendSession("legacy")).startsWith("channel-");
	}

	@Test
	void callWhenTheEndpointEventNamesAnotherHostThenTheConnectionIsRefusedAndSaysWhy() {
		this.server.announce(session -> "http://localhost:" + this.server.port() + "/messages?session=" + session);

		assertThat(callError(1, "echo")).hasMessageContaining("backend 'legacy' announced a message endpoint on another origin");
		await().until(() -> this.server.open() == 0);
	}

	@Test
	void callWhenTheBackendDropsTheConnectionMidCallThenTheAnswerFailsAfterWhatCameAndTheNextCallReconnects() {
		ResponseEntity<Flux<DataBuffer>> answer = this.upstream.call(this.session, ALICE, request(1, "drop"))
			.block(Duration.ofSeconds(10));
		StepVerifier.create(answer.getBody().map(buffer -> new String(SseEvents.drain(buffer), StandardCharsets.UTF_8)))
			.assertNext(event -> assertThat(event).contains("\"method\":\"notifications/message\""))
			.expectErrorSatisfies(e -> assertThat(e).isInstanceOf(BackendUnavailableException.class)
				.hasMessage("backend 'legacy' closed the connection")
				.satisfies(unavailable -> assertThat(((BackendUnavailableException) unavailable).mayHaveArrived()).isTrue()))
			.verify(Duration.ofSeconds(10));

		assertThat(call(2, "echo")).contains("\"id\":2").contains("\"text\":\"echo\"");
		assertThat(this.server.connections()).isEqualTo(2);
	}

	@Test
	void callWhenTheBackendSendsAnEventThatIsNotJsonThenTheCallFailsAndTheConnectionIsDropped() {
		assertThat(callError(1, "garbage")).hasMessage("backend 'legacy' sent an event that is not JSON")
			.satisfies(e -> assertThat(((BackendUnavailableException) e).mayHaveArrived()).as("the request was sent").isTrue());
		await().until(() -> this.server.open() == 0);

		assertThat(call(2, "echo")).contains("\"text\":\"echo\"");
	}

	@Test
	void callWhenTheBackendSendsAMessageOverTheLimitThenTheCallFailsWithoutReadingIt() {
		this.server.hugeBytes(200 * 1024);

		assertThat(callError(1, "huge")).hasMessage("backend 'legacy' sent a message over 65536 bytes, the most the gateway reads");
		await().until(() -> this.server.open() == 0);
	}

	@Test
	void closeWhenTheClientSessionEndsThenTheConnectionIsClosed() {
		call(1, "echo");
		assertThat(this.server.open()).isEqualTo(1);

		this.upstream.close(ALICE, this.sessions.find("session-1").block().backendSession("legacy")).block();

		await().until(() -> this.server.open() == 0);
	}

	@Test
	void sweepWhenTheConfigChangedTheBackendThenItsConnectionsAreClosed() {
		call(1, "echo");
		this.backend = new BackendDefinition("legacy", URI.create(this.server.url()), "legacy", true, Duration.ofSeconds(6), LongCalls.DEFAULT,
				null, BackendAccess.EVERYONE, BackendAuth.GATEWAY_JWT, BackendTransport.SSE, "backends.yaml:2");

		this.channels.sweep();

		await().until(() -> this.server.open() == 0);
	}

	@Test
	void sweepWhenTheClientSentNothingForTheIdleTimeoutThenItsConnectionIsClosed() {
		use(new SseChannels.Limits(10, Duration.ofMillis(1), 64 * 1024, Duration.ofMinutes(1)));
		call(1, "echo");
		assertThat(this.server.open()).isEqualTo(1);

		await().until(() -> {
			this.channels.sweep();
			return this.server.open() == 0;
		});
	}

	@Test
	void callWhenTheReplicaHasAsManyConnectionsAsItKeepsThenAnotherSessionIsRefusedAndTheFirstWorksOn() {
		use(new SseChannels.Limits(1, Duration.ofMinutes(1), 64 * 1024, Duration.ofMinutes(1)));
		call(1, "echo");
		this.session = new FrontSession("session-2", ALICE.principal(), "2025-11-25", this.session.initializeParams(), Map.of(),
				Instant.now());

		assertThat(callError(1, "echo"))
			.hasMessage("backend 'legacy' cannot take another SSE connection: this replica has 1 open, the most it keeps");
		this.session = this.sessions.find("session-1").block();
		assertThat(call(2, "echo")).contains("\"text\":\"echo\"");
	}

	/** The upstream on channels with these limits instead. */
	private void use(SseChannels.Limits limits) {
		this.channels.close();
		BackendCredentials credentials = new BackendCredentials(
				new BackendTokens(SigningKeys.load(null), "http://gateway.test", Clock.systemUTC()), WebClient.create());
		this.channels = new SseChannels(WebClient.create(), credentials, name -> Optional.of(this.backend), limits);
		this.upstream = new Upstreams(new BackendForwarder(new ReactorClientHttpConnector()), this.sessions, credentials,
				name -> false, Map.of("sse", this.channels)).of(this.backend);
	}

	private String call(int id, String tool) {
		ResponseEntity<Flux<DataBuffer>> answer = this.upstream.call(this.session, ALICE, request(id, tool))
			.block(Duration.ofSeconds(10));
		assertThat(answer.getHeaders().getContentType().toString()).startsWith("text/event-stream");
		return answer.getBody().map(buffer -> new String(SseEvents.drain(buffer), StandardCharsets.UTF_8))
			.collectList()
			.map(events -> String.join("", events))
			.block(Duration.ofSeconds(10));
	}

	private Throwable callError(int id, String tool) {
		return this.upstream.call(this.session, ALICE, request(id, tool)).then(Mono.<Throwable>empty())
			.onErrorResume(Mono::just)
			.block(Duration.ofSeconds(10));
	}

	private static ObjectNode request(int id, String tool) {
		return (ObjectNode) io.github.mcpplatform.gateway.protocol.JsonRpc.JSON.readTree(
				"{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
						+ "\",\"arguments\":{}}}");
	}

}
