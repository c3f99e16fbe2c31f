package io.github.mcpplatform.gateway.mcp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;

import io.github.mcpplatform.gateway.backend.BackendForwarder;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import io.github.mcpplatform.gateway.protocol.SseEvents;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Relays what a backend sends (one JSON body, or an SSE stream of JSON-RPC messages) to the client. Each
 * message passes through as the backend's bytes unless the {@link Rewrite} wants to change it; only then is
 * it parsed and written again.
 *
 * @see <a href="https://html.spec.whatwg.org/multipage/server-sent-events.html#parsing-an-event-stream">SSE
 *     event stream format</a>
 */
final class MessageRelay {

	/** How long a backend may wait, silent, for the client to answer one of its requests: a person may be asked. */
	static final Duration ANSWER_WAIT = Duration.ofMinutes(10);

	/** What a {@link Rewrite} returns for a message that must not reach the client at all. */
	static final ObjectNode DROP = JsonRpc.JSON.createObjectNode();

	/** Changes nothing: the answer streams through as the backend's bytes, not even cut into events. */
	static final Rewrite PASS = new Rewrite() {

		@Override
		public boolean mayApply(String text) {
			return false;
		}

		@Override
		public @Nullable ObjectNode apply(ObjectNode message) {
			return null;
		}

	};

	/** Decides which messages change, and how. */
	interface Rewrite {

		/** A cheap test on a message's raw text: false means it passes through without being parsed. */
		boolean mayApply(String text);

		/** The message to send instead, null to send the original bytes, or {@link #DROP} to send nothing. */
		@Nullable ObjectNode apply(ObjectNode message);

		/** Whether answers (JSON bodies) may change too; if not, a JSON answer streams through untouched. */
		default boolean appliesToAnswers() {
			return false;
		}

	}

	private MessageRelay() {
	}

