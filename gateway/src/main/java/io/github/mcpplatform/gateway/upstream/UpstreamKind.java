package io.github.mcpplatform.gateway.upstream;

import io.github.mcpplatform.gateway.configrepo.BackendDefinition;

/**
 * A kind of backend that the gateway answers for in its own process (an OpenAPI document's REST API): it makes
 * the backend's {@link Upstream} itself, where other kinds are reached over a protocol.
 */
@FunctionalInterface
public interface UpstreamKind {

	Upstream upstream(BackendDefinition backend);

}
