package io.github.mcpplatform.gateway.backend;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;

import reactor.core.publisher.Mono;

/**
 * Readiness at startup: a replica takes traffic once its config snapshot is live and every enabled backend of it
 * has had its first connection attempt, succeeded or failed, so that the first request it serves sees the real
 * catalog rather than "still connecting". A backend whose first attempt takes longer than {@code wait} stops
 * holding it back then (one slow backend must not keep a whole rollout waiting).
 * <p>
 * Once ready it stays ready: backends that a later config change adds connect in the background as always, and
 * must not take every replica out of its load balancer at the same moment. Shutdown and store outages are told
 * by the other members of the readiness group.
 */
public final class StartupReadiness implements ReactiveHealthIndicator {

	private final BackendRegistry registry;

	private final BooleanSupplier snapshotLive;

	private final Duration wait;

	private final Clock clock;

	private volatile boolean ready;

	/**
	 * @param snapshotLive whether the config repo has made a snapshot live (until then the registry may hold no
	 *     backends only because none were read yet)
	 * @param wait the longest a backend's first attempt holds readiness back, from when it began
	 */
	public StartupReadiness(BackendRegistry registry, BooleanSupplier snapshotLive, Duration wait, Clock clock) {
		this.registry = registry;
		this.snapshotLive = snapshotLive;
		this.wait = wait;
		this.clock = clock;
	}

	@Override
	public Mono<Health> health() {
		return Mono.fromSupplier(this::check);
	}

	private Health check() {
		if (this.ready) {
			return Health.up().build();
		}
		Instant started = this.registry.startedAt();
		if (started == null || !this.snapshotLive.getAsBoolean()) {
			return Health.down().withDetail("waitingFor", "the config snapshot and the start of the backends").build();
		}
		Instant now = this.clock.instant();
		List<String> connecting = this.registry.statuses()
			.stream()
			.filter(status -> status.state() == BackendStatus.State.CONNECTING
					&& now.isBefore(later(status.since(), started).plus(this.wait)))
			.map(BackendStatus::backend)
			.toList();
		if (!connecting.isEmpty()) {
			return Health.down().withDetail("firstConnection", connecting).build();
		}
		this.ready = true;
		return Health.up().build();
	}

	private static Instant later(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

}
