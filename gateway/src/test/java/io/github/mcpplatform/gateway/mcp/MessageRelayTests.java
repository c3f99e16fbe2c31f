package io.github.mcpplatform.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;

import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import io.github.mcpplatform.gateway.protocol.JsonRpc;
import io.github.mcpplatform.gateway.protocol.ResourceUris;
import io.github.mcpplatform.gateway.protocol.ServerRequestIds;

class MessageRelayTests {

	private static final String PROGRESS = "event: message\nid: 1\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progress\":1}}\n\n";

	private static final String ELICIT = "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"elicitation/create\",\"params\":{}}\n\n";

	private static final String RESULT = "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"h\u00e9\"}]}}\n\n";

	@Test
	void sseWhenChunksCutEventsAndCharactersAnywhereThenEveryEventArrivesWholeAndOnlyServerRequestsChange() {
		byte[] stream = (PROGRESS + ELICIT + RESULT).getBytes(StandardCharsets.UTF_8);
		// Cut every 7 bytes: inside fields, inside the two-byte é, inside the blank line that ends an event.
		Flux<DataBuffer> chunks = Flux.range(0, (stream.length + 6) / 7)
			.map(i -> DefaultDataBufferFactory.sharedInstance
				.wrap(java.util.Arrays.copyOfRange(stream, i * 7, Math.min(stream.length, i * 7 + 7))));

		StepVerifier
			.create(DataBufferUtils.join(MessageRelay.relay(MediaType.TEXT_EVENT_STREAM, chunks, BackendMessages.of("db", "pg"), MessageRelay.Patience.silence(Duration.ofSeconds(5))))
				.map(joined -> joined.toString(StandardCharsets.UTF_8)))
			.assertNext(relayed -> {
				String[] events = relayed.split("\n\n");
				assertThat(events).hasSize(3);
				assertThat(events[0] + "\n\n").isEqualTo(PROGRESS);
				assertThat(events[2] + "\n\n").isEqualTo(RESULT);
				JsonNode elicit = JsonRpc.JSON.readTree(events[1].substring(events[1].indexOf("data: ") + 6));
				assertThat(elicit.get("method").asString()).isEqualTo("elicitation/create");
				ServerRequestIds.Origin origin = ServerRequestIds.fromClient(elicit.get("id"));
				assertThat(origin.backend()).isEqualTo("db");
				assertThat(origin.id().asInt()).isEqualTo(3);
			})
			.verifyComplete();
	}

	@Test
	void sseWhenTheBackendAsksTheClientThenItsSilenceMayOutlastTheIdleTimeoutButOtherwiseNot() {
		DataBuffer question = DefaultDataBufferFactory.sharedInstance.wrap(ELICIT.getBytes(StandardCharsets.UTF_8));
		DataBuffer progress = DefaultDataBufferFactory.sharedInstance.wrap(PROGRESS.getBytes(StandardCharsets.UTF_8));

		// Asked: a silence longer than the idle timeout is waited out.
		StepVerifier.withVirtualTime(() -> MessageRelay.relay(MediaType.TEXT_EVENT_STREAM,
				Flux.just(question).concatWith(Flux.never()), BackendMessages.of("db", "pg"), MessageRelay.Patience.silence(Duration.ofSeconds(30))))
			.expectNextCount(1)
			.thenAwait(Duration.ofMinutes(5))
			.expectNoEvent(Duration.ofSeconds(1))
			.thenCancel()
			.verify();
		// Not asked: the same silence ends the answer.
		StepVerifier.withVirtualTime(() -> MessageRelay.relay(MediaType.TEXT_EVENT_STREAM,
				Flux.just(progress).concatWith(Flux.never()), BackendMessages.of("db", "pg"), MessageRelay.Patience.silence(Duration.ofSeconds(30))))
			.expectNextCount(1)
			.thenAwait(Duration.ofSeconds(31))
			.expectError(java.util.concurrent.TimeoutException.class)
			.verify();
	}

