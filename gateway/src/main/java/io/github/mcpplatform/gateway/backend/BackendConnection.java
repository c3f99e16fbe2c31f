package io.github.mcpplatform.gateway.backend;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpplatform.gateway.backend.BackendStatus.State;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.BackendTransport;
import io.github.mcpplatform.gateway.protocol.ProtocolVersions;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema.Implementation;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;

/**
 * The gateway's own MCP session with one backend, which keeps that backend's catalog: tools, resources,
 * resource templates and prompts.
 *
 * <p>
 * It connects in the background, never at startup, so a backend that is down delays nothing else. Once
 * initialized it lists what the backend declares (all pages), follows its {@code list_changed}
 * notifications, and pings every {@link BackendSettings#healthInterval()}. A failed initialize or ping (a
 * refused connection, an error, or two timeouts in a row) marks the backend {@link State#DOWN} (its tools
 * leave the merged list) and reconnects with exponential backoff, reset after every successful connection.
 * Every call has a timeout.
 */
public final class BackendConnection implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(BackendConnection.class);

	/** The latest declaration; it changes only in what the connection does not depend on ({@link #redeclare}). */
	private volatile BackendDefinition backend;

	private final BackendSettings settings;

	private final Function<BackendDefinition, McpClientTransport> transports;

	private final StatelessBackend stateless;

	/** Whether the backend speaks the stateless era, as its {@code server/discover} said at the last connection. */
	private volatile boolean speaksStateless;

	private final Sinks.Many<BackendStatus> statuses = Sinks.many().replay().latest();

	private volatile BackendStatus status;

	private volatile @Nullable McpAsyncClient client;

	private volatile @Nullable String instructions;

	private @Nullable Disposable lifecycle;

	private Runnable onChange = () -> {
	};

	BackendConnection(BackendDefinition backend, BackendSettings settings,
			Function<BackendDefinition, McpClientTransport> transports, StatelessBackend stateless) {
		this.backend = backend;
		this.settings = settings;
		this.transports = transports;
		this.stateless = stateless;
		this.status = new BackendStatus(backend.name(), State.CONNECTING, Catalog.EMPTY, null, Instant.now());
		this.statuses.tryEmitNext(this.status);
	}

	/** Runs after every status change, before it is emitted: lets the registry keep derived views current. */
	void onChange(Runnable onChange) {
		this.onChange = onChange;
	}

	/** Starts connecting in the background; returns at once. */
	void start() {
		this.lifecycle = Flux.defer(this::connectAndWatch)
			.retryWhen(Retry.backoff(Long.MAX_VALUE, this.settings.minBackoff())
				.maxBackoff(this.settings.maxBackoff())
				.transientErrors(true))
			.subscribe();
	}

	public BackendDefinition backend() {
		return this.backend;
	}

	/**
	 * Takes a new declaration of the same backend that differs only in what does not need a new connection:
	 * its description, who may use it, where it was declared.
	 */
	void redeclare(BackendDefinition backend) {
		if (!BackendRegistry.sameConnection(this.backend, backend)) {
			throw new IllegalArgumentException("backend " + backend.name() + " changed how to connect to it: reconnect instead");
		}
		this.backend = backend;
	}

	public BackendStatus status() {
		return this.status;
	}

	/** The current status, then every change. */
	public Flux<BackendStatus> statuses() {
		return this.statuses.asFlux();
	}

	/** What the backend told clients at initialize, if anything. */
	@Nullable String instructions() {
		return this.instructions;
	}

	/** The live session, when the backend is ready. */
	public @Nullable McpAsyncClient client() {
		return this.status.state() == State.READY ? this.client : null;
	}

	/** Whether requests to this backend go statelessly (MCP 2026-07-28), without a backend session. */
	public boolean speaksStateless() {
		return this.speaksStateless;
	}

	/**
	 * One connection's life: asks the backend which era it speaks, then emits when ready and watches it
	 * until it fails, which ends it with an error so that the retry above reconnects.
	 */
	private Flux<BackendStatus> connectAndWatch() {
		// Only a streamable-HTTP server can be asked server/discover: a legacy HTTP+SSE server has no endpoint to
		// POST it to before its stream is open, and a stdio process speaks the session era.
		Mono<Optional<JsonNode>> era = this.backend.transport() instanceof BackendTransport.StreamableHttp
				? this.stateless.discover() : Mono.just(Optional.empty());
		return era.flatMapMany(discovered -> {
			this.speaksStateless = discovered.isPresent();
			return discovered.isPresent() ? watchStateless(discovered.get()) : connectSessionAndWatch();
		}).doOnError(e -> {
			if (this.status.state() != State.DOWN) {
				publish(State.DOWN, Catalog.EMPTY, describe(e));
				log.warn("Backend {} is down: {}", this.backend.name(), describe(e));
				log.debug("Backend {} is down", this.backend.name(), e);
			}
		});
	}

	/**
	 * A stateless backend: its lists, then {@code server/discover} as the health check, its
	 * {@code subscriptions/listen} stream for changes (re-opened when it ends) and the periodic re-read.
	 */
	private Flux<BackendStatus> watchStateless(JsonNode discovered) {
		this.instructions = discovered.path("instructions").asString(null);
		JsonNode capabilities = discovered.path("capabilities");
		Flux<BackendStatus> changes = this.stateless.listChanges()
			.onErrorResume(e -> Flux.empty())
			.repeatWhen(ends -> ends.delayElements(this.settings.maxBackoff()))
			.concatMap(change -> this.stateless.catalog(capabilities))
			.mergeWith(ticks(this.settings.catalogRefresh()).concatMap(tick -> this.stateless.catalog(capabilities)))
			.filter(catalog -> !catalog.equals(this.status.catalog()))
			.map(catalog -> {
				log.info("Backend {} changed its lists", this.backend.name());
				return publish(State.READY, catalog, null);
			});
		return this.stateless.catalog(capabilities)
			.map(catalog -> publish(State.READY, catalog, null))
			.doOnNext(ready -> log.info("Backend {} (MCP {}) is ready with {} tools, {} resources, {} prompts",
					this.backend.name(), ProtocolVersions.STATELESS, ready.catalog().tools().size(),
					ready.catalog().resources().size(), ready.catalog().prompts().size()))
			.concatWith(Flux.merge(changes, ticks(this.settings.healthInterval())
				.concatMap(tick -> healthCheck(() -> this.stateless.discover()))
				.then(Mono.<BackendStatus>empty())));
	}

	/** A session-era backend, through the MCP Java SDK client. */
	private Flux<BackendStatus> connectSessionAndWatch() {
		McpAsyncClient fresh = McpClient.async(this.transports.apply(this.backend))
			.clientInfo(new Implementation("mcp-gateway", "0.1.0"))
			// Everything the gateway relays, so that backends list the tools they offer only to clients that can
			// answer them. This session never calls a tool, so it is never asked; clients' own sessions carry
			// their own capabilities.
			.capabilities(CatalogCapabilities.DECLARED)
			.sampling(request -> Mono.error(notForThisSession()))
			.elicitation(request -> Mono.error(notForThisSession()))
			.urlElicitation(request -> Mono.error(notForThisSession()))
			.requestTimeout(this.backend.timeout())
			.initializationTimeout(this.backend.timeout())
			.toolsChangeConsumer(tools -> whenReady(catalog -> Mono.just(catalog.withTools(tools)), "tools"))
			.resourcesChangeConsumer(resources -> whenReady(catalog -> SessionCatalogs.templates(this.client)
				.map(templates -> catalog.withResources(resources, templates)), "resources"))
			.promptsChangeConsumer(prompts -> whenReady(catalog -> Mono.just(catalog.withPrompts(prompts)), "prompts"))
			.build();
		this.client = fresh;
		return fresh.initialize()
			.doOnNext(result -> this.instructions = result.instructions())
			.flatMapMany(result -> SessionCatalogs.read(fresh, result.capabilities())
				.map(catalog -> publish(State.READY, catalog, null))
				.doOnNext(ready -> log.info("Backend {} is ready with {} tools, {} resources, {} resource templates, {} prompts",
						this.backend.name(), ready.catalog().tools().size(), ready.catalog().resources().size(),
						ready.catalog().resourceTemplates().size(), ready.catalog().prompts().size()))
				.concatWith(Flux.merge(ticks(this.settings.healthInterval())
					.concatMap(tick -> healthCheck(fresh::ping))
					.then(Mono.<BackendStatus>empty()),
						// A lost list_changed must not leave a stale list for long.
						ticks(this.settings.catalogRefresh())
							.concatMap(tick -> SessionCatalogs.read(fresh, result.capabilities()))
							.filter(catalog -> !catalog.equals(this.status.catalog()))
							.map(catalog -> {
								log.info("Backend {} changed its lists without saying so", this.backend.name());
								return publish(State.READY, catalog, null);
							})
							.then(Mono.<BackendStatus>empty()))))
			.doOnError(e -> {
				publish(State.DOWN, Catalog.EMPTY, describe(e));
				log.warn("Backend {} is down: {}", this.backend.name(), describe(e));
				log.debug("Backend {} is down", this.backend.name(), e);
				fresh.closeGracefully().onErrorComplete().subscribe();
			});
	}

	/**
	 * Ticks for a periodic check. A tick that comes while the previous check still runs is dropped: a check
	 * may outlast the period (a health check that times out twice does), and an interval whose ticks are not
	 * taken fails, which would count as the backend failing.
	 */
	private static Flux<Long> ticks(Duration period) {
		return Flux.interval(period).onBackpressureDrop();
	}

	/**
	 * One health check. A check that times out is repeated once, at once: a busy backend may miss one deadline,
	 * and dropping its tools (then reconnecting) for that would make them flap under load. A refused connection
	 * or an error answer counts at once.
	 */
	private <T> Mono<T> healthCheck(Supplier<Mono<T>> check) {
		return Mono.defer(check)
			.timeout(this.settings.healthTimeout())
			.retryWhen(Retry.max(1).filter(TimeoutException.class::isInstance).onRetryExhaustedThrow((spec, signal) -> signal.failure()));
	}

	private static IllegalStateException notForThisSession() {
		return new IllegalStateException("the gateway's catalog session relays nothing; call tools in a client session");
	}

	/** Applies a change the backend announced, once it is ready (changes during connecting are in the first listing). */
	private Mono<Void> whenReady(Function<Catalog, Mono<Catalog>> change, String what) {
		return Mono.defer(() -> {
			if (this.status.state() != State.READY) {
				return Mono.empty();
			}
			return change.apply(this.status.catalog()).doOnNext(catalog -> {
				log.info("Backend {} changed its {}", this.backend.name(), what);
				publish(State.READY, catalog, null);
			}).then();
		});
	}

	private BackendStatus publish(State state, Catalog catalog, @Nullable String problem) {
		if (this.status.state() == State.CLOSED) {
			return this.status;
		}
		BackendStatus next = new BackendStatus(this.backend.name(), state, catalog, problem, Instant.now());
		this.status = next;
		this.onChange.run();
		this.statuses.tryEmitNext(next);
		return next;
	}

	private static String describe(Throwable e) {
		Throwable root = e;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return e == root ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root.getMessage() + ")";
	}

	@Override
	public void close() {
		publish(State.CLOSED, Catalog.EMPTY, null);
		this.statuses.tryEmitComplete();
		if (this.lifecycle != null) {
			this.lifecycle.dispose();
		}
		McpAsyncClient current = this.client;
		if (current != null) {
			current.closeGracefully().onErrorComplete().subscribe();
		}
	}

}
