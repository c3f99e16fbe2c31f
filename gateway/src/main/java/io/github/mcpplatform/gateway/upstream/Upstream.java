package io.github.mcpplatform.gateway.upstream;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.ResponseEntity;

import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.session.FrontSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * One backend, as the gateway speaks to it on behalf of a client's session: whatever the backend's kind, a
 * request goes in and the backend's answer comes back as it comes (one JSON body, or an event stream with
 * progress and logging before the result), with the user's identity in the backend's own credentials.
 */
public interface Upstream {

	BackendDefinition backend();

	/**
	 * Whether the backend speaks the stateless era (MCP 2026-07-28): it asks mid-call with {@code input_required}
	 * results, and has no stream of its own.
	 */
	boolean stateless();

	/**
	 * Sends a request for the client's session; the backend's answer untouched: status, content type and body.
	 * Fails with a {@code BackendUnavailableException} when the backend cannot be reached.
	 */
	Mono<ResponseEntity<Flux<DataBuffer>>> call(FrontSession session, GatewayUser user, ObjectNode message);

	/**
	 * Sends a notification or an answer to one of the backend's requests. Never fails: the client's message was
	 * accepted by the gateway, and a backend that does not take it is logged.
	 */
	Mono<Void> notify(FrontSession session, GatewayUser user, String message);

	/** The backend's own stream for this client session (HTTP GET); an empty body when it has none. */
	Mono<ResponseEntity<Flux<DataBuffer>>> stream(FrontSession session, GatewayUser user);

	/** Ends the backend's session {@code backendSession}; failures are ignored. */
	Mono<Void> close(GatewayUser user, String backendSession);

}
