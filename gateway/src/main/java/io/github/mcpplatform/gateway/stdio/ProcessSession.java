package io.github.mcpplatform.gateway.stdio;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import io.github.mcpplatform.gateway.backend.BackendUnavailableException;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import io.github.mcpplatform.gateway.protocol.JsonRpcError;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one MCP session a stdio process has, initialized once by the gateway, and the client sessions that share it,
 * each through a {@link ProcessView}.
 *
 * <p>
 * A process knows one client, so the gateway keeps the sessions apart: every request a view sends gets an id of
 * the process's own (a number no other request on it has), and its progress token likewise; the answer, and the
 * progress notifications, go back to that view only, with the view's own id and token. What the process asks
 * (sampling, elicitation, roots) goes to the one client session that has a call in flight on the process, and is
 * refused with a JSON-RPC error when none or several have one: then the gateway cannot tell whom the process
 * means. The process's own {@code ping} is answered here. Notifications that belong to no call (logging) go to
 * that same one session or to none; list changes and resource updates go to every session.
 */
final class ProcessSession {

	/** The id of the gateway's own {@code initialize}; the ids of relayed requests start above it. */
	private static final long INITIALIZE_ID = 0;

	private final BackendDefinition backend;

	private final AtomicLong ids = new AtomicLong(INITIALIZE_ID);

	/** Requests in flight by their id on the process. */
	private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

	/** Progress tokens of requests in flight, by the token the process was given. */
	private final Map<String, Pending> progress = new ConcurrentHashMap<>();

	/** Requests of the process in flight, by their id (as JSON), to the view that was asked. */
	private final Map<String, ProcessView> asked = new ConcurrentHashMap<>();

	private final Set<ProcessView> views = ConcurrentHashMap.newKeySet();

	private final Sinks.One<ObjectNode> initialized = Sinks.one();

	private volatile @Nullable StdioProcess process;

	private volatile @Nullable ObjectNode initializeResult;

	private volatile @Nullable String endedBecause;

	private volatile long lastUsed = System.nanoTime();

	/** A request of a view, as the process knows it. */
	record Pending(ProcessView view, JsonNode viewId, @Nullable JsonNode viewToken, @Nullable String processToken) {
	}

	ProcessSession(BackendDefinition backend) {
		this.backend = backend;
	}

	/** The process this session runs on; set once, right after it started. */
	void attach(StdioProcess process) {
		this.process = process;
	}

	/** Initializes the process with these {@code initialize} params; fails when it does not answer in time. */
	Mono<ProcessSession> initialize(ObjectNode params, Duration timeout) {
		ObjectNode request = JsonRpc.JSON.createObjectNode().put("jsonrpc", "2.0").put("id", INITIALIZE_ID)
			.put("method", "initialize");
		request.set("params", params);
		return toProcess(request)
			.then(this.initialized.asMono())
			.timeout(timeout, Mono.error(() -> unavailable("did not answer initialize within " + timeout.toMillis() + " ms")))
			.flatMap(result -> {
				this.initializeResult = result;
				return toProcess(notification("notifications/initialized"));
			})
			.thenReturn(this);
	}

	/** What the process answered to {@code initialize}. */
	ObjectNode initializeResult() {
		ObjectNode result = this.initializeResult;
		if (result == null) {
			throw new IllegalStateException("not initialized");
		}
		return result;
	}

	/** A new view for one client session (or the catalog, which is never asked anything). */
	ProcessView view(boolean catalog) {
		ProcessView view = new ProcessView(this, catalog);
		this.views.add(view);
		if (!isAlive()) {
			view.fail(unavailable(String.valueOf(this.endedBecause)));
		}
		return view;
	}

	boolean isAlive() {
		StdioProcess current = this.process;
		return this.endedBecause == null && current != null && current.isAlive();
	}

	/** Whether a client session has a request in flight on the process. */
	boolean isBusy() {
		return !this.pending.isEmpty() || !this.asked.isEmpty();
	}

	/** Nanotime of the last message a view sent. */
	long lastUsed() {
		return this.lastUsed;
	}

	StdioProcess process() {
		StdioProcess current = this.process;
		if (current == null) {
			throw new IllegalStateException("no process attached");
		}
		return current;
	}

	/** Writes to the process; a process that is gone fails it as the backend being unavailable, saying why. */
	private Mono<Void> toProcess(ObjectNode message) {
		return Mono.defer(() -> process().send(message)).onErrorMap(e -> !(e instanceof BackendUnavailableException),
				e -> unavailable(String.valueOf(e.getMessage())));
	}

	BackendUnavailableException unavailable(String problem) {
		return new BackendUnavailableException(this.backend, problem);
	}

	// From the views

	/** Sends a view's request under an id (and a progress token) of the process's own. */
	Mono<Void> request(ProcessView view, ObjectNode request) {
		this.lastUsed = System.nanoTime();
		long id = this.ids.incrementAndGet();
		ObjectNode relayed = request.deepCopy();
		relayed.put("id", id);
		JsonNode token = request.path("params").path("_meta").get("progressToken");
		String processToken = token == null ? null : "gw-" + id;
		if (processToken != null) {
			((ObjectNode) relayed.get("params").get("_meta")).put("progressToken", processToken);
		}
		Pending call = new Pending(view, request.get("id"), token, processToken);
		this.pending.put(id, call);
		if (processToken != null) {
			this.progress.put(processToken, call);
		}
		return toProcess(relayed).doOnError(e -> forget(id));
	}

