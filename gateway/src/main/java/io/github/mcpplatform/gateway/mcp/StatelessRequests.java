package io.github.mcpplatform.gateway.mcp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.backend.MergedCatalog;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import io.github.mcpplatform.gateway.protocol.JsonRpcError;
import io.github.mcpplatform.gateway.protocol.McpHeaders;
import io.github.mcpplatform.gateway.protocol.ProtocolVersions;
import io.github.mcpplatform.gateway.session.FrontSession;
import io.github.mcpplatform.gateway.session.SessionStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stateless protocol era (2026-07-28): no handshake and no session; every request carries its protocol
 * version and the client's capabilities in {@code _meta}, and names its method (and tool, prompt or resource)
 * in headers too, which must agree with the body. Lists and {@code server/discover} are answered from the
 * merged catalog; routed requests reach the session-era backends in a backend session the gateway keeps per
 * user and client capabilities (derived, so any replica finds it); {@code subscriptions/listen} replaces the
 * listening stream.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2026-07-28/changelog">MCP 2026-07-28 changes</a>
 */
final class StatelessRequests {


	/** The methods of this era that go to one backend (it has no resource subscriptions). */
	static final Set<String> ROUTED = Set.of("tools/call", "prompts/get", "resources/read", "completion/complete");



	private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

	private final BackendRegistry backends;

	private final SessionStore sessions;

	private final RoutedRequests routed;

	private final Map<String, Object> capabilities;

	StatelessRequests(BackendRegistry backends, SessionStore sessions, RoutedRequests routed,
			Map<String, Object> capabilities) {
		this.backends = backends;
		this.sessions = sessions;
		this.routed = routed;
		this.capabilities = capabilities;
	}

	/** Whether a request belongs to this era: it claims a version in {@code _meta}, or its header names one of this era. */
	static boolean claims(@Nullable String headerVersion, ObjectNode message) {
		return message.path("params").path("_meta").has(ProtocolVersions.META_VERSION)
				|| (headerVersion != null && ProtocolVersions.STATELESS_ERA.contains(headerVersion));
	}

	Mono<ServerResponse> handle(HttpHeaders headers, ObjectNode message, GatewayUser user) {
		@Nullable String method = message.path("method").asString(null);
		@Nullable JsonNode id = message.get("id");
		JsonNode meta = message.path("params").path("_meta");
		JsonRpcError problem = envelopeProblem(headers, message, method, meta);
		if (problem != null) {
			return ErrorResponses.of(problem, id);
		}
		if (method == null) {
			return ErrorResponses.of(JsonRpcError.invalidRequest(
					"Invalid request: MCP 2026-07-28 has no server-to-client requests to answer"), id);
		}
		if (id == null) {
			// Notifications: cancelling a call reaches the backends this client's session met.
			return ("notifications/cancelled".equals(method) ? this.sessions.find(sessionId(meta, user))
				.flatMap(session -> this.routed.toEveryBackend(session, user, withoutEnvelope(message))) : Mono.<Void>empty())
				.then(ServerResponse.accepted().build());
		}
		if (ROUTED.contains(method)) {
			return routed(meta, user, method, id, message).flatMap(Answer::response);
		}
		MergedCatalog catalog = this.backends.catalog().visibleTo(user);
		return switch (method) {
			case "server/discover" -> json(JsonRpc.result(id, discover(user)));
			case "tools/list" -> json(JsonRpc.result(id, listResult("tools", catalog.tools())));
			case "prompts/list" -> json(JsonRpc.result(id, listResult("prompts", catalog.prompts())));
			case "resources/list" -> json(JsonRpc.result(id, listResult("resources", catalog.resources())));
			case "resources/templates/list" ->
				json(JsonRpc.result(id, listResult("resourceTemplates", catalog.resourceTemplates())));
			case "subscriptions/listen" -> listen(user, id, message.path("params").path("notifications"));
			default -> ErrorResponses.of(JsonRpcError.methodNotFound(method), id);
		};
	}

