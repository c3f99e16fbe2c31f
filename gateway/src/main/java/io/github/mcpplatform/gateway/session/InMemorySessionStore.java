package io.github.mcpplatform.gateway.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

/** Sessions in this process only: for local runs and a single replica. */
public final class InMemorySessionStore implements SessionStore {

	private final Map<String, FrontSession> sessions = new ConcurrentHashMap<>();

	@Override
	public Mono<FrontSession> find(String id) {
		return Mono.justOrEmpty(this.sessions.get(id));
	}

	@Override
	public Mono<Void> save(FrontSession session) {
		return Mono.fromRunnable(() -> this.sessions.put(session.id(), session));
	}

	@Override
	public Mono<Void> delete(String id) {
		return Mono.fromRunnable(() -> this.sessions.remove(id));
	}

}
