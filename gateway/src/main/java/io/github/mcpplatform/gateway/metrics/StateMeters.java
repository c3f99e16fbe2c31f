package io.github.mcpplatform.gateway.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.backend.BackendStatus;
import io.github.mcpplatform.gateway.configrepo.ConfigRepoStatus;
import io.github.mcpplatform.gateway.configrepo.ConfigRepoSync;
import io.github.mcpplatform.gateway.session.SessionStore;
import io.github.mcpplatform.gateway.store.StoreOutageAnswers;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the gateway's own state says, as gauges and counters read without blocking: each backend up or not and
 * its tool count (from the {@link BackendRegistry}), the sessions open in the store (counted every
 * {@code sessionCountInterval} in the background, never on the scrape), the config repo's sync (from each
 * status {@link ConfigRepoSync} publishes), and the requests answered 503 for the store ({@link StoreOutageAnswers}).
 */
public final class StateMeters implements MeterBinder, AutoCloseable {

	private final BackendRegistry backends;

	private final ConfigRepoSync sync;

	private final SessionStore sessions;

	private final Duration sessionCountInterval;

	private final Disposable.Composite subscriptions = Disposables.composite();

	public StateMeters(BackendRegistry backends, ConfigRepoSync sync, SessionStore sessions, Duration sessionCountInterval) {
		this.backends = backends;
		this.sync = sync;
		this.sessions = sessions;
		this.sessionCountInterval = sessionCountInterval;
	}

	@Override
	public void bindTo(MeterRegistry meters) {
		bindBackends(meters);
		bindSessions(meters);
		bindConfigRepo(meters);
		FunctionCounter.builder("gateway.store.unavailable", StoreOutageAnswers.class, answers -> StoreOutageAnswers.answered())
			.description("Requests answered with 503 because the store (Redis) could not be reached")
			.register(meters);
	}

	/**
	 * One row per backend of the live snapshot, read from its status at each scrape; the rows follow the
	 * snapshot (a removed backend's row goes, so that it does not read as down forever).
	 */
	private void bindBackends(MeterRegistry meters) {
		MultiGauge up = MultiGauge.builder("gateway.backend.up")
			.description("1 while the backend is connected and answering pings, 0 while it is down or connecting")
			.register(meters);
		MultiGauge tools = MultiGauge.builder("gateway.backend.tools")
			.description("The tools the backend offers now (0 unless it is up)")
			.register(meters);
		AtomicReference<List<String>> names = new AtomicReference<>(List.of());
		Runnable rows = () -> {
			List<String> now = this.backends.statuses().stream().map(BackendStatus::backend).toList();
			if (!now.equals(names.getAndSet(now))) {
				up.register(now.stream().map(name -> MultiGauge.Row.of(Tags.of("backend", name), this.backends,
						registry -> state(registry, name) == BackendStatus.State.READY ? 1 : 0)).toList(), true);
				tools.register(now.stream().map(name -> MultiGauge.Row.of(Tags.of("backend", name), this.backends,
						registry -> registry.statuses().stream().filter(status -> status.backend().equals(name))
							.mapToInt(status -> status.tools().size()).sum())).toList(), true);
			}
		};
		rows.run();
		this.subscriptions.add(this.sync.statuses().subscribe(status -> rows.run()));
	}

	private static BackendStatus.State state(BackendRegistry registry, String name) {
		return registry.statuses().stream()
			.filter(status -> status.backend().equals(name))
			.map(BackendStatus::state)
			.findFirst()
			.orElse(BackendStatus.State.CLOSED);
	}

	private void bindSessions(MeterRegistry meters) {
		AtomicLong open = new AtomicLong();
		Gauge.builder("gateway.sessions.open", open, AtomicLong::get)
			.description("MCP sessions open in the store, every replica's (the same figure on each replica)")
			.strongReference(true)
			.register(meters);
		// A failed count (the store is down) keeps the last figure; the store's own metrics and readiness say why.
		this.subscriptions.add(Flux.interval(Duration.ZERO, this.sessionCountInterval)
			.onBackpressureDrop()
			.concatMap(tick -> this.sessions.count().onErrorResume(e -> Mono.empty()), 1)
			.subscribe(open::set));
	}

	private void bindConfigRepo(MeterRegistry meters) {
		Gauge.builder("gateway.config.in_sync", this.sync, s -> s.status().inSync() ? 1 : 0)
			.description("1 when the gateway serves the newest commit of its config repo branch, 0 when it could not "
					+ "pull or refused it")
			.register(meters);
		AtomicLong lastSuccess = new AtomicLong();
		Gauge.builder("gateway.config.last_success_timestamp", lastSuccess, AtomicLong::get)
			.description("When the config repo was last pulled (or its directory read) successfully, in seconds since "
					+ "the epoch; 0 before the first time")
			.baseUnit("seconds")
			.strongReference(true)
			.register(meters);
		Counter failures = Counter.builder("gateway.config.pull.failures")
			.description("Pulls of the config repo that failed (the repository could not be reached or read)")
			.register(meters);
		Counter refused = Counter.builder("gateway.config.refused")
			.description("Commits of the config repo the gateway refused (each counted once, when first refused)")
			.register(meters);
		AtomicReference<ConfigRepoStatus.Rejected> lastRefused = new AtomicReference<>();
		this.subscriptions.add(this.sync.statuses().subscribe(status -> {
			if (status.lastError() != null) {
				failures.increment();
			}
			else if (status.lastPull() != null) {
				lastSuccess.set(status.lastPull().getEpochSecond());
			}
			ConfigRepoStatus.Rejected rejected = status.rejected();
			if (rejected != null && !Objects.equals(rejected, lastRefused.getAndSet(rejected))) {
				refused.increment();
			}
		}));
	}

	@Override
	public void close() {
		this.subscriptions.dispose();
	}

}