	/**
	 * The answer to a routine request of this era: a well-formed request to one backend ({@link #ROUTED}).
	 * Empty for anything else, which {@link #handle} answers. Where both answer, they answer alike: this is
	 * what {@link #handle} does for it.
	 */
	Mono<Answer> routine(HttpHeaders headers, ObjectNode message, GatewayUser user) {
		@Nullable String method = message.path("method").asString(null);
		@Nullable JsonNode id = message.get("id");
		JsonNode meta = message.path("params").path("_meta");
		if (id == null || method == null || !ROUTED.contains(method) || envelopeProblem(headers, message, method, meta) != null) {
			return Mono.empty();
		}
		return routed(meta, user, method, id, message);
	}

	/**
	 * A request to one backend, in the session this client's requests share (derived from its envelope). The
	 * envelope itself stays here: the session carries what it says, a session-era backend takes a request that
	 * claims 2026-07-28 for one of an era it does not speak (the Go SDK refuses it, -32022), and a stateless
	 * backend gets it rebuilt from the session.
	 */
	private Mono<Answer> routed(JsonNode meta, GatewayUser user, String method, JsonNode id, ObjectNode message) {
		FrontSession derived = session(meta, user);
		ObjectNode bare = withoutEnvelope(message);
		return this.sessions.findOrCreate(derived)
			.flatMap(session -> this.routed.handle(session, user, method, id, bare));
	}

	/** A copy of a message without the version envelope's keys in {@code params._meta} (and without an empty one). */
	private static ObjectNode withoutEnvelope(ObjectNode message) {
		ObjectNode copy = message.deepCopy();
		if (copy.path("params").get("_meta") instanceof ObjectNode meta) {
			meta.remove(List.of(ProtocolVersions.META_VERSION, ProtocolVersions.META_CLIENT_CAPABILITIES,
					ProtocolVersions.META_CLIENT_INFO));
			if (meta.isEmpty()) {
				((ObjectNode) copy.get("params")).remove("_meta");
			}
		}
		return copy;
	}

	/** What is wrong with the request's version envelope and its headers, or null when nothing is. */
	private static @Nullable JsonRpcError envelopeProblem(HttpHeaders headers, ObjectNode message, @Nullable String method,
			JsonNode meta) {
		if (!meta.path(ProtocolVersions.META_VERSION).isString()
				|| (message.has("id") && method != null && !meta.path(ProtocolVersions.META_CLIENT_CAPABILITIES).isObject())) {
			return JsonRpcError.invalidEnvelope("Invalid params: requests of MCP 2026-07-28 carry _meta."
					+ ProtocolVersions.META_VERSION + " and _meta." + ProtocolVersions.META_CLIENT_CAPABILITIES);
		}
		String version = meta.path(ProtocolVersions.META_VERSION).asString();
		if (!ProtocolVersions.STATELESS_ERA.contains(version)) {
			return JsonRpcError.unsupportedVersion(version, ProtocolVersions.STATELESS_ERA);
		}
		String headerVersion = headers.getFirst(McpHeaders.PROTOCOL_VERSION);
		if (headerVersion != null && !headerVersion.equals(version)) {
			return JsonRpcError.headerMismatch("Bad Request: the MCP-Protocol-Version header names " + headerVersion
					+ " but the body's _meta names " + version);
		}
		String headerMethod = headers.getFirst(McpHeaders.METHOD);
		if (headerMethod != null && !headerMethod.equals(method)) {
			return JsonRpcError.headerMismatch("Bad Request: the Mcp-Method header names " + headerMethod
					+ " but the body names " + method);
		}
		String headerName = headers.getFirst(McpHeaders.NAME);
		String field = "resources/read".equals(method) ? "uri" : "name";
		if (headerName != null && !McpHeaders.decode(headerName).equals(message.path("params").path(field).asString(null))) {
			return JsonRpcError.headerMismatch("Bad Request: the Mcp-Name header names " + headerName + " but the body's "
					+ field + " is " + message.path("params").path(field).asString(null));
		}
		return null;
	}

