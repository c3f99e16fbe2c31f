package io.github.mcpplatform.gateway.backend;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpplatform.gateway.backend.BackendStatus.State;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema.Implementation;
import io.modelcontextprotocol.spec.McpSchema.ListToolsResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * The gateway's own MCP session with one backend, which keeps that backend's tool catalog.
 *
 * <p>
 * It connects in the background, never at startup, so a backend that is down delays nothing else. Once
 * initialized it lists the tools (all pages), follows {@code notifications/tools/list_changed}, and pings
 * every {@link BackendSettings#healthInterval()}. A failed initialize or ping marks the backend
 * {@link State#DOWN} (its tools leave the merged list) and reconnects with exponential backoff, reset after
 * every successful connection. Every call has a timeout.
 */
public final class BackendConnection implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(BackendConnection.class);

	private final BackendDefinition backend;

	private final BackendSettings settings;

	private final Function<BackendDefinition, McpClientTransport> transports;

	private final Sinks.Many<BackendStatus> statuses = Sinks.many().replay().latest();

	private volatile BackendStatus status;

	private volatile @Nullable McpAsyncClient client;

	private volatile @Nullable String instructions;

	private @Nullable Disposable lifecycle;

	private Runnable onChange = () -> {
	};

	BackendConnection(BackendDefinition backend, BackendSettings settings,
			Function<BackendDefinition, McpClientTransport> transports) {
		this.backend = backend;
		this.settings = settings;
		this.transports = transports;
		this.status = new BackendStatus(backend.name(), State.CONNECTING, List.of(), null, Instant.now());
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

	/**
	 * One connection's life: emits when ready, then pings until a ping fails, which ends it with an error
	 * so that the retry above reconnects.
	 */
	private Flux<BackendStatus> connectAndWatch() {
		McpAsyncClient fresh = McpClient.async(this.transports.apply(this.backend))
			.clientInfo(new Implementation("mcp-gateway", "0.1.0"))
			.requestTimeout(this.backend.timeout())
			.initializationTimeout(this.backend.timeout())
			.toolsChangeConsumer(tools -> Mono.fromRunnable(() -> {
				if (this.status.state() == State.READY) {
					log.info("Backend {} changed its tools: {} now", this.backend.name(), tools.size());
					publish(State.READY, tools, null);
				}
			}))
			.build();
		this.client = fresh;
		return fresh.initialize()
			.doOnNext(result -> this.instructions = result.instructions())
			.then(allTools(fresh))
			.map(tools -> publish(State.READY, tools, null))
			.doOnNext(ready -> log.info("Backend {} is ready with {} tools", this.backend.name(), ready.tools().size()))
			.concatWith(Flux.interval(this.settings.healthInterval())
				.concatMap(tick -> fresh.ping().timeout(this.settings.healthTimeout()))
				.then(Mono.empty()))
			.doOnError(e -> {
				publish(State.DOWN, List.of(), describe(e));
				log.warn("Backend {} is down: {}", this.backend.name(), describe(e));
				fresh.closeGracefully().onErrorComplete().subscribe();
			});
	}

	private Mono<List<Tool>> allTools(McpAsyncClient client) {
		List<Tool> tools = new ArrayList<>();
		return client.listTools(null)
			.expand(page -> page.nextCursor() == null ? Mono.empty() : client.listTools(page.nextCursor()))
			.map(ListToolsResult::tools)
			.doOnNext(tools::addAll)
			.then(Mono.fromSupplier(() -> List.copyOf(tools)));
	}

	private BackendStatus publish(State state, List<Tool> tools, @Nullable String problem) {
		if (this.status.state() == State.CLOSED) {
			return this.status;
		}
		BackendStatus next = new BackendStatus(this.backend.name(), state, tools, problem, Instant.now());
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
		publish(State.CLOSED, List.of(), null);
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
