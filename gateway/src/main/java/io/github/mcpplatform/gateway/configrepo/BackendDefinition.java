package io.github.mcpplatform.gateway.configrepo;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * One backend MCP server, as the config repo declares it (environment references already resolved).
 *
 * @param name unique RFC 1123 label
 * @param url the backend's streamable HTTP MCP endpoint
 * @param prefix what the gateway puts before the backend's tool names ({@code <prefix>_<tool>}); unique
 * @param enabled a disabled backend stays declared but is not connected
 * @param timeout upper bound for one call to the backend
 * @param source where it was declared, e.g. {@code backends.yaml:4}, for messages
 */
public record BackendDefinition(String name, URI url, String prefix, boolean enabled, Duration timeout,
		@Nullable String description, String source) {
}
