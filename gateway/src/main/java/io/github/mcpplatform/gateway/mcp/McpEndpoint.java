package io.github.mcpplatform.gateway.mcp;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.github.mcpplatform.gateway.backend.BackendForwarder;
import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.protocol.HttpRules;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import io.github.mcpplatform.gateway.protocol.JsonRpcError;
import io.github.mcpplatform.gateway.protocol.McpHeaders;
import io.github.mcpplatform.gateway.protocol.ProtocolVersions;
import io.github.mcpplatform.gateway.protocol.ServerRequestIds;
import io.github.mcpplatform.gateway.protocol.SseEvents;
import io.github.mcpplatform.gateway.backend.MergedCatalog;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.BackendTransport;
import io.github.mcpplatform.gateway.identity.BackendTokens;
import org.springframework.web.reactive.function.client.WebClient;
import io.github.mcpplatform.gateway.backend.BackendCredentials;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.identity.SessionBinding;
import io.github.mcpplatform.gateway.metrics.CallMetrics;
import io.github.mcpplatform.gateway.session.Continuations;
import io.github.mcpplatform.gateway.session.FrontSession;
import io.github.mcpplatform.gateway.session.InMemoryContinuations;
import io.github.mcpplatform.gateway.session.SessionStore;
import io.github.mcpplatform.gateway.upstream.BackendChannels;
import io.github.mcpplatform.gateway.upstream.SseChannels;
import io.github.mcpplatform.gateway.upstream.UpstreamKind;
import io.github.mcpplatform.gateway.upstream.Upstreams;
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
public final class McpEndpoint implements AutoCloseable {

	/** A session-era request without the session that {@code initialize} opens. */
	static final JsonRpcError MISSING_SESSION = JsonRpcError.invalidRequest("Missing Mcp-Session-Id: call initialize first");

	private final String path;

	private final BackendRegistry backends;

	private final SessionStore sessions;

	private final int maxRequestBytes;

	private final BackendCalls calls;

	private final RoutedRequests routed;

	private final StatelessRequests stateless;

	private final SessionOpening opening;

	/** The SSE connections of client sessions: this endpoint opened them, so it closes them. */
	private final SseChannels sseChannels;

	private final SessionStreams streams;

	/**
	 * A single replica's endpoint whose backends all take the gateway's JWT (tests, benchmarks).
	 *
	 * @param tokens mints the JWT each backend request carries instead of the client's credentials
	 * @param maxRequestBytes larger request bodies are refused with 413 before they are parsed
	 */
	public McpEndpoint(String path, BackendRegistry backends, BackendForwarder forwarder, SessionStore sessions,
			BackendTokens tokens, int maxRequestBytes) {
		this(path, backends, forwarder, sessions, new InMemoryContinuations(), SessionBinding.random(),
				new BackendCredentials(tokens, WebClient.create()), maxRequestBytes);
	}

	/** An endpoint whose measurements nobody reads, without stdio or OpenAPI backends (tests). */
	public McpEndpoint(String path, BackendRegistry backends, BackendForwarder forwarder, SessionStore sessions,
			Continuations continuations, SessionBinding bindings, BackendCredentials credentials, int maxRequestBytes) {
		this(path, backends, forwarder, sessions, continuations, bindings, credentials, maxRequestBytes, CallMetrics.unread(),
				Map.of(), Map.of());
	}

	/**
	 * @param continuations carry a backend's answer to the replica that serves a stateless client's repeat
	 * @param bindings bind the state a stateless client must present back to its user
	 * @param metrics where requests routed to backends are measured
	 * @param channels the channels of transports whose lifecycle is the application's (stdio processes), by config name
	 * @param upstreamKinds the backend kinds the gateway answers for itself (OpenAPI), by config name
	 */
	public McpEndpoint(String path, BackendRegistry backends, BackendForwarder forwarder, SessionStore sessions,
			Continuations continuations, SessionBinding bindings, BackendCredentials credentials, int maxRequestBytes,
			CallMetrics metrics, Map<String, BackendChannels> channels, Map<String, UpstreamKind> upstreamKinds) {
		this.path = path;
		this.backends = backends;
		this.sessions = sessions;
		this.maxRequestBytes = maxRequestBytes;
		Map<String, BackendChannels> kinds = new HashMap<>(channels);
		this.sseChannels = SseChannels.of(credentials, backends::backend);
		kinds.put(BackendTransport.SSE.configName(), this.sseChannels);
		this.calls = new BackendCalls(new Upstreams(forwarder, sessions, credentials, backends::speaksStateless, kinds,
				upstreamKinds));
		this.routed = new RoutedRequests(backends, this.calls, new ClientEra.Sessions(this.calls), metrics);
		RoutedRequests statelessRouted = new RoutedRequests(backends, this.calls, new ClientEra.Stateless(this.calls,
				new InputRequiredBridge(backends, this.calls, continuations, bindings)), metrics);
		// Stateless clients subscribe to what they want (subscriptions/listen) instead of resources/subscribe.
		this.streams = new SessionStreams(backends, sessions, this.calls);
		this.opening = new SessionOpening(backends, sessions);
		this.stateless = new StatelessRequests(backends, sessions, statelessRouted,
				Map.of("tools", Map.of("listChanged", true), "prompts", Map.of("listChanged", true), "resources",
						Map.of("listChanged", true), "completions", Map.of()));
	}

