package io.github.mcpplatform.gateway.backend;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Connects to backends from the event loop that serves the client: each event loop has its own pool of
 * backend connections, and a request takes its connection from the pool of the loop it runs on. A call then
 * stays on one thread from the client's request to the backend and back. With one shared pool, a connection
 * opened by another loop serves the request there, and the request and the answer each hop between threads
 * (a task queued and a thread woken, twice per call). Envoy keeps per-worker pools for the same reason.
 * Requests made off the event loops (after a Redis lookup, say) take the pools in turn.
 *
 * @see <a href="https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/connection_pooling">Envoy:
 *     connection pools per worker thread</a>
 */
public final class ColocatedConnector implements ClientHttpConnector, AutoCloseable {

	/** How long a backend connection may sit unused: less than Node's 5 s keep-alive, so that the backend never closes it under a request. */
	static final Duration MAX_IDLE = Duration.ofSeconds(4);

	private final List<EventLoop> loops;

	private final List<ReactorClientHttpConnector> connectors;

	private final List<ConnectionProvider> pools;

	private final AtomicInteger turn = new AtomicInteger();

	/**
	 * @param group the event loops that serve the gateway's clients
	 * @param maxConnectionsPerLoop bounds each loop's pool (per backend address)
	 */
	public ColocatedConnector(EventLoopGroup group, int maxConnectionsPerLoop) {
		List<EventLoop> loops = new ArrayList<>();
		List<ReactorClientHttpConnector> connectors = new ArrayList<>();
		List<ConnectionProvider> pools = new ArrayList<>();
		for (EventExecutor executor : group) {
			EventLoop loop = (EventLoop) executor;
			ConnectionProvider pool = ConnectionProvider.builder("backends-" + loops.size())
				.maxConnections(maxConnectionsPerLoop)
				.maxIdleTime(MAX_IDLE)
				.evictInBackground(MAX_IDLE)
				.build();
			loops.add(loop);
			pools.add(pool);
			connectors.add(new ReactorClientHttpConnector(HttpClient.create(pool).runOn(loop)));
		}
		if (loops.isEmpty()) {
			throw new IllegalArgumentException("no event loops to connect from");
		}
		this.loops = List.copyOf(loops);
		this.connectors = List.copyOf(connectors);
		this.pools = List.copyOf(pools);
	}

	@Override
	public Mono<ClientHttpResponse> connect(HttpMethod method, URI uri,
			Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
		return Mono.defer(() -> current().connect(method, uri, requestCallback));
	}

	/** The connector of the event loop this thread is, or the next one in turn. */
	private ReactorClientHttpConnector current() {
		for (int i = 0; i < this.loops.size(); i++) {
			if (this.loops.get(i).inEventLoop()) {
				return this.connectors.get(i);
			}
		}
		return this.connectors.get(Math.floorMod(this.turn.getAndIncrement(), this.connectors.size()));
	}

	@Override
	public void close() {
		this.pools.forEach(ConnectionProvider::dispose);
	}

}
