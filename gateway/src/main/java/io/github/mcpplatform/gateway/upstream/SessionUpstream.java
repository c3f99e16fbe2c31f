package io.github.mcpplatform.gateway.upstream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.ResponseEntity;

import io.github.mcpplatform.gateway.backend.BackendCredential;
import io.github.mcpplatform.gateway.backend.BackendCredentials;
import io.github.mcpplatform.gateway.backend.BackendForwarder;
import io.github.mcpplatform.gateway.backend.BackendForwarder.BackendSessionGoneException;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import io.github.mcpplatform.gateway.session.FrontSession;
import io.github.mcpplatform.gateway.session.SessionStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A streamable-HTTP backend of the session era, in the backend session the gateway keeps for each client
 * session: opened on first use (once, even when several requests need it at the same moment), stored so that
 * any replica reuses it, and opened again, once, when the backend has forgotten it. A backend that keeps no
 * sessions (it answers {@code initialize} without an id, {@link BackendForwarder#NO_SESSION}) is initialised the
 * same way and then spoken to without a session id.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#session-management">MCP
 *     session management</a>
 */
final class SessionUpstream implements Upstream {

	private static final Logger log = LoggerFactory.getLogger(SessionUpstream.class);

	private final BackendDefinition backend;

	private final BackendForwarder forwarder;

	private final SessionStore sessions;

	private final BackendCredentials credentials;

	/** Backend sessions being opened by this replica, by front session, so that concurrent requests share one. */
	private final Map<String, Mono<String>> opening = new ConcurrentHashMap<>();

	/**
	 * Calls in flight on this replica to a backend without sessions, by front session and request id. Such a
	 * backend cannot match a later {@code notifications/cancelled} to the call (it arrives in a request of its own),
	 * so the gateway cancels by dropping the call's connection, which the SDKs' stateless servers take as the end
	 * of the call.
	 */
	private final Map<String, Sinks.One<Boolean>> sessionlessCalls = new ConcurrentHashMap<>();

	SessionUpstream(BackendDefinition backend, BackendForwarder forwarder, SessionStore sessions,
			BackendCredentials credentials) {
		this.backend = backend;
		this.forwarder = forwarder;
		this.sessions = sessions;
		this.credentials = credentials;
	}

	@Override
	public BackendDefinition backend() {
		return this.backend;
	}

	@Override
	public boolean stateless() {
		return false;
	}

	@Override
	public Mono<ResponseEntity<Flux<DataBuffer>>> call(FrontSession session, GatewayUser user, ObjectNode message) {
		String text = JsonRpc.JSON.writeValueAsString(message);
		return this.credentials.forUser(user, this.backend).flatMap(credential -> withSession(session, credential,
				backendSession -> {
					Mono<ResponseEntity<Flux<DataBuffer>>> call = this.forwarder.forward(this.backend, credential,
							backendSession, session.protocolVersion(), text);
					return BackendForwarder.NO_SESSION.equals(backendSession) && message.hasNonNull("id")
							? cancellable(call, callKey(session, message.get("id"))) : call;
				}));
	}

	@Override
	public Mono<Void> notify(FrontSession session, GatewayUser user, String message) {
		String backendSession = session.backendSession(this.backend.name());
		if (backendSession == null) {
			// The backend never met this client, so nothing it sent can be answered or cancelled.
			return Mono.empty();
		}
		if (BackendForwarder.NO_SESSION.equals(backendSession)) {
			cancelSessionless(session, message);
			return Mono.empty();
		}
		return this.credentials.forUser(user, this.backend)
			.flatMap(credential -> this.forwarder.send(this.backend, credential, backendSession, session.protocolVersion(),
					message))
			.onErrorResume(e -> {
				log.warn("A client message did not reach backend {}: {}", this.backend.name(), e.getMessage());
				return Mono.empty();
			});
	}

	@Override
	public Mono<ResponseEntity<Flux<DataBuffer>>> stream(FrontSession session, GatewayUser user) {
		return this.credentials.forUser(user, this.backend)
			.flatMap(credential -> withSession(session, credential,
					backendSession -> this.forwarder.stream(this.backend, credential, backendSession,
							session.protocolVersion())));
	}

	@Override
	public Mono<Void> close(GatewayUser user, String backendSession) {
		return this.credentials.forUser(user, this.backend)
			.flatMap(credential -> this.forwarder.close(this.backend, credential, backendSession))
			.onErrorComplete();
	}

	/** A client's cancellation of a call to a backend without sessions drops that call, if it is on this replica. */
	private void cancelSessionless(FrontSession session, String message) {
		if (!message.contains("\"notifications/cancelled\"")) {
			return;
		}
		JsonNode requestId = JsonRpc.JSON.readTree(message).path("params").get("requestId");
		Sinks.One<Boolean> call = requestId == null ? null : this.sessionlessCalls.get(callKey(session, requestId));
		if (call != null) {
			call.tryEmitValue(true);
		}
	}

	/**
	 * A call to a backend without sessions that the client can cancel: until its answer ends, a
	 * {@code notifications/cancelled} for it drops the call (before the answer starts, or midway), closing the
	 * connection to the backend.
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

	private static String callKey(FrontSession session, JsonNode id) {
		return session.id() + "\n" + id;
	}

	private <T> Mono<ResponseEntity<T>> withSession(FrontSession session, BackendCredential credential,
			Function<String, Mono<ResponseEntity<T>>> exchange) {
		return backendSession(session, credential, null).flatMap(exchange)
			.onErrorResume(BackendSessionGoneException.class, gone -> {
				// The backend restarted or expired the session: open a new one, once, and try again.
				String lost = session.backendSession(this.backend.name());
				return backendSession(session, credential, lost != null ? lost : "").flatMap(exchange);
			});
	}

	/**
	 * The backend session of this front session: the stored one, or a new one when there is none or when the
	 * stored one is {@code lost}.
	 */
	private Mono<String> backendSession(FrontSession session, BackendCredential credential, @Nullable String lost) {
		String known = session.backendSession(this.backend.name());
		if (known != null && lost == null) {
			return Mono.just(known);
		}
		return this.opening.computeIfAbsent(session.id(), key -> this.sessions.find(session.id()).defaultIfEmpty(session)
			.flatMap(current -> {
				// Another request (on any replica) may have opened one since this request read the session.
				String existing = current.backendSession(this.backend.name());
				if (existing != null && !existing.equals(lost)) {
					return Mono.just(existing);
				}
				return this.forwarder.open(this.backend, credential, current.protocolVersion(), current.initializeParams())
					.flatMap(opened -> this.sessions.putBackendSession(session.id(), this.backend.name(), opened)
						.thenReturn(opened));
			})
			.doFinally(signal -> this.opening.remove(key))
			.cache());
	}

}
