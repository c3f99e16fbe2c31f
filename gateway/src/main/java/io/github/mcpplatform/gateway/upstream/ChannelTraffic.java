package io.github.mcpplatform.gateway.upstream;

import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpplatform.gateway.backend.BackendUnavailableException;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import io.github.mcpplatform.gateway.protocol.JsonRpcError;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a {@link BackendChannel} sends, sorted: each message goes to the call it belongs to, or to the client
 * session's stream. On a channel every message of the server arrives in one stream, so where a message belongs
 * is decided here:
 * <ul>
 * <li>a response goes to the call with its id, and ends that call;</li>
 * <li>a progress notification goes to the call whose request carried its progress token;</li>
 * <li>a request of the server's (elicitation, sampling, roots) and a log message go to the oldest call still
 * running, since servers ask and log while they serve a call; with none running, to the stream;</li>
 * <li>everything else ({@code list_changed}, resource updates) goes to the stream.</li>
 * </ul>
 * A request of the server's that finds no call and no one listening is answered with an error at once, so that
 * the server does not wait for an answer that cannot come. When the channel breaks, every call on it fails with a
 * {@link BackendUnavailableException}.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/progress">MCP progress</a>
 */
final class ChannelTraffic {

	private static final Logger log = LoggerFactory.getLogger(ChannelTraffic.class);

	private final BackendDefinition backend;

	private final BackendChannel channel;

	/** Calls waiting for their response, by their id as JSON text. */
	private final Map<String, Call> calls = new ConcurrentHashMap<>();

	private final AtomicLong order = new AtomicLong();

	private final Sinks.Many<ObjectNode> stream = Sinks.many().multicast().directBestEffort();

	private final Disposable subscription;

	private volatile @Nullable RuntimeException broken;

	private final Runnable onOver;

	/** @param onOver runs once when the channel is over (broken, closed, or this traffic disposed) */
	ChannelTraffic(BackendDefinition backend, BackendChannel channel, Runnable onOver) {
		this.backend = backend;
		this.channel = channel;
		this.onOver = onOver;
		this.subscription = channel.received().subscribe(this::dispatch, this::fail,
				() -> fail(new BackendUnavailableException(backend, "closed the connection")));
	}

	/** One call: its messages as they come, ending with its response; registered before its request is sent. */
	static final class Call {

		private final String id;

		private final @Nullable String progressToken;

		private final long order;

		private final Sinks.Many<ObjectNode> messages = Sinks.many().unicast().onBackpressureBuffer();

		private final Sinks.Empty<Void> started = Sinks.empty();

		private Call(String id, @Nullable String progressToken, long order) {
			this.id = id;
			this.progressToken = progressToken;
			this.order = order;
		}

		/** Completes with the call's first message (or its end), fails when the channel breaks before it. */
		Mono<Void> started() {
			return this.started.asMono();
		}

		/** The call's messages; completes after its response, or without one when the client cancelled it. */
		Flux<ObjectNode> messages() {
			return this.messages.asFlux();
		}

		private void emit(ObjectNode message) {
			this.messages.tryEmitNext(message);
			this.started.tryEmitEmpty();
		}

		private void end() {
			this.messages.tryEmitComplete();
			this.started.tryEmitEmpty();
		}

		private void fail(RuntimeException problem) {
			this.messages.tryEmitError(problem);
			this.started.tryEmitError(problem);
		}

	}

	/** Registers a call for {@code request}; send the request after this, so that no message of it is missed. */
	Call register(ObjectNode request) {
		JsonNode token = request.path("params").path("_meta").get("progressToken");
		Call call = new Call(key(request.get("id")), token == null ? null : key(token), this.order.incrementAndGet());
		this.calls.put(call.id, call);
		RuntimeException problem = this.broken;
		if (problem != null) {
			this.calls.remove(call.id, call);
			call.fail(problem);
		}
		return call;
	}

	/** Stops waiting for a call: its client went away, or cancelled it. */
	void forget(Call call) {
		if (this.calls.remove(call.id, call)) {
			call.end();
		}
	}

	/** The client cancelled the call with this id: its messages end here (the server sends no response then). */
	void cancelled(@Nullable JsonNode requestId) {
		Call call = requestId == null ? null : this.calls.get(key(requestId));
		if (call != null) {
			forget(call);
		}
	}

	/** What belongs to no call, for as long as the subscriber listens. */
	Flux<ObjectNode> stream() {
		return this.stream.asFlux();
	}

	BackendChannel channel() {
		return this.channel;
	}

	/** Whether the channel is over: broken or closed. */
	boolean isOver() {
		return this.broken != null;
	}

	private void dispatch(ObjectNode message) {
		JsonNode id = message.get("id");
		String method = message.path("method").asString(null);
		if (method == null) {
			Call call = id == null ? null : this.calls.remove(key(id));
			if (call == null) {
				log.debug("Backend {} answered a request that is no longer waited for", this.backend.name());
				return;
			}
			call.emit(message);
			call.end();
			return;
		}
		if ("notifications/progress".equals(method)) {
			JsonNode token = message.path("params").get("progressToken");
			Call call = token == null ? null : this.calls.values().stream()
				.filter(candidate -> key(token).equals(candidate.progressToken)).findFirst().orElse(null);
			toCallOrStream(call, message);
			return;
		}
		if (id != null || "notifications/message".equals(method)) {
			toCallOrStream(this.calls.values().stream().min(Comparator.comparingLong(call -> call.order)).orElse(null),
					message);
			return;
		}
		toCallOrStream(null, message);
	}

	private void toCallOrStream(@Nullable Call call, ObjectNode message) {
		if (call != null) {
			call.emit(message);
			return;
		}
		if (this.stream.currentSubscriberCount() > 0) {
			this.stream.tryEmitNext(message);
			return;
		}
		JsonNode id = message.get("id");
		if (id != null) {
			// A request nobody can answer: say so at once rather than let the server wait for ever.
			String refusal = JsonRpcError.internalError("no client is listening: the request came outside any call "
					+ "and the client has no stream open").toJson(id);
			this.channel.send((ObjectNode) JsonRpc.JSON.readTree(refusal))
				.onErrorComplete()
				.subscribe();
		}
	}

	private void fail(Throwable e) {
		RuntimeException problem = e instanceof BackendUnavailableException unavailable ? unavailable
				: new BackendUnavailableException(this.backend, e);
		synchronized (this) {
			if (this.broken != null) {
				return;
			}
			this.broken = problem;
		}
		this.calls.values().forEach(call -> call.fail(problem));
		this.calls.clear();
		this.stream.tryEmitComplete();
		this.onOver.run();
	}

	/** Stops sorting: the channel is closed or no longer used. */
	void dispose() {
		this.subscription.dispose();
		fail(new BackendUnavailableException(this.backend, "closed the connection"));
	}

	private static String key(JsonNode id) {
		return id.toString();
	}

}
