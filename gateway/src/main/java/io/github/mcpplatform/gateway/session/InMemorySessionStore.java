package io.github.mcpplatform.gateway.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

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

	/**
	 * One copy of each user and each client's initialize params: a replica's sessions mostly come from a few
	 * kinds of client, whose params are the same text, and each person opens many. Halves what an idle session
	 * costs (e2e/bench-idle-sessions.mjs). Bounded: when full it starts over, and sessions keep their copies.
	 */
	private final Map<String, String> shared = new ConcurrentHashMap<>();

	private static final int MAX_SHARED = 10_000;

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
		return Mono.fromRunnable(() -> this.sessions.put(session.id(), new Entry(compact(session), this.clock.instant())));
	}

	@Override
	public Mono<FrontSession> findOrCreate(FrontSession session) {
		return find(session.id()).switchIfEmpty(Mono.fromSupplier(() -> this.sessions
			.merge(session.id(), new Entry(compact(session), this.clock.instant()), (existing, created) -> existing)
			.session()));
	}

	/** The session with the shared copies of its user and initialize params. */
	private FrontSession compact(FrontSession session) {
		return new FrontSession(session.id(), shared(session.user()), session.protocolVersion(),
				shared(session.initializeParams()), session.backendSessions(), session.created());
	}

	private String shared(String text) {
		if (this.shared.size() >= MAX_SHARED) {
			this.shared.clear();
		}
		return this.shared.computeIfAbsent(text, Function.identity());
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
