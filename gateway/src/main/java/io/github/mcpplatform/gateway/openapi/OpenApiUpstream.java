package io.github.mcpplatform.gateway.openapi;

import java.nio.charset.StandardCharsets;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.session.FrontSession;
import io.github.mcpplatform.gateway.upstream.Upstream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OpenAPI backend as the client-facing side sees it: each request answered with one JSON body by its
 * {@link OpenApiServer}, with the user's own credential for the API. It has no session, no stream and nothing to
 * cancel: a REST request cannot be called back.
 */
final class OpenApiUpstream implements Upstream {

	private final BackendDefinition backend;

	private final OpenApiServer server;

	OpenApiUpstream(BackendDefinition backend, OpenApiServer server) {
		this.backend = backend;
		this.server = server;
	}

	@Override
	public BackendDefinition backend() {
		return this.backend;
	}

	/** Session era: it never asks mid-call, so no bridge is needed for any client. */
	@Override
	public boolean stateless() {
		return false;
	}

	@Override
	public Mono<ResponseEntity<Flux<DataBuffer>>> call(FrontSession session, GatewayUser user, ObjectNode message) {
		return this.server.handle(message, user)
			.map(answer -> ResponseEntity.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.body(Flux.<DataBuffer>just(DefaultDataBufferFactory.sharedInstance.wrap(answer.getBytes(StandardCharsets.UTF_8)))))
			.defaultIfEmpty(ResponseEntity.status(HttpStatus.ACCEPTED).body(Flux.empty()));
	}

	@Override
	public Mono<Void> notify(FrontSession session, GatewayUser user, String message) {
		return Mono.empty();
	}

	@Override
	public Mono<ResponseEntity<Flux<DataBuffer>>> stream(FrontSession session, GatewayUser user) {
		return Mono.just(ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(Flux.empty()));
	}

	@Override
	public Mono<Void> close(GatewayUser user, String backendSession) {
		return Mono.empty();
	}

}
