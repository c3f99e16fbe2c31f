package io.github.mcpplatform.gateway.mcp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import io.github.mcpplatform.gateway.backend.BackendForwarder;
import io.github.mcpplatform.gateway.backend.BackendForwarder.BackendSessionGoneException;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.backend.BackendCredential;
import io.github.mcpplatform.gateway.backend.BackendCredentials;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import io.github.mcpplatform.gateway.protocol.McpHeaders;
import io.github.mcpplatform.gateway.session.FrontSession;
import io.github.mcpplatform.gateway.session.SessionStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client's traffic with one backend, in the backend session the gateway keeps for that client session:
 * opened on first use (once, even when several requests need it at the same moment), stored so that any
 * replica reuses it, and opened again, once, when the backend has forgotten it. Every request carries a
 * token the gateway minted for that backend and user, never the client's.
 */
final class BackendCalls {

	private static final Logger log = LoggerFactory.getLogger(BackendCalls.class);

	private final BackendForwarder forwarder;

	private final SessionStore sessions;

	private final BackendCredentials credentials;

	private final Predicate<String> speaksStateless;

	/**
	 * A backend's listening stream may be quiet for long; a silence this long is taken as a dead connection
	 * and ends the client's stream, which the client then reopens.
	 */
	private static final java.time.Duration LISTENING_IDLE = java.time.Duration.ofMinutes(30);

	/** Backend sessions being opened by this replica, so that concurrent requests wait for the same one. */
	private final Map<String, Mono<String>> opening = new ConcurrentHashMap<>();

	/**
	 * Calls in flight on this replica to backends without sessions, by front session, backend and request id.
	 * Such a backend cannot match a later {@code notifications/cancelled} to the call (it arrives in a request of
	 * its own), so the gateway cancels by dropping the call's connection, which the SDKs' stateless servers take
	 * as the end of the call.
	 */
	private final Map<String, Sinks.One<Boolean>> sessionlessCalls = new ConcurrentHashMap<>();

	/**
	 * @param speaksStateless whether a backend (by name) speaks the stateless era, so needs no backend session
	 */
	BackendCalls(BackendForwarder forwarder, SessionStore sessions, BackendCredentials credentials,
			Predicate<String> speaksStateless) {
		this.forwarder = forwarder;
		this.sessions = sessions;
		this.credentials = credentials;
		this.speaksStateless = speaksStateless;
	}

	boolean speaksStateless(BackendDefinition backend) {
		return this.speaksStateless.test(backend.name());
	}

	/**
	 * Sends a request and answers the client with the backend's answer as it comes (JSON or SSE), rewritten
	 * only where {@code rewrite} says; when the backend cannot be reached, answers with {@code failure}.
	 */
	Mono<Answer> request(FrontSession session, GatewayUser user, BackendDefinition backend, ObjectNode message,
			MessageRelay.Rewrite rewrite, Function<Throwable, String> failure) {
		return exchange(session, user, backend, message)
			.map(answer -> {
				MediaType type = contentType(answer);
				Flux<DataBuffer> body = answer.getBody() == null ? Flux.empty() : answer.getBody();
				return new Answer(type, MessageRelay.relay(type, body, rewrite, backend.timeout()));
			})
			.onErrorResume(e -> Mono.just(Answer.json(failure.apply(e))));
	}

	/** Sends a request and hands back the backend's answer, each message parsed, as it comes. */
	Flux<ObjectNode> messages(FrontSession session, GatewayUser user, BackendDefinition backend, ObjectNode message) {
		return exchange(session, user, backend, message).flatMapMany(answer -> MessageRelay.messages(contentType(answer),
				answer.getBody() == null ? Flux.empty() : answer.getBody(), backend.timeout()));
	}

	private Mono<ResponseEntity<Flux<DataBuffer>>> exchange(FrontSession session, GatewayUser user, BackendDefinition backend,
			ObjectNode message) {
		return this.credentials.forUser(user, backend).flatMap(credential -> {
			if (speaksStateless(backend)) {
				String method = message.path("method").asString("");
				String name = message.path("params").path("resources/read".equals(method) ? "uri" : "name").asString(null);
				return this.forwarder.forwardStateless(backend, credential, method,
						name == null ? null : McpHeaders.encode(name), StatelessEnvelope.of(session, message).toString());
			}
			String text = JsonRpc.JSON.writeValueAsString(message);
			return withSession(session, backend, credential, backendSession -> {
				Mono<ResponseEntity<Flux<DataBuffer>>> call = this.forwarder.forward(backend, credential, backendSession,
						session.protocolVersion(), text);
				return BackendForwarder.NO_SESSION.equals(backendSession) && message.hasNonNull("id")
						? cancellable(call, callKey(session, backend, message.get("id"))) : call;
			});
		});
	}

