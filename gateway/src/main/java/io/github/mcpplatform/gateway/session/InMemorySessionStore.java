package io.github.mcpplatform.gateway.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

/**
 * Sessions in this process only: for local runs and a single replica. A session unused for
 * {@code idleTimeout} is gone, as in the Redis store.
 */
public final class InMemorySessionStore implements SessionStore {

	private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

	private record Entry(FrontSession session, Instant lastUsed) {
	}

	private final Map<String, Entry> sessions = new ConcurrentHashMap<>();

	private final Duration idleTimeout;

	private final Clock clock;

	private volatile Instant lastSweep = Instant.EPOCH;

	public InMemorySessionStore() {
		this(Duration.ofHours(1), Clock.systemUTC());
	}

	public InMemorySessionStore(Duration idleTimeout, Clock clock) {
		this.idleTimeout = idleTimeout;
		this.clock = clock;
	}

	@Override
	public Mono<FrontSession> find(String id) {
		return Mono.fromSupplier(() -> {
			Instant now = this.clock.instant();
			if (this.lastSweep.plus(SWEEP_INTERVAL).isBefore(now)) {
				// Now and then drop every expired session, so that abandoned ones do not pile up.
				this.lastSweep = now;
				this.sessions.values().removeIf(e -> expired(e, now));
			}
			Entry entry = this.sessions.computeIfPresent(id, (key, e) -> expired(e, now) ? null : new Entry(e.session(), now));
			return entry == null ? null : entry.session();
		});
	}

	private boolean expired(Entry entry, Instant now) {
		return entry.lastUsed().plus(this.idleTimeout).isBefore(now);
	}

	@Override
	public Mono<Void> save(FrontSession session) {
		return Mono.fromRunnable(() -> this.sessions.put(session.id(), new Entry(session, this.clock.instant())));
	}

	@Override
	public Mono<FrontSession> findOrCreate(FrontSession session) {
		return find(session.id()).switchIfEmpty(Mono.fromSupplier(() -> this.sessions
			.merge(session.id(), new Entry(session, this.clock.instant()), (existing, created) -> existing)
			.session()));
	}

	@Override
	public Mono<FrontSession> putBackendSession(String id, String backend, String backendSessionId) {
		return Mono.fromSupplier(() -> {
			Entry entry = this.sessions.computeIfPresent(id,
					(key, e) -> new Entry(e.session().withBackendSession(backend, backendSessionId), this.clock.instant()));
			return entry == null ? null : entry.session();
		});
	}

	@Override
	public Mono<Long> count() {
		return Mono.fromSupplier(() -> {
			Instant now = this.clock.instant();
			return this.sessions.values().stream().filter(entry -> !expired(entry, now)).count();
		});
	}

	@Override
	public Mono<Void> delete(String id) {
		return Mono.fromRunnable(() -> this.sessions.remove(id));
	}

}
