package io.github.mcpplatform.gateway.mcp;

import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.protocol.HttpRules;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import io.github.mcpplatform.gateway.protocol.JsonRpcError;
import io.github.mcpplatform.gateway.protocol.McpHeaders;
import io.github.mcpplatform.gateway.protocol.ProtocolVersions;
import io.github.mcpplatform.gateway.session.FrontSession;
import io.github.mcpplatform.gateway.session.SessionStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET} and {@code DELETE} on the MCP endpoint for a front session: its listening stream, and its end,
 * which closes the backend sessions it opened. Only the session's own user reaches either.
 */
final class SessionStreams {

	private final BackendRegistry backends;

	private final SessionStore sessions;

	private final BackendCalls calls;

	SessionStreams(BackendRegistry backends, SessionStore sessions, BackendCalls calls) {
		this.backends = backends;
		this.sessions = sessions;
		this.calls = calls;
	}

	/**
	 * The session's listening stream: {@code list_changed} whenever the merged catalog as this user sees it
	 * changes, and what the ready backends they may use send this client outside any call.
	 */
	Mono<ServerResponse> listen(ServerRequest request) {
		String version = request.headers().firstHeader(McpHeaders.PROTOCOL_VERSION);
		if (version != null && ProtocolVersions.STATELESS_ERA.contains(version)) {
			// MCP 2026-07-28 has no GET stream: its clients listen with subscriptions/listen.
			JsonRpcError noStream = JsonRpcError.methodNotAllowed("MCP " + version
					+ " offers no stream on GET; send subscriptions/listen");
			return ServerResponse.status(noStream.httpStatus()).allow(HttpMethod.POST, HttpMethod.DELETE)
				.contentType(MediaType.APPLICATION_JSON).bodyValue(noStream.toJson(null));
		}
		JsonRpcError notAcceptable = HttpRules.streamProblem(request.headers().asHttpHeaders());
		if (notAcceptable != null) {
			return ErrorResponses.of(notAcceptable, null);
		}
		String sessionId = request.headers().firstHeader(McpHeaders.SESSION_ID);
		if (sessionId == null) {
			return ErrorResponses.of(McpEndpoint.MISSING_SESSION, null);
		}
		GatewayUser user = GatewayUser.of(request.exchange());
		return this.sessions.find(sessionId)
			.filter(session -> session.user().equals(user.principal()))
			.flatMap(session -> {
				Flux<DataBuffer> changes = ListChanges.seenBy(this.backends.catalogChanges(), user)
					.map(method -> DefaultDataBufferFactory.sharedInstance.wrap(MessageRelay.event(JsonRpc.notification(method))));
				return ServerResponse.ok()
					.contentType(MediaType.TEXT_EVENT_STREAM)
					.body(BodyInserters.fromDataBuffers(Flux.merge(changes, fromBackends(session, user))));
			})
			.switchIfEmpty(Mono.defer(() -> ErrorResponses.of(JsonRpcError.sessionNotFound(), null)));
	}

	/**
	 * What the backends send this client outside any call (log messages, resource updates, their requests),
	 * from each backend for as long as it is ready and the user may use it: a backend that comes up (or back)
	 * while the stream is open joins it, and one that goes down or is closed to the user leaves it.
	 */
	private Flux<DataBuffer> fromBackends(FrontSession session, GatewayUser user) {
		Flux<Set<String>> visible = this.backends.catalogChanges()
			.map(catalog -> catalog.backendsByPrefix().values().stream().filter(name -> catalog.admits(name, user))
				.collect(Collectors.toUnmodifiableSet()))
			.distinctUntilChanged();
		return visible.startWith(Set.<String>of())
			.buffer(2, 1)
			.filter(pair -> pair.size() == 2)
			.concatMapIterable(pair -> pair.get(1).stream().filter(name -> !pair.get(0).contains(name)).toList())
			.flatMap(name -> Mono.justOrEmpty(this.backends.backend(name))
				.flatMapMany(backend -> this.calls.stream(session, user, backend, BackendMessages.of(backend.name(), backend.prefix())))
				.takeUntilOther(visible.filter(names -> !names.contains(name))));
	}

	Mono<ServerResponse> delete(ServerRequest request) {
		String sessionId = request.headers().firstHeader(McpHeaders.SESSION_ID);
		if (sessionId == null) {
			return ServerResponse.badRequest().build();
		}
		GatewayUser user = GatewayUser.of(request.exchange());
		return this.sessions.find(sessionId)
			.filter(session -> session.user().equals(user.principal()))
			.flatMap(session -> Flux.fromIterable(session.backendSessions().entrySet())
				.flatMap(e -> this.backends.backend(e.getKey())
					.map(backend -> this.calls.close(user, backend, e.getValue()))
					.orElse(Mono.empty()))
				.then(this.sessions.delete(session.id()))
				.then(ServerResponse.ok().build()))
			.switchIfEmpty(Mono.defer(() -> ServerResponse.notFound().build()));
	}

}