	/**
	 * The backend's answer body, rewritten where needed, with the same content type.
	 *
	 * @param patience how long to wait for each next chunk
	 */
	static Flux<DataBuffer> relay(@Nullable MediaType contentType, Flux<DataBuffer> answer, Rewrite rewrite,
			Patience patience) {
		Flux<DataBuffer> body = bounded(answer, rewrite != PASS, patience);
		if (rewrite == PASS) {
			return body;
		}
		if (contentType != null && MediaType.TEXT_EVENT_STREAM.isCompatibleWith(contentType)) {
			return Flux.defer(() -> {
				SseEvents events = new SseEvents();
				return body.concatMapIterable(buffer -> events.feed(SseEvents.drain(buffer)))
					.concatWith(Flux.defer(() -> Flux.fromIterable(events.rest())))
					.map(event -> rewriteEvent(event, rewrite))
					.filter(event -> event.length > 0)
					.map(DefaultDataBufferFactory.sharedInstance::wrap);
			});
		}
		if (!rewrite.appliesToAnswers()) {
			return body;
		}
		// One JSON body: read whole only when it may change.
		return DataBufferUtils.join(body).flatMapMany(joined -> {
			byte[] json = SseEvents.drain(joined);
			String text = new String(json, StandardCharsets.UTF_8);
			byte[] out = rewrite.mayApply(text) ? rewriteJson(text, rewrite, json) : json;
			return Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(out));
		});
	}

	private record Chunk(DataBuffer buffer, boolean asksClient) {
	}

	/**
	 * The answer, failing with a {@code TimeoutException} when the next chunk is not there in time. Each chunk is
	 * looked at before it is passed on (and consumed), so the wait after it is known.
	 */
	private static Flux<DataBuffer> bounded(Flux<DataBuffer> answer, boolean readQuestions, Patience patience) {
		return Flux.defer(() -> {
			Patience.Clock clock = patience.start();
			return answer.map(chunk -> new Chunk(chunk, readQuestions && asksClient(chunk)))
				.name(BackendForwarder.TIMED)
				.timeout(Mono.delay(clock.first()), chunk -> Mono.delay(clock.after(chunk.asksClient())))
				.map(Chunk::buffer);
		});
	}

	/**
	 * How long the relay waits for the next chunk of an answer: a wait that starts anew with each chunk
	 * ({@link #silence}), or a bound on the whole answer ({@link #whole}). Either way, a request to the client
	 * (elicitation, sampling, roots) allows at least {@link #ANSWER_WAIT} after it, since the backend then rightly
	 * waits for a person.
	 */
	interface Patience {

		/** The clock of one answer, started when the answer starts. */
		Clock start();

		interface Clock {

			Duration first();

			Duration after(boolean askedClient);

		}

		/** At most {@code idle} between two chunks, however long the whole takes: a listening stream. */
		static Patience silence(Duration idle) {
			Clock clock = new Clock() {

				@Override
				public Duration first() {
					return idle;
				}

				@Override
				public Duration after(boolean askedClient) {
					return askedClient && ANSWER_WAIT.compareTo(idle) > 0 ? ANSWER_WAIT : idle;
				}

			};
			return () -> clock;
		}

		/**
		 * The whole answer within {@code max} of its start, however it is spread: a call the backend accepted,
		 * which may work quietly or with progress for as long as that. A question to the client moves the end to
		 * at least {@link #ANSWER_WAIT} after it.
		 */
		static Patience whole(Duration max) {
			return () -> new Clock() {

				private long deadline = now() + max.toNanos();

				@Override
				public Duration first() {
					return max;
				}

				@Override
				public Duration after(boolean askedClient) {
					long now = now();
					if (askedClient) {
						this.deadline = Math.max(this.deadline, now + ANSWER_WAIT.toNanos());
					}
					return Duration.ofNanos(Math.max(0, this.deadline - now));
				}

			};
		}

		/** The time of the scheduler the waits run on (virtual in tests). */
		private static long now() {
			return Schedulers.parallel().now(TimeUnit.NANOSECONDS);
		}

	}

	/**
	 * The backend's answer as parsed messages (one for a JSON body, one per event for SSE), with the same
	 * bounds as {@link #relay}.
	 */
	static Flux<ObjectNode> messages(MediaType contentType, Flux<DataBuffer> answer, Patience patience) {
		Flux<DataBuffer> body = bounded(answer, true, patience);
		Flux<String> texts;
		if (MediaType.TEXT_EVENT_STREAM.isCompatibleWith(contentType)) {
			texts = Flux.defer(() -> {
				SseEvents events = new SseEvents();
				return body.concatMapIterable(buffer -> events.feed(SseEvents.drain(buffer)))
					.concatWith(Flux.defer(() -> Flux.fromIterable(events.rest())))
					.map(event -> SseEvents.data(new String(event, StandardCharsets.UTF_8)));
			});
		}
		else {
			texts = DataBufferUtils.join(body).map(joined -> new String(SseEvents.drain(joined), StandardCharsets.UTF_8)).flux();
		}
		return texts.filter(text -> !text.isBlank()).map(text -> JsonRpc.JSON.readTree(text)).ofType(ObjectNode.class);
	}

	/**
	 * Whether a chunk may carry a request to the client (a message with a method and an id). Reads without
	 * consuming; a false positive only lengthens one wait.
	 */
	private static boolean asksClient(DataBuffer chunk) {
		String text = chunk.toString(StandardCharsets.UTF_8);
		return text.contains("\"method\"") && text.contains("\"id\"");
	}

	/** One SSE event with its JSON-RPC message rewritten, or the same bytes. */
	static byte[] rewriteEvent(byte[] event, Rewrite rewrite) {
		String text = new String(event, StandardCharsets.UTF_8);
		if (!rewrite.mayApply(text)) {
			return event;
		}
		StringBuilder fields = new StringBuilder();
		for (String line : text.split("\r\n|\n|\r")) {
			if (!line.isEmpty() && !line.startsWith("data:")) {
				fields.append(line).append('\n');
			}
		}
		ObjectNode rewritten = parseAndApply(SseEvents.data(text), rewrite);
		if (rewritten == null) {
			return event;
		}
		if (rewritten == DROP) {
			return new byte[0];
		}
		return (fields + "data: " + JsonRpc.JSON.writeValueAsString(rewritten) + "\n\n").getBytes(StandardCharsets.UTF_8);
	}

	/** An SSE event carrying one JSON-RPC message. */
	static byte[] event(String message) {
		return ("event: message\ndata: " + message + "\n\n").getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] rewriteJson(String text, Rewrite rewrite, byte[] original) {
		ObjectNode rewritten = parseAndApply(text, rewrite);
		return rewritten == null || rewritten == DROP ? original : JsonRpc.JSON.writeValueAsBytes(rewritten);
	}

	private static @Nullable ObjectNode parseAndApply(String json, Rewrite rewrite) {
		if (json.isBlank()) {
			return null;
		}
		try {
			JsonNode message = JsonRpc.JSON.readTree(json);
			return message instanceof ObjectNode object ? rewrite.apply(object) : null;
		}
		catch (JacksonException e) {
			// Not ours to judge: the client gets the backend's bytes.
			return null;
		}
	}


}
