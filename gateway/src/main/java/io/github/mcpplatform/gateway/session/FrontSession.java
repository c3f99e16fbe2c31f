package io.github.mcpplatform.gateway.session;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A client's MCP session with the gateway (legacy protocol era): what was negotiated at
 * {@code initialize}, and the session the gateway opened on each backend on the client's behalf.
 *
 * @param id a random 256-bit identifier, the {@code Mcp-Session-Id}
 * @param user the principal (issuer and subject) of who opened it; every later request must come from the same person
 * @param initializeParams the client's {@code initialize} params as JSON, replayed to open backend sessions
 * @param backendSessions backend name to that backend's {@code Mcp-Session-Id}
 */
public record FrontSession(String id, String user, String protocolVersion, String initializeParams,
		Map<String, String> backendSessions, Instant created) {

	/**
	 * How the ids of stateless clients' sessions begin (derived from who they are, never handed out). Session-era
	 * ids are 32 random bytes chosen by the gateway, which begin so with a chance of 1 in 64^10.
	 */
	public static final String DERIVED_PREFIX = "stateless-";

	public FrontSession {
		backendSessions = Map.copyOf(backendSessions);
	}

	/** Whether this is the derived session of a stateless client, not one a session-era client opened. */
	public boolean isDerived() {
		return this.id.startsWith(DERIVED_PREFIX);
	}

	public @Nullable String backendSession(String backend) {
		return this.backendSessions.get(backend);
	}

	/** The same session with a backend's session recorded (or forgotten, when {@code sessionId} is null). */
	public FrontSession withBackendSession(String backend, @Nullable String sessionId) {
		Map<String, String> sessions = new HashMap<>(this.backendSessions);
		if (sessionId == null) {
			sessions.remove(backend);
		}
		else {
			sessions.put(backend, sessionId);
		}
		return new FrontSession(this.id, this.user, this.protocolVersion, this.initializeParams, sessions, this.created);
	}

}
