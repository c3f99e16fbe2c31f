package io.github.mcpplatform.gateway.mcp;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.nio.charset.StandardCharsets;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.github.mcpplatform.gateway.backend.BackendForwarder;
import io.github.mcpplatform.gateway.backend.BackendForwarder.BackendSessionGoneException;
import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.backend.MergedTools;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.identity.BackendTokens;
import io.github.mcpplatform.gateway.session.FrontSession;
import io.github.mcpplatform.gateway.session.SessionStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway's MCP endpoint for clients of the session-based protocol era (2025-03-26, 2025-06-18,
 * 2025-11-25): {@code initialize} opens a front session; lists are answered from the merged catalog;
 * {@code tools/call} goes to the owning backend, in a backend session opened lazily for this front
 * session, and the backend's answer streams straight back.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#streamable-http">MCP
 *     streamable HTTP</a>
 */
public final class McpEndpoint {

	static final List<String> PROTOCOL_VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26");

	private static final String SESSION_HEADER = "Mcp-Session-Id";

	private static final String VERSION_HEADER = "MCP-Protocol-Version";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final String path;

	private final BackendRegistry backends;

	private final BackendForwarder forwarder;

	private final SessionStore sessions;

	private final BackendTokens tokens;

	private final String user;

	private final int maxRequestBytes;

