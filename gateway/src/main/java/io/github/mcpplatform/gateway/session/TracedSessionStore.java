package io.github.mcpplatform.gateway.session;

import io.github.mcpplatform.gateway.tracing.CallTraces;
import reactor.core.publisher.Mono;

/**
 * A store whose operations are {@code gateway.store} spans of the front request they are part of (tracing on):
 * an operator sees in a slow call's trace whether the store was the slow part.
 */
public final class TracedSessionStore implements SessionStore {

	private final SessionStore store;

	private final String system;

	/**
	 * @param system what the store is, OpenTelemetry's {@code db.system.name}: {@code redis} or {@code memory}
	 */
	public TracedSessionStore(SessionStore store, String system) {
		this.store = store;
		this.system = system;
	}

	@Override
	public Mono<FrontSession> find(String id) {
		return CallTraces.storeOperation(this.system, "find", this.store.find(id));
	}

	@Override
	public Mono<Void> save(FrontSession session) {
		return CallTraces.storeOperation(this.system, "save", this.store.save(session));
	}

	@Override
	public Mono<FrontSession> findOrCreate(FrontSession session) {
		return CallTraces.storeOperation(this.system, "findOrCreate", this.store.findOrCreate(session));
	}

	@Override
	public Mono<Void> delete(String id) {
		return CallTraces.storeOperation(this.system, "delete", this.store.delete(id));
	}

	@Override
	public Mono<FrontSession> putBackendSession(String id, String backend, String backendSessionId) {
		return CallTraces.storeOperation(this.system, "putBackendSession",
				this.store.putBackendSession(id, backend, backendSessionId));
	}

	@Override
	public Mono<Long> count() {
		return this.store.count();
	}

}
