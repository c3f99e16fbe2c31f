package io.github.mcpplatform.gateway.stdio;

import io.github.mcpplatform.gateway.protocol.JsonRpc;
import io.github.mcpplatform.gateway.upstream.BackendChannel;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.node.ObjectNode;

/**
 * One client session's channel to a stdio process that others may share ({@link ProcessSession}): its requests
 * keep their own ids, and it receives the answers to them, their progress, what the process asks it, and the
 * notifications meant for every session. The process is initialized already: an {@code initialize} sent here is
 * answered with what the process answered the gateway, and {@code notifications/initialized} goes no further.
 */
final class ProcessView implements BackendChannel {

	private final ProcessSession session;

	private final boolean catalog;

	private final Sinks.Many<ObjectNode> received = Sinks.many().multicast().directBestEffort();

	private volatile boolean closed;

	private volatile long lastUsed = System.nanoTime();

	ProcessView(ProcessSession session, boolean catalog) {
		this.session = session;
		this.catalog = catalog;
	}

	@Override
	public Mono<Void> send(ObjectNode message) {
		return Mono.defer(() -> {
			if (!isOpen()) {
				return Mono.error(this.session.unavailable("has no process for this session: it ended; a new one is "
						+ "opened for the next request"));
			}
			this.lastUsed = System.nanoTime();
			String method = message.path("method").asString(null);
			boolean hasId = message.hasNonNull("id");
			if ("initialize".equals(method) && hasId) {
				emit(JsonRpc.JSON.readValue(JsonRpc.result(message.get("id"), this.session.initializeResult()),
						ObjectNode.class));
				return Mono.empty();
			}
			if ("notifications/initialized".equals(method)) {
				return Mono.empty();
			}
			if (method == null) {
				return hasId ? this.session.answer(this, message) : Mono.empty();
			}
			return hasId ? this.session.request(this, message) : this.session.notify(this, message);
		});
	}

	@Override
	public Flux<ObjectNode> received() {
		return this.received.asFlux();
	}

	@Override
	public boolean isOpen() {
		return !this.closed && this.session.isAlive();
	}

	@Override
	public Mono<Void> close() {
		return Mono.fromRunnable(() -> {
			if (!this.closed) {
				this.closed = true;
				this.session.closed(this);
				synchronized (this) {
					this.received.tryEmitComplete();
				}
			}
		});
	}

	/** Whether this is the gateway's own catalog session, which the process never gets to ask anything. */
	boolean isCatalog() {
		return this.catalog;
	}

	/** The process session it is a view of. */
	ProcessSession session() {
		return this.session;
	}

	long lastUsed() {
		return this.lastUsed;
	}

	/** Hands on a message for this session (from the process's reader thread, or from a local answer). */
	synchronized void emit(ObjectNode message) {
		this.received.tryEmitNext(message);
	}

	synchronized void fail(Throwable why) {
		this.received.tryEmitError(why);
	}

}