	/**
	 * @param tokens mints the JWT each backend request carries instead of the client's credentials
	 * @param user who the caller is; a fixed local user until sign-in exists
	 * @param maxRequestBytes larger request bodies are refused with 413 before they are parsed
	 */
	public McpEndpoint(String path, BackendRegistry backends, BackendForwarder forwarder, SessionStore sessions,
			BackendTokens tokens, String user, int maxRequestBytes) {
		this.path = path;
		this.backends = backends;
		this.forwarder = forwarder;
		this.sessions = sessions;
		this.tokens = tokens;
		this.user = user;
		this.maxRequestBytes = maxRequestBytes;
	}

	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.POST(this.path, this::post)
			.GET(this.path, this::listen)
			.DELETE(this.path, this::delete)
			.build();
	}

	private Mono<ServerResponse> post(ServerRequest request) {
		String version = request.headers().firstHeader(VERSION_HEADER);
		if (version != null && !PROTOCOL_VERSIONS.contains(version)) {
			return badRequest(JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "Unsupported MCP-Protocol-Version '" + version
					+ "'; supported: " + String.join(", ", PROTOCOL_VERSIONS)));
		}
		return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), this.maxRequestBytes)
			.map(McpEndpoint::text)
			.defaultIfEmpty("")
			.flatMap(body -> {
				JsonNode message;
				try {
					message = JsonRpc.JSON.readTree(body);
				}
				catch (JacksonException e) {
					return badRequest(JsonRpc.error(null, JsonRpc.PARSE_ERROR, "Parse error: the body is not JSON"));
				}
				if (!(message instanceof ObjectNode object) || !"2.0".equals(object.path("jsonrpc").asString(null))) {
					return badRequest(JsonRpc.error(null, JsonRpc.INVALID_REQUEST,
							"Invalid request: send one JSON-RPC 2.0 object (batches are not supported)"));
				}
				String method = object.path("method").asString(null);
				JsonNode id = object.get("id");
				if ("initialize".equals(method)) {
					return initialize(id, object);
				}
				String sessionId = request.headers().firstHeader(SESSION_HEADER);
				if (sessionId == null) {
					return badRequest(JsonRpc.error(id, JsonRpc.INVALID_REQUEST, "Missing Mcp-Session-Id: call initialize first"));
				}
				return this.sessions.find(sessionId)
					.filter(session -> session.user().equals(this.user))
					.flatMap(session -> handle(session, method, id, object))
					.switchIfEmpty(Mono.defer(() -> ServerResponse.status(HttpStatus.NOT_FOUND)
						.contentType(MediaType.APPLICATION_JSON)
						.bodyValue(JsonRpc.error(id, JsonRpc.INVALID_REQUEST, "Session not found: initialize a new one"))));
			})
			.onErrorResume(DataBufferLimitException.class, tooLarge -> ServerResponse.status(HttpStatus.PAYLOAD_TOO_LARGE)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "Request too large: at most " + this.maxRequestBytes
						+ " bytes (gateway.max-request-size)")));
	}

	private static String text(DataBuffer buffer) {
		try {
			return buffer.toString(StandardCharsets.UTF_8);
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	private Mono<ServerResponse> handle(FrontSession session, String method, JsonNode id, ObjectNode message) {
		if (method == null || id == null) {
			// Notifications and answers to server requests: accepted (relaying them is not built yet).
			return ServerResponse.accepted().build();
		}
		return switch (method) {
			case "ping" -> json(JsonRpc.result(id, Map.of()));
			case "tools/list" -> json(JsonRpc.result(id, Map.of("tools", this.backends.tools().tools())));
			case "tools/call" -> call(session, id, message);
			default -> json(JsonRpc.error(id, JsonRpc.METHOD_NOT_FOUND, "Method not found: " + method));
		};
	}

	private Mono<ServerResponse> initialize(JsonNode id, ObjectNode message) {
		JsonNode params = message.path("params");
		String requested = params.path("protocolVersion").asString("");
		String version = PROTOCOL_VERSIONS.contains(requested) ? requested : PROTOCOL_VERSIONS.get(0);
		FrontSession session = new FrontSession(newSessionId(), this.user, version, JsonRpc.JSON.writeValueAsString(params),
				Map.of(), Instant.now());
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("protocolVersion", version);
		result.put("capabilities", Map.of("tools", Map.of("listChanged", true)));
		result.put("serverInfo", Map.of("name", "mcp-gateway", "version", "0.1.0"));
		String instructions = this.backends.instructions();
		if (!instructions.isEmpty()) {
			result.put("instructions", instructions);
		}
		return this.sessions.save(session)
			.then(ServerResponse.ok()
				.header(SESSION_HEADER, session.id())
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(JsonRpc.result(id, result)));
	}

	private Mono<ServerResponse> call(FrontSession session, JsonNode id, ObjectNode message) {
		String name = message.path("params").path("name").asString(null);
		MergedTools.Route route = name == null ? null : this.backends.tools().route(name).orElse(null);
		if (route == null) {
			return json(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Unknown tool: " + name));
		}
		BackendDefinition backend = this.backends.backend(route.backend()).orElseThrow();
		((ObjectNode) message.get("params")).put("name", route.tool());
		String forwarded = JsonRpc.JSON.writeValueAsString(message);
		String token = this.tokens.forBackend(session.user(), backend.name());
		return backendSession(session, backend, token, false)
			.flatMap(backendSession -> this.forwarder.forward(backend, token, backendSession, session.protocolVersion(), forwarded))
			.onErrorResume(BackendSessionGoneException.class, gone -> backendSession(session, backend, token, true)
				.flatMap(backendSession -> this.forwarder.forward(backend, token, backendSession, session.protocolVersion(), forwarded)))
			// The backend's answer goes back as it came: same content type, same bytes.
			.flatMap(answer -> ServerResponse.ok()
				.contentType(answer.getHeaders().getContentType() != null ? answer.getHeaders().getContentType()
						: MediaType.APPLICATION_JSON)
				.body(BodyInserters.fromDataBuffers(answer.getBody())))
			.onErrorResume(e -> json(JsonRpc.result(id, Map.of("isError", true, "content", List.of(Map.of("type", "text",
					"text", "The call did not reach its backend: " + e.getMessage()
							+ ". Other tools keep working; try again shortly."))))));
	}

	/** The backend session of this front session, opened (and stored) on first use or when renewing. */
	private Mono<String> backendSession(FrontSession session, BackendDefinition backend, String token, boolean renew) {
		String known = session.backendSession(backend.name());
		if (known != null && !renew) {
			return Mono.just(known);
		}
		// Read again before opening: another replica may have opened one since this request began.
		return this.sessions.find(session.id()).defaultIfEmpty(session).flatMap(current -> {
			String existing = current.backendSession(backend.name());
			if (existing != null && !renew) {
				return Mono.just(existing);
			}
			return this.forwarder.open(backend, token, current.protocolVersion(), current.initializeParams())
				.flatMap(opened -> this.sessions.save(current.withBackendSession(backend.name(), opened)).thenReturn(opened));
		});
	}

	/** The session's listening stream: {@code notifications/tools/list_changed} whenever the merged list changes. */
	private Mono<ServerResponse> listen(ServerRequest request) {
		String sessionId = request.headers().firstHeader(SESSION_HEADER);
		if (sessionId == null) {
			return ServerResponse.badRequest().build();
		}
		return this.sessions.find(sessionId)
			.flatMap(session -> ServerResponse.ok()
				.contentType(MediaType.TEXT_EVENT_STREAM)
				.body(this.backends.toolChanges()
					.skip(1)
					.map(changed -> ServerSentEvent.builder(JsonRpc.notification("notifications/tools/list_changed"))
						.event("message")
						.build()), ServerSentEvent.class))
			.switchIfEmpty(Mono.defer(() -> ServerResponse.notFound().build()));
	}

	private Mono<ServerResponse> delete(ServerRequest request) {
		String sessionId = request.headers().firstHeader(SESSION_HEADER);
		if (sessionId == null) {
			return ServerResponse.badRequest().build();
		}
		return this.sessions.find(sessionId)
			.flatMap(session -> Flux.fromIterable(session.backendSessions().entrySet())
				.flatMap(e -> this.backends.backend(e.getKey())
					.map(backend -> this.forwarder.close(backend, this.tokens.forBackend(session.user(), backend.name()),
							e.getValue()))
					.orElse(Mono.empty()))
				.then(this.sessions.delete(session.id()))
				.then(ServerResponse.ok().build()))
			.switchIfEmpty(Mono.defer(() -> ServerResponse.notFound().build()));
	}

	private static Mono<ServerResponse> json(String body) {
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

	private static Mono<ServerResponse> badRequest(String body) {
		return ServerResponse.badRequest().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

	private static String newSessionId() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
