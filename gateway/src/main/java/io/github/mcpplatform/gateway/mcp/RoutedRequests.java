package io.github.mcpplatform.gateway.mcp;

import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpplatform.gateway.backend.BackendCredentialException;
import io.github.mcpplatform.gateway.backend.BackendUnavailableException;
import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.backend.BackendStatus;
import io.github.mcpplatform.gateway.backend.MergedCatalog;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.metrics.CallMetrics;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import io.github.mcpplatform.gateway.protocol.JsonRpcError;
import io.github.mcpplatform.gateway.protocol.ResourceUris;
import io.github.mcpplatform.gateway.tracing.CallTraces;
import io.github.mcpplatform.gateway.session.FrontSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The requests that belong to one backend ({@code tools/call}, {@code prompts/get}, {@code resources/read},
 * {@code resources/subscribe}/{@code unsubscribe}, {@code completion/complete}): the gateway name becomes the
 * backend's own, the request goes to that backend, and the answer comes back. Routing is the same in both protocol
 * eras; what differs (how failures read, how answers reach the client) is the {@link ClientEra} of the endpoint
 * that routes. Each request is measured here ({@link CallMetrics}): where it went, and what the gateway decided
 * when it answered itself.
 */
final class RoutedRequests {

	private static final Logger log = LoggerFactory.getLogger(RoutedRequests.class);

	/** The advice after a failure that came once the request may have arrived: a retry could do the work twice. */
	private static final String MAY_HAVE_WORKED = "It may have received the request and done the work, or may still "
			+ "finish it: check the current state (with a tool that reads it) before you try again.";

	private final BackendRegistry backends;

	private final BackendCalls calls;

	private final ClientEra era;

	private final CallMetrics metrics;

	RoutedRequests(BackendRegistry backends, BackendCalls calls, ClientEra era, CallMetrics metrics) {
		this.backends = backends;
		this.calls = calls;
		this.era = era;
		this.metrics = metrics;
	}

	Mono<Answer> handle(FrontSession session, GatewayUser user, String method, JsonNode id, ObjectNode message) {
		MergedCatalog catalog = this.backends.catalog();
		JsonNode params = message.path("params");
		JsonNode clientTraceparent = params.path("_meta").path(CallTraces.TRACEPARENT);
		CallMetrics.Call call = this.metrics.start(method, clientTraceparent.isString() ? clientTraceparent.asString() : null);
		Mono<Answer> answer = switch (method) {
			case "tools/call" -> routed(call, session, user, id, message, "name",
					admitted(catalog.tool(params.path("name").asString("")), catalog, user, call), "tool");
			case "prompts/get" -> routed(call, session, user, id, message, "name",
					admitted(catalog.prompt(params.path("name").asString("")), catalog, user, call), "prompt");
			case "completion/complete" -> complete(call, session, user, id, message, catalog);
			default -> routed(call, session, user, id, message, "uri",
					admitted(catalog.resource(params.path("uri").asString("")), catalog, user, call), "resource");
		};
		return answer.map(routed -> new Answer(routed.type(), call.observe(routed.body())))
			.doOnError(call::abandoned)
			.doOnCancel(() -> call.abandoned(null));
	}

	/**
	 * The route, if the user may use its backend: to them a name of a backend they may not use is unknown. The
	 * log says what the client is not told, for the operator who is asked why a tool is missing; the trace
	 * keeps the decision as a span of its own.
	 */
	private static Optional<MergedCatalog.Route> admitted(Optional<MergedCatalog.Route> route, MergedCatalog catalog,
			GatewayUser user, CallMetrics.Call call) {
		if (route.isEmpty()) {
			return route;
		}
		boolean admitted = catalog.admits(route.get().backend(), user);
		call.trace().policy(route.get().backend(), admitted);
		if (!admitted) {
			call.trace().inScope(() -> log.info("User {} asked for {} of backend {}, whose access leaves them out: "
					+ "answered as unknown", user.id(), route.get().name(), route.get().backend()));
			return Optional.empty();
		}
		return route;
	}

