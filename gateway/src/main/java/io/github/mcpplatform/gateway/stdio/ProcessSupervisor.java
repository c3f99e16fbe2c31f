package io.github.mcpplatform.gateway.stdio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpplatform.gateway.backend.BackendUnavailableException;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.BackendTransport.Stdio;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.node.ObjectNode;

/**
 * One process slot of a stdio backend (its shared process, one user's, or the catalog's): starts the process when
 * it is needed and is not running, initializes it, and, when it dies, lets it be started again only after a
 * backoff that doubles with each death in a row (1 s up to {@code gateway.backends.stdio.max-restart-backoff}),
 * reset by a process that ran for a minute. Whoever needs the process meanwhile hears why it is down and when it
 * starts again; the catalog connection keeps asking, so a backend comes back on its own.
 */
final class ProcessSupervisor {

	private static final Logger log = LoggerFactory.getLogger(ProcessSupervisor.class);

	/** A process that ran this long before it died starts again at once. */
	static final Duration STABLE = Duration.ofMinutes(1);

	private final BackendDefinition backend;

	private final Stdio stdio;

	private final Launch launch;

	private @Nullable ProcessSession live;

	private @Nullable Mono<ProcessSession> starting;

	private int deathsInARow;

	private long nextStart = System.nanoTime();

	private @Nullable String lastProblem;

	private boolean stopped;

	/** When the process was last asked for. */
	private long touched = System.nanoTime();

	/** What a supervisor needs to start a process: its threads, the bound on processes, its environment. */
	record Launch(StdioSettings settings, ExecutorService threads, Scheduler starts, Semaphore processes,
			EnvironmentSource environment) {
	}

	/** The environment a process of this slot starts with (blocking: it may read mounted files). */
	@FunctionalInterface
	interface EnvironmentSource {

		Map<String, String> environment(Stdio stdio) throws java.io.IOException;

	}

	ProcessSupervisor(BackendDefinition backend, Launch launch) {
		this.backend = backend;
		this.stdio = (Stdio) backend.transport();
		this.launch = launch;
	}

	/** The running, initialized process session; started (with these initialize params) when there is none. */
	synchronized Mono<ProcessSession> session(ObjectNode initializeParams) {
		this.touched = System.nanoTime();
		ProcessSession current = this.live;
		if (current != null && current.isAlive()) {
			return Mono.just(current);
		}
		if (this.starting != null) {
			return this.starting;
		}
		if (this.stopped) {
			return Mono.error(unavailable("was removed from the config repo or changed: its process is stopped"));
		}
		long wait = this.nextStart - System.nanoTime();
		if (wait > 0) {
			return Mono.error(unavailable(this.lastProblem + "; it is started again in "
					+ Duration.ofNanos(wait).toMillis() / 1000.0 + " s"));
		}
		Mono<ProcessSession> start = start(initializeParams).cache();
		this.starting = start;
		// Started whatever its first caller does (a timeout there must not leave a process half-initialized).
		start.subscribe(session -> { }, failure -> { });
		return start;
	}

	/** The live process session, if any, without starting one. */
	synchronized @Nullable ProcessSession current() {
		return this.live != null && this.live.isAlive() ? this.live : null;
	}

	/** How long (nanoseconds) since anyone used the process; negative while it starts or serves a call. */
	synchronized long idleFor(long now) {
		ProcessSession current = current();
		if (this.starting != null || (current != null && current.isBusy())) {
			return -1;
		}
		long last = current == null ? this.touched : Math.max(this.touched, current.lastUsed());
		return now - last;
	}

	/** Stops the process for good (removal, change, reaping, shutdown); completes once it has exited. */
	Mono<Void> stop(String why) {
		ProcessSession current;
		synchronized (this) {
			this.stopped = true;
			current = this.live;
		}
		return current == null || !current.isAlive() ? Mono.empty() : current.process().stop(why);
	}

	private Mono<ProcessSession> start(ObjectNode initializeParams) {
		ProcessSession session = new ProcessSession(this.backend);
		AtomicBoolean counted = new AtomicBoolean();
		return Mono.fromCallable(() -> {
			if (!this.launch.processes().tryAcquire()) {
				throw unavailable("cannot start: the gateway runs its maximum of stdio processes "
						+ "(gateway.backends.stdio.max-processes)");
			}
			counted.set(true);
			List<String> command = new ArrayList<>();
			command.add(this.stdio.command());
			command.addAll(this.stdio.args());
			StdioProcess process;
			try {
				process = StdioProcess.start(this.backend.name(), command, this.launch.environment().environment(this.stdio),
						this.launch.settings(), this.launch.threads(), session::received,
						why -> ended(session, why, counted));
			}
			catch (RejectedExecutionException full) {
				throw unavailable("cannot start: no threads left for stdio processes (gateway.backends.stdio.max-processes)");
			}
			catch (java.io.IOException e) {
				throw unavailable("cannot start its process: " + e.getMessage());
			}
			session.attach(process);
			return session;
		})
			.subscribeOn(this.launch.starts())
			.flatMap(started -> started.initialize(initializeParams, this.backend.timeout())
				.onErrorResume(failure -> started.process().stop("it did not initialize").then(Mono.error(failure))))
			.doOnNext(started -> {
				synchronized (this) {
					this.starting = null;
					this.live = started;
				}
				log.info("Backend {}: its process (pid {}) is initialized", this.backend.name(), started.process().pid());
			})
			.doOnError(failure -> {
				if (counted.compareAndSet(true, false)) {
					// Refused before a process ran (a missing file, the bound): count it as a death for the backoff.
					this.launch.processes().release();
				}
				synchronized (this) {
					this.starting = null;
					died(failure.getMessage(), false);
				}
			});
	}

	private void ended(ProcessSession session, String why, AtomicBoolean counted) {
		session.ended(why);
		if (counted.compareAndSet(true, false)) {
			this.launch.processes().release();
		}
		synchronized (this) {
			if (this.live == session) {
				died(why, session.process().ranFor(STABLE));
			}
		}
	}

	/** Counts a death (under the lock): the next start waits the backoff. */
	private void died(@Nullable String why, boolean ranLong) {
		if (this.stopped) {
			return;
		}
		this.deathsInARow = ranLong ? 1 : this.deathsInARow + 1;
		Duration backoff = backoff(this.deathsInARow, this.launch.settings().maxRestartBackoff());
		this.nextStart = System.nanoTime() + backoff.toNanos();
		// Said as "backend 'x' <problem>" when it is read, so without the name here.
		this.lastProblem = String.valueOf(why).replaceFirst("^backend '[^']*' ", "");
		log.warn("Backend {}: {}; starting it again in {} ms", this.backend.name(), why, backoff.toMillis());
	}

	/** 0 after the first death (a process that ran long, or the first ever), then 1 s, 2 s, 4 s... up to {@code max}. */
	static Duration backoff(int deathsInARow, Duration max) {
		if (deathsInARow <= 1) {
			return Duration.ZERO;
		}
		long seconds = 1L << Math.min(deathsInARow - 2, 30);
		Duration wait = StdioSettings.FIRST_RESTART_BACKOFF.multipliedBy(seconds);
		return wait.compareTo(max) > 0 ? max : wait;
	}

	private BackendUnavailableException unavailable(String problem) {
		return new BackendUnavailableException(this.backend, problem);
	}

}
