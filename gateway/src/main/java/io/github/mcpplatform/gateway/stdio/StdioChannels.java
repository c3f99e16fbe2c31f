package io.github.mcpplatform.gateway.stdio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.BackendTransport;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.session.FrontSession;
import io.github.mcpplatform.gateway.upstream.BackendChannel;
import io.github.mcpplatform.gateway.upstream.BackendChannels;
import io.modelcontextprotocol.spec.McpClientTransport;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The stdio backends of the live config: their processes, the catalog sessions' transports to them, and each
 * client session's {@link BackendChannel}. Processes are started when first needed and stopped when the config
 * removes or changes their backend ({@link #retain}) and when the gateway shuts down ({@link #close}).
 *
 * <p>
 * Process I/O blocks, so each process has three threads of a pool of its own, bounded by
 * {@code gateway.backends.stdio.max-processes}; starting a process (fork, reading mounted files) runs on a small
 * bounded scheduler. Nothing here blocks an event loop.
 */
public final class StdioChannels implements BackendChannels, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(StdioChannels.class);

	private static final Duration REAP_EVERY = Duration.ofSeconds(15);

	private final StdioSettings settings;

	private final Function<String, @Nullable String> gatewayEnvironment;

	private final GatewayUser service;

	private final ThreadPoolExecutor threads;

	private final Scheduler starts;

	private final ProcessSupervisor.Launch launch;

	private final Map<String, StdioBackend> backends = new ConcurrentHashMap<>();

	private final Disposable reaper;

	/**
	 * @param gatewayEnvironment the gateway's own environment, of which a process gets only PATH, HOME and the
	 *     locale ({@link ProcessEnvironment#PASSED_ON})
	 * @param service who the gateway is for the catalog process of a per-user backend
	 */
	public StdioChannels(StdioSettings settings, Function<String, @Nullable String> gatewayEnvironment, GatewayUser service) {
		this(settings, gatewayEnvironment, service, REAP_EVERY);
	}

	StdioChannels(StdioSettings settings, Function<String, @Nullable String> gatewayEnvironment, GatewayUser service,
			Duration reapEvery) {
		this.settings = settings;
		this.gatewayEnvironment = gatewayEnvironment;
		this.service = service;
		AtomicInteger counter = new AtomicInteger();
		// No queue: a process whose threads cannot start at once is refused, never left waiting for a thread.
		this.threads = new ThreadPoolExecutor(0, 3 * settings.maxProcesses() + 3, 30, TimeUnit.SECONDS,
				new SynchronousQueue<>(), task -> {
					Thread thread = new Thread(task, "stdio-" + counter.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		this.starts = Schedulers.newBoundedElastic(4, 256, "stdio-start");
		this.launch = new ProcessSupervisor.Launch(settings, this.threads, this.starts,
				new Semaphore(settings.maxProcesses()), stdio -> Map.of());
		this.reaper = Flux.interval(reapEvery)
			.onBackpressureDrop()
			.concatMap(tick -> Flux.fromIterable(List.copyOf(this.backends.values())).concatMap(StdioBackend::reap))
			.subscribe();
	}

	@Override
	public Mono<BackendChannel> channel(BackendDefinition backend, FrontSession session, GatewayUser user) {
		return Mono.defer(() -> of(backend).view(session, user).cast(BackendChannel.class));
	}

	/** The MCP client transport of the gateway's catalog session with a stdio backend (see {@link CatalogTransport}). */
	public McpClientTransport catalogTransport(BackendDefinition backend) {
		return new CatalogTransport(Mono.defer(() -> of(backend).catalogView()));
	}

	/**
	 * Keeps the processes of these backends (the enabled ones of the live config) and stops the others: backends
	 * removed, disabled, or changed in how their process is started.
	 */
	public void retain(List<BackendDefinition> live) {
		Set<String> kept = live.stream().filter(BackendDefinition::enabled).map(BackendDefinition::name).collect(Collectors.toSet());
		Map<String, BackendDefinition> byName = live.stream().collect(Collectors.toMap(BackendDefinition::name, b -> b, (a, b) -> a));
		this.backends.values().removeIf(running -> {
			BackendDefinition now = byName.get(running.backend().name());
			boolean gone = !kept.contains(running.backend().name()) || !sameProcess(running.backend(), now);
			if (gone) {
				log.info("Backend {} was removed, disabled or changed: stopping its processes", running.backend().name());
				running.stop("its backend was removed, disabled or changed in the config repo").subscribe();
			}
			return gone;
		});
	}

	/** Stops every process and waits (at most the stop grace and a second) until they have exited. */
	@Override
	public void close() {
		this.reaper.dispose();
		List<Mono<Void>> stops = new ArrayList<>();
		this.backends.values().forEach(backend -> stops.add(backend.stop("the gateway is shutting down")));
		this.backends.clear();
		try {
			// The one wait in this package, on the thread that closes the context (never an event loop): the JVM
			// must not exit before its children have, or they would be left running without their parent.
			Mono.when(stops).block(this.settings.stopGrace().plusSeconds(1));
		}
		catch (RuntimeException late) {
			log.warn("Some stdio processes had not exited when the gateway stopped waiting: {}", late.getMessage());
		}
		this.threads.shutdownNow();
		this.starts.dispose();
	}

	/** The ids of a backend's running processes. */
	List<Long> pids(String backend) {
		StdioBackend running = this.backends.get(backend);
		return running == null ? List.of() : running.pids();
	}

	private StdioBackend of(BackendDefinition backend) {
		if (!(backend.transport() instanceof BackendTransport.Stdio)) {
			throw new IllegalArgumentException("backend " + backend.name() + " is not a stdio backend");
		}
		return this.backends.compute(backend.name(), (name, running) -> {
			if (running != null && sameProcess(running.backend(), backend)) {
				return running;
			}
			if (running != null) {
				running.stop("its backend changed in the config repo").subscribe();
			}
			return new StdioBackend(backend, this.launch, this.gatewayEnvironment, this.service);
		});
	}

	private static boolean sameProcess(BackendDefinition a, @Nullable BackendDefinition b) {
		return b != null && a.transport().equals(b.transport()) && a.timeout().equals(b.timeout()) && a.enabled() == b.enabled();
	}

}
