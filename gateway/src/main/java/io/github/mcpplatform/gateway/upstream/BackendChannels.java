package io.github.mcpplatform.gateway.upstream;

import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.session.FrontSession;
import reactor.core.publisher.Mono;

/** Opens the {@link BackendChannel}s of one transport kind. */
public interface BackendChannels {

	/**
	 * The channel of a client session to a backend: opened on first use, with the client's own initialize
	 * parameters (protocol version, capabilities, client info) where the backend gives each client a session of
	 * its own, and the same open channel for every later request of that session on this replica.
	 */
	Mono<BackendChannel> channel(BackendDefinition backend, FrontSession session, GatewayUser user);

}
