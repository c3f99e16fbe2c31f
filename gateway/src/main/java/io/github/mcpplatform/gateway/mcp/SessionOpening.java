package io.github.mcpplatform.gateway.mcp;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import io.github.mcpplatform.gateway.protocol.McpHeaders;
import io.github.mcpplatform.gateway.protocol.ProtocolVersions;
import io.github.mcpplatform.gateway.session.FrontSession;
import io.github.mcpplatform.gateway.session.SessionStore;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code initialize} of the session era: a new front session, stored before its id is answered, with the
 * version the client asked for when the gateway speaks it (else the newest), and the gateway's capabilities.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#initialization">MCP
 *     lifecycle: initialization</a>
 */
final class SessionOpening {

	static final Map<String, String> SERVER_INFO = Map.of("name", "mcp-gateway", "version", "0.1.0");

	/** What the merged backends may offer; requests for what none offers find an empty list or an error. */
	private static final Map<String, Object> CAPABILITIES = Map.of("tools", Map.of("listChanged", true), "prompts",
			Map.of("listChanged", true), "resources", Map.of("listChanged", true, "subscribe", true), "completions",
			Map.of(), "logging", Map.of());

	private static final SecureRandom RANDOM = new SecureRandom();

	private final BackendRegistry backends;

	private final SessionStore sessions;

	SessionOpening(BackendRegistry backends, SessionStore sessions) {
		this.backends = backends;
		this.sessions = sessions;
	}

	Mono<ServerResponse> initialize(GatewayUser user, @Nullable JsonNode id, ObjectNode message) {
		JsonNode params = message.path("params");
		String requested = params.path("protocolVersion").asString("");
		String version = ProtocolVersions.SESSION_ERA.contains(requested) ? requested : ProtocolVersions.SESSION_ERA.get(0);
		FrontSession session = new FrontSession(newSessionId(), user.principal(), version, JsonRpc.JSON.writeValueAsString(params),
				Map.of(), Instant.now());
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("protocolVersion", version);
		result.put("capabilities", CAPABILITIES);
		result.put("serverInfo", SERVER_INFO);
		String instructions = this.backends.instructions(user);
		if (!instructions.isEmpty()) {
			result.put("instructions", instructions);
		}
		return this.sessions.save(session)
			.then(ServerResponse.ok()
				.header(McpHeaders.SESSION_ID, session.id())
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(JsonRpc.result(id, result)));
	}

	/** 256 random bits: a session id is a bearer of the session, guessable by nobody. */
	private static String newSessionId() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