	@Test
	void aWholeBoundLetsAnAnswerWorkQuietlyOrWithProgressUntilItsEndButNoLonger() {
		DataBuffer progress = DefaultDataBufferFactory.sharedInstance.wrap(PROGRESS.getBytes(StandardCharsets.UTF_8));
		MessageRelay.Patience twoMinutes = MessageRelay.Patience.whole(Duration.ofMinutes(2));

		// Quiet for 100 s, then progress every 10 s: it runs until two minutes have passed since it started.
		StepVerifier.withVirtualTime(() -> MessageRelay.relay(MediaType.TEXT_EVENT_STREAM,
				Flux.interval(Duration.ofSeconds(100), Duration.ofSeconds(10)).map(tick -> progress.slice(0, progress.readableByteCount())),
				BackendMessages.of("db", "pg"), twoMinutes))
			.thenAwait(Duration.ofSeconds(119))
			.expectNextCount(2)
			.expectNoEvent(Duration.ofMillis(500))
			.thenAwait(Duration.ofSeconds(1))
			.expectError(java.util.concurrent.TimeoutException.class)
			.verify();
	}

	@Test
	void aWholeBoundMovesItsEndAfterAQuestionToTheClientSoThatAPersonHasTimeToAnswer() {
		DataBuffer question = DefaultDataBufferFactory.sharedInstance.wrap(ELICIT.getBytes(StandardCharsets.UTF_8));

		StepVerifier.withVirtualTime(() -> MessageRelay.relay(MediaType.TEXT_EVENT_STREAM,
				Flux.just(question).delaySubscription(Duration.ofSeconds(50)).concatWith(Flux.never()),
				BackendMessages.of("db", "pg"), MessageRelay.Patience.whole(Duration.ofMinutes(1))))
			.thenAwait(Duration.ofSeconds(50))
			.expectNextCount(1)
			.thenAwait(MessageRelay.ANSWER_WAIT.minusSeconds(1))
			.expectNoEvent(Duration.ofMillis(500))
			.thenAwait(Duration.ofSeconds(1))
			.expectError(java.util.concurrent.TimeoutException.class)
			.verify();
	}

	@Test
	void jsonAnswerWhenNothingInItChangesThenTheBytesPassThroughUnread() {
		DataBuffer body = DefaultDataBufferFactory.sharedInstance.wrap("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}".getBytes());

		StepVerifier.create(MessageRelay.relay(MediaType.APPLICATION_JSON, Flux.just(body), BackendMessages.of("db", "pg"), MessageRelay.Patience.silence(Duration.ofSeconds(5))))
			.assertNext(buffer -> assertThat(buffer).isSameAs(body))
			.verifyComplete();
	}

	@Test
	void resourceAnswerThenItsUrisCarryTheBackendsPrefix() {
		DataBuffer body = DefaultDataBufferFactory.sharedInstance.wrap(
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"contents\":[{\"uri\":\"demo://a/1\",\"text\":\"x\"}]}}".getBytes());

		StepVerifier.create(DataBufferUtils.join(MessageRelay.relay(MediaType.APPLICATION_JSON, Flux.just(body),
				BackendMessages.withResourceAnswers("everything", "ev"), MessageRelay.Patience.silence(Duration.ofSeconds(5)))).map(b -> b.toString(StandardCharsets.UTF_8)))
			.assertNext(json -> assertThat(JsonRpc.JSON.readTree(json).at("/result/contents/0/uri").asString())
				.isEqualTo("ev+demo://a/1"))
			.verifyComplete();
	}

	@Test
	void serverRequestIdsWhenTheClientAnswersThenTheBackendAndItsOwnIdComeBack() {
		for (JsonNode id : List.of(JsonRpc.JSON.readTree("0"), JsonRpc.JSON.readTree("\"abc.def\""))) {
			ServerRequestIds.Origin origin = ServerRequestIds.fromClient(ServerRequestIds.toClient("my-db", id));
			assertThat(origin.backend()).isEqualTo("my-db");
			assertThat(origin.id()).isEqualTo(id);
		}
		assertThat(ServerRequestIds.fromClient(JsonRpc.JSON.readTree("\"gw.db.!!\""))).isNull();
		assertThat(ServerRequestIds.fromClient(JsonRpc.JSON.readTree("7"))).isNull();
	}

	@Test
	void resourceUrisThenTheGatewayFormRoutesBackAndOddUrisAreLeftOut() {
		assertThat(ResourceUris.toGateway("pg", "git+ssh://host/repo")).isEqualTo("pg+git+ssh://host/repo");
		assertThat(ResourceUris.fromGateway("pg+git+ssh://host/repo"))
			.isEqualTo(new ResourceUris.Split("pg", "git+ssh://host/repo"));
		assertThat(ResourceUris.toGateway("pg", "/no/scheme")).isNull();
		assertThat(ResourceUris.fromGateway("demo://plain")).isNull();
		assertThat(ResourceUris.fromGateway("+demo://x")).isNull();
	}

}