	/** Sends a request to the backend that owns the name (or URI) in {@code params.<field>}, under its own name. */
	private Mono<Answer> routed(CallMetrics.Call call, FrontSession session, GatewayUser user, JsonNode id,
			ObjectNode message, String field, Optional<MergedCatalog.Route> route, String kind) {
		String name = message.path("params").path(field).asString("");
		if (route.isEmpty()) {
			return json(notRouted(call, user, id, kind, name));
		}
		call.routedTo(route.get().backend(), name);
		((ObjectNode) message.get("params")).put(field, route.get().name());
		return forward(call, session, user, id, message, route.get());
	}

	/** {@code completion/complete} goes where its prompt or resource template goes. */
	private Mono<Answer> complete(CallMetrics.Call call, FrontSession session, GatewayUser user, JsonNode id,
			ObjectNode message, MergedCatalog catalog) {
		JsonNode ref = message.path("params").path("ref");
		boolean prompt = "ref/prompt".equals(ref.path("type").asString(null));
		String field = prompt ? "name" : "uri";
		String name = ref.path(field).asString("");
		Optional<MergedCatalog.Route> route = admitted(prompt ? catalog.prompt(name) : catalog.resource(name), catalog, user, call);
		if (!(ref instanceof ObjectNode refObject)) {
			call.decided(CallMetrics.Outcome.REFUSED);
			return json(JsonRpcError.invalidParams("Unknown completion reference: " + name).toJson(id));
		}
		if (route.isEmpty()) {
			return json(notRouted(call, user, id, prompt ? "prompt" : "resource", name));
		}
		call.routedTo(route.get().backend(), null);
		refObject.put(field, route.get().name());
		return forward(call, session, user, id, message, route.get());
	}

	private Mono<Answer> forward(CallMetrics.Call call, FrontSession session, GatewayUser user, JsonNode id,
			ObjectNode message, MergedCatalog.Route route) {
		BackendDefinition backend = this.backends.backend(route.backend()).orElse(null);
		if (backend == null) {
			call.decided(CallMetrics.Outcome.REFUSED);
			// A new config snapshot removed the backend between the lookup of the name and now.
			return json(JsonRpcError.invalidParams("Unknown " + route.name() + ": its backend '"
					+ route.backend() + "' was just removed from the configuration").toJson(id));
		}
		String method = message.path("method").asString("");
		boolean tool = "tools/call".equals(method);
		BackendMessages messages = "resources/read".equals(method)
				? BackendMessages.withResourceAnswers(backend.name(), backend.prefix())
				: BackendMessages.of(backend.name(), backend.prefix());
		String traceparent = call.trace().backendCall(backend.name());
		if (traceparent != null && message.get("params") instanceof ObjectNode params) {
			// SEP-414: the backend call's trace context also travels in the message, for transports without headers.
			JsonNode meta = params.get("_meta");
			(meta instanceof ObjectNode object ? object : params.putObject("_meta")).put(CallTraces.TRACEPARENT, traceparent);
		}
		return this.era.forward(session, user, backend, id, message, messages, problem -> {
			call.failed(problem);
			return failure(id, tool, problem, call);
		}).contextWrite(context -> CallTraces.withTrace(CallTraces.withTraceparent(context, traceparent), call.trace()));
	}

	/**
	 * The answer when a request failed on its way to or from its backend. The client reads what happened in
	 * safe words ({@link BackendUnavailableException} keeps addresses out); the log keeps the cause. Whether the
	 * backend may have done the work decides the advice: a request that never arrived can simply be sent again,
	 * one that may have arrived must be checked first (a retry of a create would meet a conflict).
	 */
	private String failure(JsonNode id, boolean tool, Throwable problem, CallMetrics.Call call) {
		String[] text = new String[1];
		call.trace().inScope(() -> text[0] = logged(problem));
		return tool ? this.era.toolError(id, text[0]) : JsonRpcError.internalError(text[0]).toJson(id);
	}

