package io.github.mcpplatform.cnpg.server;

import java.lang.reflect.Field;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.mcp.server.webflux.transport.WebFluxStreamableServerTransportProvider;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.modelcontextprotocol.spec.McpStreamableServerSession;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Forgets MCP sessions that were deleted or went idle.
 *
 * <p>
 * Spring AI 2.0.0's WebFlux streamable transport keeps every session in a private map for the life of the
 * process: {@code DELETE} closes a session but leaves it in the map, and nothing expires. This filter
 * records when each session was last used, removes a session once its {@code DELETE} succeeded, and
 * periodically removes sessions that have been idle longer than the configured timeout and have no open
 * stream. Reaching the map takes reflection, checked at startup; remove this class when the transport
 * cleans up after itself.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#session-management">MCP
 *     session management</a>
 */
final class SessionReaper implements WebFilter, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(SessionReaper.class);

	private static final String SESSION_HEADER = "Mcp-Session-Id";

	private final Map<String, McpStreamableServerSession> sessions;

	private final Map<String, Instant> lastUsed = new ConcurrentHashMap<>();

	private final String endpoint;

	private final Duration idleTimeout;

	private final Clock clock;

	private final Disposable sweeper;

	SessionReaper(WebFluxStreamableServerTransportProvider transport, String endpoint, McpSessionProperties properties,
			Clock clock) {
		this.sessions = sessionsOf(transport);
		this.endpoint = endpoint;
		this.idleTimeout = properties.sessionIdleTimeout();
		this.clock = clock;
		this.sweeper = Flux.interval(properties.sessionSweepInterval()).subscribe(tick -> sweep());
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!exchange.getRequest().getPath().value().equals(this.endpoint)) {
			return chain.filter(exchange);
		}
		String requested = exchange.getRequest().getHeaders().getFirst(SESSION_HEADER);
		touch(requested);
		return chain.filter(exchange).then(Mono.fromRunnable(() -> {
			touch(exchange.getResponse().getHeaders().getFirst(SESSION_HEADER));
			if (HttpMethod.DELETE.equals(exchange.getRequest().getMethod()) && requested != null
					&& exchange.getResponse().getStatusCode() != null
					&& exchange.getResponse().getStatusCode().is2xxSuccessful()) {
				this.sessions.remove(requested);
				this.lastUsed.remove(requested);
			}
		}));
	}

	/** Forgets idle sessions without open streams; how many it forgot. */
	int sweep() {
		Instant now = this.clock.instant();
		int forgotten = 0;
		for (Map.Entry<String, McpStreamableServerSession> entry : this.sessions.entrySet()) {
			Instant last = this.lastUsed.computeIfAbsent(entry.getKey(), id -> now);
			if (!entry.getValue().hasOpenStream() && last.plus(this.idleTimeout).isBefore(now)
					&& this.sessions.remove(entry.getKey(), entry.getValue())) {
				this.lastUsed.remove(entry.getKey());
				entry.getValue().closeGracefully().onErrorComplete().subscribe();
				forgotten++;
			}
		}
		this.lastUsed.keySet().retainAll(this.sessions.keySet());
		if (forgotten > 0) {
			log.info("Forgot {} MCP session(s) idle for more than {}; {} remain", forgotten, this.idleTimeout,
					this.sessions.size());
		}
		return forgotten;
	}

	/** Sessions the transport currently holds. */
	int sessionCount() {
		return this.sessions.size();
	}

	private void touch(String sessionId) {
		if (sessionId != null) {
			this.lastUsed.put(sessionId, this.clock.instant());
		}
	}

	@Override
	public void close() {
		this.sweeper.dispose();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, McpStreamableServerSession> sessionsOf(WebFluxStreamableServerTransportProvider transport) {
		try {
			Field field = WebFluxStreamableServerTransportProvider.class.getDeclaredField("sessions");
			field.setAccessible(true);
			return (Map<String, McpStreamableServerSession>) field.get(transport);
		}
		catch (ReflectiveOperationException | RuntimeException e) {
			throw new IllegalStateException("Spring AI's streamable transport no longer keeps its sessions where "
					+ "SessionReaper expects them (" + e + "); check whether it now expires sessions itself and "
					+ "remove SessionReaper if so", e);
		}
	}

}
