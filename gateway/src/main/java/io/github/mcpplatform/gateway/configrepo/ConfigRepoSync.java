package io.github.mcpplatform.gateway.configrepo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Keeps the gateway's backends in step with the config repo. Every pull (on the poll interval, on a webhook,
 * on a retry) that finds a new commit validates it into a snapshot; a good one is swapped in and kept on disk,
 * a bad one is refused and the last good snapshot stays, with the reasons on the status page and in the log.
 * Pulls run one at a time on a scheduler of their own (JGit blocks), each with a timeout. A repository that
 * cannot be reached at startup is served from the disk copy if there is one; until some snapshot is live the
 * gateway is not ready, and pulls are retried with backoff.
 */
public final class ConfigRepoSync implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ConfigRepoSync.class);

	private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

	private final ConfigRepoSettings settings;

	private final ConfigRepoLoader loader;

	private final Consumer<ConfigSnapshot> apply;

	private final Path cache;

	private final @Nullable GitCheckout git;

	private final Scheduler scheduler = Schedulers.newBoundedElastic(1, 64, "config-repo");

	private final Sinks.Many<String> requests = Sinks.many().unicast().onBackpressureBuffer();

	private final Sinks.Many<ConfigRepoStatus> statuses = Sinks.many().replay().latest();

	private volatile ConfigRepoStatus status;

	private volatile Duration retry = FIRST_RETRY;

	private @Nullable Disposable loop;

	/**
	 * @param apply takes each good snapshot live (the backend registry)
	 * @param workDirectory where the Git working copy and the last good snapshot are kept
	 */
	public ConfigRepoSync(ConfigRepoSettings settings, ConfigRepoLoader loader, Consumer<ConfigSnapshot> apply,
			Path workDirectory) {
		this.settings = settings;
		this.loader = loader;
		this.apply = apply;
		this.cache = workDirectory.resolve("last-good");
		this.git = settings.isGit() ? new GitCheckout(settings, workDirectory.resolve("checkout")) : null;
		this.status = new ConfigRepoStatus(settings.displayUri(), settings.branch(), null, null, null, null);
		this.statuses.tryEmitNext(this.status);
	}

	/**
	 * Reads a local directory now and takes it live: a broken directory stops startup with every problem
	 * listed, which is what someone editing it by hand wants. (A Git repository is pulled in the background.)
	 *
	 * @throws ConfigRejectedException listing every problem
	 */
	public ConfigSnapshot loadDirectoryNow() {
		Path root = Path.of(this.settings.uri());
		ConfigSnapshot snapshot = this.loader.load(root);
		this.apply.accept(snapshot);
		String version;
		try {
			version = ConfigFiles.version(root);
		}
		catch (IOException e) {
			version = "unknown";
		}
		publish(new ConfigRepoStatus(this.status.uri(), this.status.branch(),
				new ConfigRepoStatus.Live(version, "directory", snapshot.backends().size(), Instant.now()), null, null,
				Instant.now()));
		return snapshot;
	}

	/** Starts pulling: at once, then every poll interval and whenever {@link #requestPull} asks. */
	public synchronized void start() {
		if (this.loop != null) {
			return;
		}
		Flux<String> ticks = Flux.interval(this.settings.isGit() ? Duration.ZERO : this.settings.pollInterval(),
				this.settings.pollInterval()).map(tick -> "poll");
		this.loop = Flux.merge(ticks, this.requests.asFlux())
			.onBackpressureLatest()
			.concatMap(reason -> pull(reason), 1)
			.subscribe();
	}

	/** Asks for a pull as soon as the one under way (if any) ends; returns at once. */
	public void requestPull(String reason) {
		this.requests.tryEmitNext(reason);
	}

	public ConfigRepoStatus status() {
		return this.status;
	}

	/** The status now and after every pull. */
	public Flux<ConfigRepoStatus> statuses() {
		return this.statuses.asFlux();
	}

	private Mono<ConfigRepoStatus> pull(String reason) {
		return Mono.fromCallable(() -> pullNow(reason))
			.subscribeOn(this.scheduler)
			.timeout(this.settings.timeout().multipliedBy(2))
			.onErrorResume(e -> Mono.just(failed(e)));
	}

	private ConfigRepoStatus pullNow(String reason) {
		String version;
		Path root;
		try {
			if (this.git != null) {
				version = this.git.sync();
				root = this.git.root();
			}
			else {
				root = Path.of(this.settings.uri());
				version = ConfigFiles.version(root);
			}
		}
		catch (Exception e) {
			return failed(e);
		}
		ConfigRepoStatus current = this.status;
		boolean liveFromRepo = current.live() != null && !"cache".equals(current.live().from());
		if (liveFromRepo && current.live().version().equals(version)) {
			// Nothing new to load. A refusal is cleared, though: the branch is back at what is live (a revert of the
			// refused change, a force-push to the live commit), so the gateway serves its newest version again.
			if (current.rejected() != null) {
				log.info("Config repo {} is back at the live version {}: the refusal of {} no longer applies",
						current.uri(), version, current.rejected().version());
			}
			return publish(new ConfigRepoStatus(current.uri(), current.branch(), current.live(), null, null, Instant.now()));
		}
		if (current.rejected() != null && current.rejected().version().equals(version)) {
			// The same refused version again: no reconnects, no log line.
			return publish(new ConfigRepoStatus(current.uri(), current.branch(), current.live(), current.rejected(), null,
					Instant.now()));
		}
		this.retry = FIRST_RETRY;
		try {
			ConfigSnapshot snapshot = this.loader.load(root);
			this.apply.accept(snapshot);
			keep(root, version);
			log.info("Config repo {} ({}) at {}: {} backend(s) live: {}", current.uri(), reason, version,
					snapshot.backends().size(), snapshot.backends().stream().map(BackendDefinition::name).toList());
			return publish(new ConfigRepoStatus(current.uri(), current.branch(), new ConfigRepoStatus.Live(version,
					this.git != null ? "git" : "directory", snapshot.backends().size(), Instant.now()), null, null,
					Instant.now()));
		}
		catch (ConfigRejectedException rejected) {
			log.warn("Config repo {} at {} refused; still serving {}. {}", current.uri(), version,
					current.live() != null ? current.live().version() : "nothing", rejected.getMessage());
			return publish(new ConfigRepoStatus(current.uri(), current.branch(), current.live(),
					new ConfigRepoStatus.Rejected(version, rejected.problems().stream().map(ConfigProblem::toString).toList(),
							Instant.now()),
					null, Instant.now()));
		}
	}

	/** The pull failed (the repository could not be reached): the disk copy if nothing is live, and a retry. */
	private ConfigRepoStatus failed(Throwable e) {
		String error = describe(e);
		ConfigRepoStatus current = this.status;
		ConfigRepoStatus.Live live = current.live();
		if (live == null) {
			live = fromCache().orElse(null);
		}
		if (live == null || "cache".equals(live.from())) {
			// Not serving the repository yet: try again soon, then less and less often.
			Duration wait = this.retry;
			this.retry = min(this.retry.multipliedBy(2), this.settings.pollInterval());
			Mono.delay(wait).subscribe(tick -> requestPull("retry"));
		}
		log.warn("Config repo {} cannot be pulled: {}{}", current.uri(), error,
				live == null ? "; no snapshot yet, so the gateway is not ready" : "; serving " + live.version()
						+ " (" + live.from() + ")");
		return publish(new ConfigRepoStatus(current.uri(), current.branch(), live, current.rejected(), error, current.lastPull()));
	}

	private Optional<ConfigRepoStatus.Live> fromCache() {
		try {
			Optional<ConfigFiles.Cached> cached = ConfigFiles.cached(this.cache);
			if (cached.isEmpty()) {
				return Optional.empty();
			}
			ConfigSnapshot snapshot = this.loader.load(cached.get().root());
			this.apply.accept(snapshot);
			log.warn("Config repo unreachable at startup: serving the last good snapshot {} from {}", cached.get().version(),
					this.cache);
			return Optional.of(new ConfigRepoStatus.Live(cached.get().version(), "cache", snapshot.backends().size(),
					Instant.now()));
		}
		catch (IOException | ConfigRejectedException e) {
			log.warn("The cached config snapshot in {} cannot be used: {}", this.cache, e.getMessage());
			return Optional.empty();
		}
	}

	private void keep(Path root, String version) {
		try {
			ConfigFiles.keep(root, version, this.cache);
		}
		catch (IOException e) {
			log.warn("Cannot keep the config snapshot {} in {}: {}", version, this.cache, e.getMessage());
		}
	}

	private ConfigRepoStatus publish(ConfigRepoStatus next) {
		this.status = next;
		this.statuses.tryEmitNext(next);
		return next;
	}

	private static Duration min(Duration a, Duration b) {
		return a.compareTo(b) <= 0 ? a : b;
	}

	private static String describe(Throwable e) {
		Throwable root = e;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
		return root == e || root.getMessage() == null ? message : message + " (" + root.getMessage() + ")";
	}

	@Override
	public synchronized void close() {
		if (this.loop != null) {
			this.loop.dispose();
		}
		this.scheduler.dispose();
		this.statuses.tryEmitComplete();
	}

}
