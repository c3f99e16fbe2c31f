package io.github.mcpplatform.gateway.configrepo;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What the config status shows of one backend: its name, state and tool count, how it is reached, and why it is
 * down. Plain values, so that the config repo's endpoints need nothing from the packages that connect backends.
 *
 * @param transport how the gateway reaches it, as the config repo names it ({@code streamable-http}, ...)
 * @param problem why the backend is down, for people; may hold an address, which the status page hides
 * @param since when it entered its state
 */
public record BackendSummary(String name, String state, int tools, String transport, @Nullable String problem,
		Instant since) {
}
