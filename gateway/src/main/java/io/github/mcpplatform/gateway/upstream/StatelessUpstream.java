package io.github.mcpplatform.gateway.upstream;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import io.github.mcpplatform.gateway.backend.BackendCredentials;
import io.github.mcpplatform.gateway.backend.BackendForwarder;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.protocol.McpHeaders;
import io.github.mcpplatform.gateway.session.FrontSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * A backend of the stateless era (MCP 2026-07-28): no session, every request carries its version envelope
 * ({@link StatelessEnvelope}) and names its method and name in headers. It tells of changes on
 * {@code subscriptions/listen}, which the gateway follows itself, so it has no stream per client.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2026-07-28/changelog">MCP 2026-07-28 changes</a>
 */
final class StatelessUpstream implements Upstream {

	private final BackendDefinition backend;

	private final BackendForwarder forwarder;

	private final BackendCredentials credentials;

	StatelessUpstream(BackendDefinition backend, BackendForwarder forwarder, BackendCredentials credentials) {
		this.backend = backend;
		this.forwarder = forwarder;
		this.credentials = credentials;
	}

	@Override
	public BackendDefinition backend() {
		return this.backend;
	}

	@Override
	public boolean stateless() {
		return true;
	}

	@Override
	public Mono<ResponseEntity<Flux<DataBuffer>>> call(FrontSession session, GatewayUser user, ObjectNode message) {
		String method = message.path("method").asString("");
		String name = message.path("params").path("resources/read".equals(method) ? "uri" : "name").asString(null);
		return this.credentials.forUser(user, this.backend)
			.flatMap(credential -> this.forwarder.forwardStateless(this.backend, credential, method,
					name == null ? null : McpHeaders.encode(name), StatelessEnvelope.of(session, message).toString()));
	}

	/** Nothing to tell: the backend met no session, so nothing it sent can be answered or cancelled later. */
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