	/**
	 * A call to a backend without sessions that the client can cancel: until its answer ends, a
	 * {@code notifications/cancelled} for it drops the call (before the answer starts, or midway), closing
	 * the connection to the backend.
	 */
	private Mono<ResponseEntity<Flux<DataBuffer>>> cancellable(Mono<ResponseEntity<Flux<DataBuffer>>> call, String key) {
		return Mono.defer(() -> {
			Sinks.One<Boolean> cancelled = Sinks.one();
			this.sessionlessCalls.put(key, cancelled);
			Runnable forget = () -> this.sessionlessCalls.remove(key, cancelled);
			return call.takeUntilOther(cancelled.asMono())
				.switchIfEmpty(Mono.error(() -> new IllegalStateException("the client cancelled the call")))
				.map(answer -> ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
					.body((answer.getBody() == null ? Flux.<DataBuffer>empty() : answer.getBody())
						.takeUntilOther(cancelled.asMono())
						.doFinally(signal -> forget.run())))
				.doOnError(e -> forget.run())
				.doOnCancel(forget);
		});
	}

	private static String callKey(FrontSession session, BackendDefinition backend, JsonNode id) {
		return session.id() + "\n" + backend.name() + "\n" + id;
	}

	private static MediaType contentType(ResponseEntity<?> answer) {
		MediaType type = answer.getHeaders().getContentType();
		return type != null ? type : MediaType.APPLICATION_JSON;
	}

	/** Sends a notification, or an answer to one of the backend's requests, in the client's backend session. */
	Mono<Void> send(FrontSession session, GatewayUser user, BackendDefinition backend, String message) {
		String backendSession = speaksStateless(backend) ? null : session.backendSession(backend.name());
		if (backendSession == null) {
			// The backend never met this client, so nothing it sent can be answered or cancelled.
			return Mono.empty();
		}
		if (BackendForwarder.NO_SESSION.equals(backendSession) && message.contains("\"notifications/cancelled\"")) {
			JsonNode requestId = JsonRpc.JSON.readTree(message).path("params").get("requestId");
			Sinks.One<Boolean> call = requestId == null ? null : this.sessionlessCalls.get(callKey(session, backend, requestId));
			if (call != null) {
				call.tryEmitValue(true);
			}
			return Mono.empty();
		}
		return this.credentials.forUser(user, backend)
			.flatMap(credential -> this.forwarder.send(backend, credential, backendSession, session.protocolVersion(), message))
			.onErrorResume(e -> {
				log.warn("A client message did not reach backend {}: {}", backend.name(), e.getMessage());
				return Mono.empty();
			});
	}

	/** Ends a client's backend session; failures are ignored (the backend forgets idle sessions anyway). */
	Mono<Void> close(GatewayUser user, BackendDefinition backend, String backendSession) {
		return this.credentials.forUser(user, backend)
			.flatMap(credential -> this.forwarder.close(backend, credential, backendSession))
			.onErrorComplete();
	}

	/**
	 * The backend's own stream for this client (log messages, resource updates, its requests), rewritten for
	 * the client; empty when the backend has none or cannot be reached.
	 */
	Flux<DataBuffer> stream(FrontSession session, GatewayUser user, BackendDefinition backend, MessageRelay.Rewrite rewrite) {
		if (speaksStateless(backend)) {
			// Stateless backends have no such stream; they tell of changes on subscriptions/listen, which the
			// gateway follows itself.
			return Flux.empty();
		}
		return this.credentials.forUser(user, backend)
			.flatMap(credential -> withSession(session, backend, credential,
					backendSession -> this.forwarder.stream(backend, credential, backendSession, session.protocolVersion())))
			.flatMapMany(answer -> answer.getBody() == null ? Flux.<DataBuffer>empty()
					: MessageRelay.relay(MediaType.TEXT_EVENT_STREAM, answer.getBody(), rewrite, LISTENING_IDLE))
			.onErrorResume(e -> {
				log.debug("No stream from backend {}: {}", backend.name(), e.getMessage());
				return Flux.empty();
			});
	}

	private <T> Mono<ResponseEntity<T>> withSession(FrontSession session, BackendDefinition backend, BackendCredential token,
			Function<String, Mono<ResponseEntity<T>>> exchange) {
		return backendSession(session, backend, token, null).flatMap(exchange)
			.onErrorResume(BackendSessionGoneException.class, gone -> {
				// The backend restarted or expired the session: open a new one, once, and try again.
				String lost = session.backendSession(backend.name());
				return backendSession(session, backend, token, lost != null ? lost : "").flatMap(exchange);
			});
	}

	/**
	 * The backend session of this front session: the stored one, or a new one when there is none or when the
	 * stored one is {@code lost}.
	 */
	private Mono<String> backendSession(FrontSession session, BackendDefinition backend, BackendCredential token,
			String lost) {
		String known = session.backendSession(backend.name());
		if (known != null && lost == null) {
			return Mono.just(known);
		}
		String key = session.id() + "\n" + backend.name();
		return this.opening.computeIfAbsent(key, k -> this.sessions.find(session.id()).defaultIfEmpty(session)
			.flatMap(current -> {
				// Another request (on any replica) may have opened one since this request read the session.
				String existing = current.backendSession(backend.name());
				if (existing != null && !existing.equals(lost)) {
					return Mono.just(existing);
				}
				return this.forwarder.open(backend, token, current.protocolVersion(), current.initializeParams())
					.flatMap(opened -> this.sessions.putBackendSession(session.id(), backend.name(), opened).thenReturn(opened));
			})
			.doFinally(signal -> this.opening.remove(k))
			.cache());
	}

}
