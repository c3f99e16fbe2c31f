package io.github.mcpplatform.gateway.upstream;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.mcpplatform.gateway.backend.BackendCredentials;
import io.github.mcpplatform.gateway.backend.BackendUnavailableException;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import io.github.mcpplatform.gateway.session.FrontSession;
import io.netty.channel.ChannelOption;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The legacy HTTP+SSE channels of this replica: one per client session and backend, opened on first use and
 * initialized with the client's own {@code initialize} params, so that the backend meets the client as it is
 * (its capabilities, its name, and the protocol version it speaks: the transport is legacy, the version need not
 * be, and a server that knows only 2024-11-05 answers with that, which the gateway takes).
 *
 * <p>
 * Bounded and cleaned up: at most {@link Limits#maxChannels()} are open at once (a request beyond that is
 * refused as the backend being unavailable); a channel the client has sent nothing on for
 * {@link Limits#idleTimeout()} is closed, as is a channel whose backend the config repo removed or changed; a
 * channel that broke is forgotten at once, and the next request opens a new one.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2024-11-05/basic/transports#http-with-sse">MCP
 *     2024-11-05: HTTP with SSE</a>
 */
public final class SseChannels implements BackendChannels, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(SseChannels.class);

	private static final String INITIALIZE_ID = "gateway-initialize";

	/** How long a backend may take to accept a connection; its own timeout bounds the rest. */
	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * @param maxChannels open SSE connections on this replica, across backends and sessions
	 * @param idleTimeout a channel on which the client sent nothing for this long is closed
	 * @param maxMessageBytes the largest event read from a backend
	 * @param sweepEvery how often idle channels and channels of removed backends are looked for
	 */
	public record Limits(int maxChannels, Duration idleTimeout, int maxMessageBytes, Duration sweepEvery) {

		public static final Limits DEFAULTS = new Limits(1000, Duration.ofMinutes(30), 8 * 1024 * 1024,
				Duration.ofSeconds(10));

	}

	private final WebClient web;

	private final BackendCredentials credentials;

	private final Function<String, Optional<BackendDefinition>> declared;

	private final Limits limits;

	private final Map<String, Entry> channels = new ConcurrentHashMap<>();

	private @Nullable Disposable sweeper;

	private record Entry(BackendDefinition backend, Mono<SseChannel> channel) {
	}

	/**
	 * @param web makes the requests (SSE streams stay open: give it a pool of its own, not the calls' pool)
	 * @param declared the backend of the live config by name, to close the channels of removed ones
	 */
	public SseChannels(WebClient web, BackendCredentials credentials, Function<String, Optional<BackendDefinition>> declared,
			Limits limits) {
		this.web = web;
		this.credentials = credentials;
		this.declared = declared;
		this.limits = limits;
	}

	/**
	 * The gateway's SSE channels to the backends of {@code declared}, with their own connection pool: an SSE
	 * stream holds its connection for as long as it is open, which must not starve the pool that calls use.
	 * Connecting has a timeout of its own ({@link #CONNECT_TIMEOUT}); the rest is bounded by each backend's.
	 */
	public static SseChannels of(BackendCredentials credentials, Function<String, Optional<BackendDefinition>> declared) {
		Limits limits = Limits.DEFAULTS;
		ConnectionProvider pool = ConnectionProvider.builder("sse-backends")
			// Each open channel holds one connection; its messages are POSTed on others.
			.maxConnections(limits.maxChannels() + 200)
			.maxIdleTime(Duration.ofSeconds(30))
			.build();
		HttpClient http = HttpClient.create(pool).option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
				Math.toIntExact(CONNECT_TIMEOUT.toMillis()));
		return new SseChannels(WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build(),
				credentials, declared, limits);
	}

	@Override
	public Mono<BackendChannel> channel(BackendDefinition backend, FrontSession session, GatewayUser user) {
		String key = backend.name() + "\n" + session.id();
		return Mono.defer(() -> {
			Entry entry = this.channels.compute(key, (name, current) -> current != null && current.backend().equals(backend)
					? current : open(key, backend, session, user, current));
			return entry.channel().doOnError(e -> this.channels.remove(key, entry)).flatMap(channel -> {
				if (channel.isOpen()) {
					return Mono.just((BackendChannel) channel);
				}
				this.channels.remove(key, entry);
				return channel(backend, session, user);
			});
		});
	}

	private Entry open(String key, BackendDefinition backend, FrontSession session, GatewayUser user, @Nullable Entry replaced) {
		if (replaced != null) {
			replaced.channel().flatMap(SseChannel::close).onErrorComplete().subscribe();
		}
		startSweeping();
		if (this.channels.size() >= this.limits.maxChannels()) {
			return new Entry(backend, Mono.error(new BackendUnavailableException(backend, "cannot take another SSE connection: "
					+ "this replica has " + this.limits.maxChannels() + " open, the most it keeps")));
		}
		SseChannel channel = new SseChannel(backend, this.web, () -> this.credentials.forUser(user, backend),
				this.limits.maxMessageBytes());
		Mono<SseChannel> opened = channel.connect()
			.then(initialize(channel, backend, session))
			.thenReturn(channel)
			.doOnError(e -> {
				log.warn("No SSE connection to backend {}: {}", backend.name(), e.getMessage());
				channel.close().subscribe();
			})
			.doOnNext(ready -> channel.received().subscribe(null, e -> this.channels.remove(key), () -> this.channels.remove(key)))
			.cache();
		return new Entry(backend, opened);
	}

	/**
	 * MCP's handshake on the new connection: {@code initialize} with the client's own params, its answer (on the
	 * stream) within the backend's timeout, then {@code notifications/initialized}.
	 *
	 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#initialization">MCP
	 *     initialization</a>
	 */
	private static Mono<Void> initialize(SseChannel channel, BackendDefinition backend, FrontSession session) {
		ObjectNode request = JsonRpc.JSON.createObjectNode().put("jsonrpc", "2.0").put("id", INITIALIZE_ID)
			.put("method", "initialize");
		request.set("params", JsonRpc.JSON.readTree(session.initializeParams()));
		Mono<ObjectNode> answer = channel.received()
			.filter(message -> INITIALIZE_ID.equals(message.path("id").asString(null)) && !message.has("method"))
			.next()
			.switchIfEmpty(Mono.error(() -> new BackendUnavailableException(backend, "closed the connection")));
		return Mono.zip(answer, channel.send(request).then(Mono.just(true)))
			.map(both -> both.getT1())
			.timeout(backend.timeout(), Mono.error(() -> new BackendUnavailableException(backend,
					"did not answer initialize within " + backend.timeout().toMillis() + " ms")))
			.flatMap(result -> {
				JsonNode error = result.get("error");
				if (error != null || !result.path("result").isObject()) {
					return Mono.error(new BackendUnavailableException(backend, "refused initialize"
							+ (error != null ? ": " + error.path("message").asString("") : "")));
				}
				return channel.send((ObjectNode) JsonRpc.JSON.readTree(JsonRpc.notification("notifications/initialized")));
			});
	}

	private synchronized void startSweeping() {
		if (this.sweeper == null) {
			this.sweeper = Flux.interval(this.limits.sweepEvery()).onBackpressureDrop().subscribe(tick -> sweep());
		}
	}

	/** Closes the channels no one used for long, and those of backends the config removed or changed. */
	void sweep() {
		Instant idleSince = Instant.now().minus(this.limits.idleTimeout());
		this.channels.forEach((key, entry) -> entry.channel().subscribe(channel -> {
			Optional<BackendDefinition> live = this.declared.apply(entry.backend().name());
			boolean removed = live.isEmpty() || !live.get().equals(entry.backend());
			if (removed || channel.lastUsed().isBefore(idleSince) || !channel.isOpen()) {
				if (this.channels.remove(key, entry) && channel.isOpen()) {
					log.debug("Closing an SSE connection to backend {}: {}", entry.backend().name(),
							removed ? "the backend left the config" : "unused");
				}
				channel.close().subscribe();
			}
		}, e -> this.channels.remove(key, entry)));
	}

	/** How many channels are open or opening on this replica. */
	int size() {
		return this.channels.size();
	}

	@Override
	public synchronized void close() {
		if (this.sweeper != null) {
			this.sweeper.dispose();
		}
		this.channels.values().forEach(entry -> entry.channel().flatMap(SseChannel::close).onErrorComplete().subscribe());
		this.channels.clear();
	}

}