	private static String logged(Throwable problem) {
		String text;
		if (problem instanceof BackendCredentialException credential) {
			// The backend is fine and was not asked; this user's credential for it could not be had (a refused
			// token exchange).
			log.warn("A request was not sent: {}", credential.getMessage());
			text = "The request was not sent to its backend: " + credential.getMessage() + ".";
		}
		else if (problem instanceof AcceptedCallFailedException accepted) {
			log.warn("A call failed after its backend accepted it: {} ({})", accepted.getMessage(),
					String.valueOf(accepted.getCause()));
			text = capitalized(accepted.getMessage()) + ". " + MAY_HAVE_WORKED;
		}
		else if (problem instanceof BackendUnavailableException unavailable) {
			log.warn("A request failed: {} ({})", unavailable.getMessage(), String.valueOf(unavailable.getCause()));
			text = unavailable.mayHaveArrived() ? capitalized(unavailable.getMessage()) + ". " + MAY_HAVE_WORKED
					: "The request did not reach its backend: " + unavailable.getMessage()
							+ ". Other backends keep working; try again shortly.";
		}
		else {
			log.warn("A request to a backend failed", problem);
			text = "The gateway could not complete the request. " + MAY_HAVE_WORKED;
		}
		return text;
	}

	private static String capitalized(String text) {
		return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

	/**
	 * The answer for a name no ready backend offers. When the name belongs to a configured backend that is down
	 * or still connecting, the client hears that (a tool as a result the model can read, and retry on), not
	 * that the name never existed: it may well have listed it a minute ago. What made the backend fail is
	 * not said, since it may name internal hosts; operators find it in the log and the status endpoint.
	 */
	private String notRouted(CallMetrics.Call call, GatewayUser user, JsonNode id, String kind, String name) {
		// Prefixes never contain '_' (nor '+'), so a name's prefix is what comes before the first of them.
		String prefix;
		if ("resource".equals(kind)) {
			ResourceUris.Split split = ResourceUris.fromGateway(name);
			prefix = split == null ? null : split.prefix();
		}
		else {
			prefix = name.indexOf('_') > 0 ? name.substring(0, name.indexOf('_')) : null;
		}
		Optional<BackendStatus> unavailable = prefix == null ? Optional.empty() : this.backends.unavailable(prefix, user);
		if (unavailable.isEmpty()) {
			call.decided(CallMetrics.Outcome.REFUSED);
			String hint = "tool".equals(kind) ? didYouMean(this.backends.catalog(), name, user) : "";
			return JsonRpcError.invalidParams("Unknown " + kind + ": " + name + hint).toJson(id);
		}
		BackendStatus status = unavailable.get();
		call.routedTo(status.backend(), null).decided(CallMetrics.Outcome.UNAVAILABLE);
		String text = "The " + kind + " " + name + " is unavailable: its backend '" + status.backend() + "' "
				+ (status.state() == BackendStatus.State.DOWN ? "has been down since " + status.since() : "is still connecting")
				+ ". The gateway reconnects by itself and other backends keep working; try again shortly.";
		return "tool".equals(kind) ? this.era.toolError(id, text) : JsonRpcError.internalError(text).toJson(id);
	}

	/** A backend's own tool name, without its prefix (as the backend's docs spell it), gets the name to use. */
	private static String didYouMean(MergedCatalog catalog, String name, GatewayUser user) {
		return catalog.toolRoutes().entrySet().stream()
			.filter(route -> route.getValue().name().equals(name) && catalog.admits(route.getValue().backend(), user))
			.map(Map.Entry::getKey)
			.sorted()
			.findFirst()
			.map(gatewayName -> ". Did you mean " + gatewayName + "?")
			.orElse("");
	}

	/** Sends a notification to every backend this client's session has met. */
	Mono<Void> toEveryBackend(FrontSession session, GatewayUser user, ObjectNode message) {
		String text = JsonRpc.JSON.writeValueAsString(message);
		return Flux.fromIterable(session.backendSessions().keySet())
			.flatMap(name -> Mono.justOrEmpty(this.backends.backend(name)))
			.flatMap(backend -> this.calls.send(session, user, backend, text))
			.then();
	}

	private static Mono<Answer> json(String body) {
		return Mono.just(Answer.json(body));
	}

}
