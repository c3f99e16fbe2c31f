package io.github.mcpplatform.gateway.configrepo;

import org.jspecify.annotations.Nullable;

/**
 * What the config status shows of one backend: its name, state and tool count, and why it is down. Plain
 * values, so that the config repo's endpoints need nothing from the packages that connect backends.
 *
 * @param problem why the backend is down, for people; may hold an address, which the status page hides
 */
public record BackendSummary(String name, String state, int tools, @Nullable String problem) {
}