	/** Closes the SSE connections this endpoint's sessions opened (the context calls it as the gateway stops). */
	@Override
	public void close() {
		this.sseChannels.close();
	}

	String path() {
		return this.path;
	}

	int maxRequestBytes() {
		return this.maxRequestBytes;
	}

	public RouterFunction<ServerResponse> routes() {
		return routes(this.path);
	}

	/**
	 * This endpoint at another path as well (the OIDC test path): the same backends, sessions and settings. Only
	 * the endpoint's own path takes the direct path for routine calls.
	 */
	public RouterFunction<ServerResponse> routes(String at) {
		return RouterFunctions.route()
			.POST(at, this::post)
			.GET(at, this.streams::listen)
			.DELETE(at, this.streams::delete)
			.build();
	}

	private Mono<ServerResponse> post(ServerRequest request) {
		JsonRpcError unreadable = HttpRules.postProblem(request.headers().asHttpHeaders());
		if (unreadable != null) {
			return ErrorResponses.of(unreadable, null);
		}
		String version = request.headers().firstHeader(McpHeaders.PROTOCOL_VERSION);
		if (version != null && !ProtocolVersions.SESSION_ERA.contains(version) && !ProtocolVersions.STATELESS_ERA.contains(version)) {
			return ErrorResponses.of(JsonRpcError.invalidRequest("Unsupported MCP-Protocol-Version '" + version
					+ "'; supported: " + String.join(", ", ProtocolVersions.STATELESS_ERA) + ", "
					+ String.join(", ", ProtocolVersions.SESSION_ERA)), null);
		}
		return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), this.maxRequestBytes)
			.map(buffer -> new String(SseEvents.drain(buffer), StandardCharsets.UTF_8))
			.defaultIfEmpty("")
			.flatMap(body -> {
				JsonNode message;
				try {
					message = JsonRpc.JSON.readTree(body);
				}
				catch (JacksonException e) {
					return ErrorResponses.of(JsonRpcError.parseError("Parse error: the body is not JSON"), null);
				}
				if (!(message instanceof ObjectNode object) || !"2.0".equals(object.path("jsonrpc").asString(null))) {
					return ErrorResponses.of(JsonRpcError.invalidRequest(
							"Invalid request: send one JSON-RPC 2.0 object (batches are not supported)"), null);
				}
				if (!HttpRules.isValidId(object.get("id"))) {
					return ErrorResponses.of(JsonRpcError.invalidRequest(
							"Invalid request: an id is a string or an integer, never null or anything else"), null);
				}
				// Who calls: put on the exchange by the resource server (or the local user without sign-in).
				GatewayUser user = GatewayUser.of(request.exchange());
				if (StatelessRequests.claims(version, object)) {
					return this.stateless.handle(request.headers().asHttpHeaders(), object, user);
				}
				String method = object.path("method").asString(null);
				JsonNode id = object.get("id");
				if ("initialize".equals(method)) {
					return this.opening.initialize(user, id, object);
				}
				String sessionId = request.headers().firstHeader(McpHeaders.SESSION_ID);
				if (sessionId == null) {
					return ErrorResponses.of(MISSING_SESSION, id);
				}
				return this.sessions.find(sessionId)
					.filter(session -> session.user().equals(user.principal()))
					.flatMap(session -> handle(session, user, method, id, object))
					.switchIfEmpty(Mono.defer(() -> ErrorResponses.of(JsonRpcError.sessionNotFound(), null)));
			})
			.onErrorResume(DataBufferLimitException.class,
					tooLarge -> ErrorResponses.of(JsonRpcError.requestTooLarge(this.maxRequestBytes), null));
	}

	/** The methods that go to one backend; in a session, they are answered by {@link #routine}. */
	static final Set<String> ROUTED = Set.of("tools/call", "prompts/get", "resources/read", "resources/subscribe",
			"resources/unsubscribe", "completion/complete");

	/**
	 * The answer to a routine request: a request to one backend, in a session of this caller (session era,
	 * {@link #ROUTED}) or well-formed in the stateless era ({@link StatelessRequests#routine}). Empty for
	 * anything else (other methods, errors, an unknown session), which {@link #post} answers. Where both
	 * answer, they answer alike: this is what {@link #post} does for it.
	 */
	Mono<Answer> routine(GatewayUser user, HttpHeaders headers, JsonNode message) {
		String version = headers.getFirst(McpHeaders.PROTOCOL_VERSION);
		if (!(message instanceof ObjectNode object) || !"2.0".equals(object.path("jsonrpc").asString(null))
				|| !HttpRules.isValidId(object.get("id"))) {
			return Mono.empty();
		}
		if (StatelessRequests.claims(version, object)) {
			return this.stateless.routine(headers, object, user);
		}
		String sessionId = headers.getFirst(McpHeaders.SESSION_ID);
		if (sessionId == null || (version != null && !ProtocolVersions.SESSION_ERA.contains(version))) {
			return Mono.empty();
		}
		String method = object.path("method").asString(null);
		JsonNode id = object.get("id");
		if (id == null || method == null || !ROUTED.contains(method)) {
			return Mono.empty();
		}
		return this.sessions.find(sessionId)
			.filter(session -> session.user().equals(user.principal()))
			.flatMap(session -> this.routed.handle(session, user, method, id, object));
	}

	private Mono<ServerResponse> handle(FrontSession session, GatewayUser user, @Nullable String method, @Nullable JsonNode id,
			ObjectNode message) {
		if (method == null) {
			return answerToBackend(session, user, id, message);
		}
		if (id == null) {
			return notification(session, user, method, message);
		}
		if (ROUTED.contains(method)) {
			return this.routed.handle(session, user, method, id, message).flatMap(Answer::response);
		}
		MergedCatalog catalog = this.backends.catalog().visibleTo(user);
		return switch (method) {
			case "ping" -> json(JsonRpc.result(id, Map.of()));
			case "tools/list" -> json(JsonRpc.result(id, Map.of("tools", catalog.tools())));
			case "prompts/list" -> json(JsonRpc.result(id, Map.of("prompts", catalog.prompts())));
			case "resources/list" -> json(JsonRpc.result(id, Map.of("resources", catalog.resources())));
			case "resources/templates/list" ->
				json(JsonRpc.result(id, Map.of("resourceTemplates", catalog.resourceTemplates())));
			case "logging/setLevel" -> this.routed.toEveryBackend(session, user, message).then(json(JsonRpc.result(id, Map.of())));
			default -> ErrorResponses.of(JsonRpcError.methodNotFound(method), id);
		};
	}

	/** The client answers a request a backend sent (elicitation, sampling, roots): it goes back to that backend. */
	private Mono<ServerResponse> answerToBackend(FrontSession session, GatewayUser user, @Nullable JsonNode id,
			ObjectNode message) {
		ServerRequestIds.Origin origin = ServerRequestIds.fromClient(id);
		Optional<BackendDefinition> backend = origin == null ? Optional.empty() : this.backends.backend(origin.backend());
		if (backend.isEmpty()) {
			return ErrorResponses.of(JsonRpcError.invalidRequest(
					"Invalid request: no method, and the id answers no request the gateway relayed"), id);
		}
		message.set("id", origin.id());
		return this.calls.send(session, user, backend.get(), JsonRpc.JSON.writeValueAsString(message))
			.then(ServerResponse.accepted().build());
	}

	private Mono<ServerResponse> notification(FrontSession session, GatewayUser user, String method, ObjectNode message) {
		return switch (method) {
			// A client may cancel a call or tell about new roots; the backends that met this client hear it.
			case "notifications/cancelled", "notifications/roots/list_changed" ->
				this.routed.toEveryBackend(session, user, message).then(ServerResponse.accepted().build());
			default -> ServerResponse.accepted().build();
		};
	}

	private static Mono<ServerResponse> json(String body) {
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

}
