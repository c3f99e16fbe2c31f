package io.github.mcpplatform.gateway.backend;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.modelcontextprotocol.spec.McpSchema.Tool;

/**
 * What the gateway currently knows about one backend.
 *
 * @param catalog the backend's tools, resources and prompts under its own names; empty unless
 *     {@link State#READY}
 * @param problem why the backend is down, for status pages and logs
 */
public record BackendStatus(String backend, State state, Catalog catalog, @Nullable String problem, Instant since) {

	public enum State {

		/** Not connected yet. */
		CONNECTING,

		/** Initialized, answering pings; its tools are listed. */
		READY,

		/** Unreachable or failing; its tools are not listed; reconnecting with backoff. */
		DOWN,

		/** Removed or shut down. */
		CLOSED

	}

	/** The backend's tools under its own names. */
	public List<Tool> tools() {
		return this.catalog.tools();
	}

}