	private Map<String, Object> discover(GatewayUser user) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("supportedVersions", ProtocolVersions.STATELESS_ERA);
		result.put("capabilities", this.capabilities);
		String instructions = this.backends.instructions(user);
		if (!instructions.isEmpty()) {
			result.put("instructions", instructions);
		}
		return complete(result);
	}

	/**
	 * A list result. Never cacheable by the client: what a user may see can change with the backends and,
	 * with policies, per user.
	 */
	private static Map<String, Object> listResult(String name, List<?> items) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put(name, items);
		return complete(result);
	}

	private static Map<String, Object> complete(Map<String, Object> result) {
		result.put("resultType", "complete");
		result.put("ttlMs", 0);
		result.put("cacheScope", "private");
		result.put("_meta", Map.of(ProtocolVersions.META_SERVER_INFO, SessionOpening.SERVER_INFO));
		return result;
	}

	/**
	 * The list changes the client asked for, on one long-lived answer: an acknowledgement naming what is
	 * honoured, then each change, each stamped with the subscription id (the listen request's id).
	 */
	private Mono<ServerResponse> listen(GatewayUser user, JsonNode id, JsonNode filter) {
		if (!filter.isObject()) {
			return ErrorResponses.of(JsonRpcError.invalidParams(
					"Invalid params: 'notifications' is required and must be a subscription filter"), id);
		}
		Map<String, Boolean> honored = new LinkedHashMap<>();
		for (String kind : List.of("toolsListChanged", "promptsListChanged", "resourcesListChanged")) {
			if (filter.path(kind).asBoolean(false)) {
				honored.put(kind, true);
			}
		}
		Map<String, Object> stamp = Map.of("_meta", Map.of(ProtocolVersions.META_SUBSCRIPTION_ID, id));
		Map<String, Object> acknowledged = new LinkedHashMap<>();
		acknowledged.put("notifications", honored);
		acknowledged.putAll(stamp);
		Flux<String> changes = ListChanges.seenBy(this.backends.catalogChanges(), user)
			.filter(change -> honored.containsKey(filterKey(change)))
			.map(change -> frame(JsonRpc.notification(change, stamp)));
		Flux<DataBuffer> stream = Flux
			.concat(Flux.just(frame(JsonRpc.notification("notifications/subscriptions/acknowledged", acknowledged))),
					Flux.merge(changes, Flux.interval(KEEP_ALIVE).onBackpressureDrop().map(tick -> ": keep-alive\n\n")))
			.map(text -> DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8)));
		return ServerResponse.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(BodyInserters.fromDataBuffers(stream));
	}

	private static String filterKey(String listChanged) {
		return switch (listChanged) {
			case "notifications/tools/list_changed" -> "toolsListChanged";
			case "notifications/prompts/list_changed" -> "promptsListChanged";
			default -> "resourcesListChanged";
		};
	}

	private static String frame(String message) {
		return "event: message\ndata: " + message + "\n\n";
	}

	/**
	 * The backend-facing session of a stateless client: one per user and client (capabilities and info), its
	 * id derived from them, so that every replica arrives at the same one without a handshake. What the client
	 * can be asked (elicitation, sampling, roots), backends may ask: {@link InputRequiredBridge} carries it.
	 */
	private FrontSession session(JsonNode meta, GatewayUser user) {
		JsonNode capabilities = meta.path(ProtocolVersions.META_CLIENT_CAPABILITIES).isObject() ? meta.get(ProtocolVersions.META_CLIENT_CAPABILITIES)
				: JsonRpc.JSON.createObjectNode();
		ObjectNode params = JsonRpc.JSON.createObjectNode().put("protocolVersion", ProtocolVersions.NEWEST_SESSION);
		params.set("capabilities", capabilities);
		params.set("clientInfo", meta.path(ProtocolVersions.META_CLIENT_INFO).isObject() ? meta.get(ProtocolVersions.META_CLIENT_INFO)
				: JsonRpc.JSON.createObjectNode().put("name", "stateless-client").put("version", "0"));
		return new FrontSession(sessionId(meta, user), user.principal(), ProtocolVersions.NEWEST_SESSION, params.toString(), Map.of(), Instant.now());
	}

	private static String sessionId(JsonNode meta, GatewayUser user) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			String key = user.principal() + "\n" + meta.path(ProtocolVersions.META_CLIENT_CAPABILITIES) + "\n" + meta.path(ProtocolVersions.META_CLIENT_INFO);
			return FrontSession.DERIVED_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256.digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", e);
		}
	}

	private static Mono<ServerResponse> json(String body) {
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

}