	/** Sends a view's notification; a cancellation names the request by its id on the process. */
	Mono<Void> notify(ProcessView view, ObjectNode notification) {
		this.lastUsed = System.nanoTime();
		if (!"notifications/cancelled".equals(notification.path("method").asString(""))) {
			return toProcess(notification);
		}
		JsonNode requestId = notification.path("params").path("requestId");
		Long id = idOnProcess(view, requestId);
		if (id == null) {
			return Mono.empty();
		}
		ObjectNode relayed = notification.deepCopy();
		((ObjectNode) relayed.get("params")).put("requestId", id);
		return toProcess(relayed);
	}

	/** Sends a view's answer to a request of the process, if the process asked that view. */
	Mono<Void> answer(ProcessView view, ObjectNode response) {
		this.lastUsed = System.nanoTime();
		String key = String.valueOf(response.get("id"));
		if (!this.asked.remove(key, view)) {
			return Mono.empty();
		}
		return toProcess(response);
	}

	/** A view is closed: its requests in flight are cancelled on the process. */
	void closed(ProcessView view) {
		this.views.remove(view);
		this.asked.values().removeIf(view::equals);
		List<Long> ids = this.pending.entrySet().stream().filter(e -> e.getValue().view() == view).map(Map.Entry::getKey).toList();
		for (Long id : ids) {
			forget(id);
			if (isAlive()) {
				ObjectNode cancel = notification("notifications/cancelled");
				cancel.putObject("params").put("requestId", id).put("reason", "the client session ended");
				toProcess(cancel).onErrorComplete().subscribe();
			}
		}
	}

	// From the process

	/** Routes one message of the process (on its reader thread). */
	void received(ObjectNode message) {
		boolean hasId = message.hasNonNull("id");
		String method = message.path("method").asString(null);
		if (method == null && hasId) {
			response(message);
		}
		else if (method != null && hasId) {
			request(message, method);
		}
		else if (method != null) {
			notification(message, method);
		}
	}

	private void response(ObjectNode message) {
		JsonNode id = message.get("id");
		if (id.isIntegralNumber() && id.asLong() == INITIALIZE_ID && this.initializeResult == null) {
			if (message.get("result") instanceof ObjectNode result) {
				this.initialized.tryEmitValue(result);
			}
			else {
				this.initialized.tryEmitError(unavailable("refused initialize: " + message.path("error").path("message").asString("")));
			}
			return;
		}
		Pending call = id.isIntegralNumber() ? forget(id.asLong()) : null;
		if (call != null) {
			ObjectNode answer = message.deepCopy();
			answer.set("id", call.viewId());
			call.view().emit(answer);
		}
	}

	private void request(ObjectNode message, String method) {
		if ("ping".equals(method)) {
			toProcess(JsonRpc.JSON.readValue(JsonRpc.result(message.get("id"), Map.of()), ObjectNode.class))
				.onErrorComplete().subscribe();
			return;
		}
		List<ProcessView> candidates = callers();
		if (candidates.size() != 1) {
			String why = candidates.isEmpty() ? "no client session has a call in flight on this shared process"
					: candidates.size() + " client sessions have calls in flight on this shared process";
			String refusal = JsonRpcError.internalError("The gateway cannot tell which client to ask (" + method + "): "
					+ why).toJson(message.get("id"));
			toProcess(JsonRpc.JSON.readValue(refusal, ObjectNode.class)).onErrorComplete().subscribe();
			return;
		}
		this.asked.put(String.valueOf(message.get("id")), candidates.get(0));
		candidates.get(0).emit(message);
	}

	private void notification(ObjectNode message, String method) {
		if ("notifications/progress".equals(method)) {
			Pending call = this.progress.get(message.path("params").path("progressToken").asString(""));
			if (call != null && call.viewToken() != null) {
				ObjectNode relayed = message.deepCopy();
				((ObjectNode) relayed.get("params")).set("progressToken", call.viewToken());
				call.view().emit(relayed);
			}
		}
		else if ("notifications/cancelled".equals(method)) {
			ProcessView view = this.asked.remove(String.valueOf(message.path("params").get("requestId")));
			if (view != null) {
				view.emit(message);
			}
		}
		else if (method.endsWith("/list_changed") || "notifications/resources/updated".equals(method)) {
			this.views.forEach(view -> view.emit(message));
		}
		else {
			List<ProcessView> candidates = callers();
			if (candidates.size() == 1) {
				candidates.get(0).emit(message);
			}
		}
	}

	/** The process is gone: every view fails, and so does an initialize still waiting. */
	void ended(String why) {
		this.endedBecause = why;
		BackendUnavailableException gone = unavailable(why);
		this.initialized.tryEmitError(gone);
		this.pending.clear();
		this.progress.clear();
		this.asked.clear();
		this.views.forEach(view -> view.fail(gone));
	}

	/** The client sessions (not the catalog) with a request in flight. */
	private List<ProcessView> callers() {
		return this.pending.values().stream().map(Pending::view).filter(view -> !view.isCatalog()).distinct().toList();
	}

	private @Nullable Long idOnProcess(ProcessView view, JsonNode viewId) {
		return this.pending.entrySet().stream()
			.filter(e -> e.getValue().view() == view && e.getValue().viewId().equals(viewId))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElse(null);
	}

	private @Nullable Pending forget(long id) {
		Pending call = this.pending.remove(id);
		if (call != null && call.processToken() != null) {
			this.progress.remove(call.processToken());
		}
		return call;
	}

	private static ObjectNode notification(String method) {
		return JsonRpc.JSON.createObjectNode().put("jsonrpc", "2.0").put("method", method);
	}

}
