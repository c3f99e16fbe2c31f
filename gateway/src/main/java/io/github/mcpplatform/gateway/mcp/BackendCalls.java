package io.github.mcpplatform.gateway.mcp;

import java.time.Duration;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.mcp.MessageRelay.Patience;
import io.github.mcpplatform.gateway.session.FrontSession;
import io.github.mcpplatform.gateway.upstream.Upstreams;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client's traffic with one backend, as the client sees it: the backend's {@link io.github.mcpplatform.gateway.upstream.Upstream} carries it, and
 * its answers come back rewritten for the client (gateway names, the client's own request ids), with a
 * failure turned into the answer the caller chooses.
 *
 * @see io.github.mcpplatform.gateway.upstream.Upstream
 */
final class BackendCalls {

	private static final Logger log = LoggerFactory.getLogger(BackendCalls.class);

	/**
	 * A backend's listening stream may be quiet for long; a silence this long is taken as a dead connection
	 * and ends the client's stream, which the client then reopens.
	 */
	private static final Duration LISTENING_IDLE = Duration.ofMinutes(30);

	private final Upstreams upstreams;

	BackendCalls(Upstreams upstreams) {
		this.upstreams = upstreams;
	}

	/** Whether the backend speaks the stateless era: it asks mid-call with {@code input_required} results. */
	boolean speaksStateless(BackendDefinition backend) {
		return this.upstreams.of(backend).stateless();
	}

	/**
	 * Sends a request and answers the client with the backend's answer as it comes (JSON or SSE), rewritten
	 * only where {@code rewrite} says; when the backend cannot be reached, answers with {@code failure}.
	 */
	Mono<Answer> request(FrontSession session, GatewayUser user, BackendDefinition backend, ObjectNode message,
			MessageRelay.Rewrite rewrite, Function<Throwable, String> failure) {
		Duration max = maxDuration(backend, message);
		return this.upstreams.of(backend).call(session, user, message)
			.map(answer -> {
				MediaType type = contentType(answer);
				Flux<DataBuffer> body = MessageRelay.relay(type, body(answer), rewrite, Patience.whole(max));
				if (!MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type)) {
					return new Answer(type, body);
				}
				// The stream is under way, so its last event says what happened.
				return new Answer(type, body.onErrorResume(e -> Mono.fromSupplier(() -> DefaultDataBufferFactory.sharedInstance
					.wrap(MessageRelay.event(failure.apply(new AcceptedCallFailedException(backend, max, e)))))));
			})
			.onErrorResume(e -> Mono.just(Answer.json(failure.apply(e))));
	}

	/**
	 * Sends a request and hands back the backend's answer, each message parsed, as it comes. Once the answer has
	 * started, a failure is an {@link AcceptedCallFailedException}.
	 */
	Flux<ObjectNode> messages(FrontSession session, GatewayUser user, BackendDefinition backend, ObjectNode message) {
		Duration max = maxDuration(backend, message);
		return this.upstreams.of(backend).call(session, user, message)
			.flatMapMany(answer -> MessageRelay.messages(contentType(answer), body(answer), Patience.whole(max))
				.onErrorMap(e -> new AcceptedCallFailedException(backend, max, e)));
	}

	/** How long a request may run once its answer has started: a tool's own bound, or the backend's. */
	private static Duration maxDuration(BackendDefinition backend, ObjectNode message) {
		boolean tool = "tools/call".equals(message.path("method").asString(""));
		return backend.longCalls().maxFor(tool ? message.path("params").path("name").asString(null) : null);
	}

	/** Sends a notification, or an answer to one of the backend's requests, in the client's backend session. */
	Mono<Void> send(FrontSession session, GatewayUser user, BackendDefinition backend, String message) {
		return this.upstreams.of(backend).notify(session, user, message);
	}

	/** Ends a client's backend session; failures are ignored (the backend forgets idle sessions anyway). */
	Mono<Void> close(GatewayUser user, BackendDefinition backend, String backendSession) {
		return this.upstreams.of(backend).close(user, backendSession);
	}

	/**
	 * The backend's own stream for this client (log messages, resource updates, its requests), rewritten for
	 * the client; empty when the backend has none or cannot be reached.
	 */
	Flux<DataBuffer> stream(FrontSession session, GatewayUser user, BackendDefinition backend, MessageRelay.Rewrite rewrite) {
		return this.upstreams.of(backend).stream(session, user)
			.flatMapMany(answer -> MessageRelay.relay(MediaType.TEXT_EVENT_STREAM, body(answer), rewrite,
					Patience.silence(LISTENING_IDLE)))
			.onErrorResume(e -> {
				log.debug("No stream from backend {}: {}", backend.name(), e.getMessage());
				return Flux.empty();
			});
	}

	private static Flux<DataBuffer> body(ResponseEntity<Flux<DataBuffer>> answer) {
		return answer.getBody() == null ? Flux.empty() : answer.getBody();
	}

	private static MediaType contentType(ResponseEntity<?> answer) {
		MediaType type = answer.getHeaders().getContentType();
		return type != null ? type : MediaType.APPLICATION_JSON;
	}

}
