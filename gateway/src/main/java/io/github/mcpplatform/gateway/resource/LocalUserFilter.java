package io.github.mcpplatform.gateway.resource;

import java.net.URI;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import io.github.mcpplatform.gateway.identity.GatewayUser;
import reactor.core.publisher.Mono;

/**
 * {@code gateway.auth.mode=none} (loopback only): every request is the local user. A web page elsewhere
 * could still reach a loopback server through the browser (DNS rebinding), so a request whose
 * {@code Origin} is not itself on loopback is refused with 403.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#security-warning">MCP
 *     transports: validate Origin</a>
 */
public final class LocalUserFilter implements CallerFilter {

	private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

	private final GatewayUser localUser;

	public LocalUserFilter(GatewayUser localUser) {
		this.localUser = localUser;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!fromLoopback(exchange.getRequest())) {
			exchange.getResponse().setStatusCode(HttpStatus.FORBIDDEN);
			return exchange.getResponse().setComplete();
		}
		exchange.getAttributes().put(GatewayUser.ATTRIBUTE, this.localUser);
		return chain.filter(exchange);
	}

	@Override
	public Mono<GatewayUser> caller(ServerHttpRequest request) {
		return fromLoopback(request) ? Mono.just(this.localUser) : Mono.empty();
	}

	private static boolean fromLoopback(ServerHttpRequest request) {
		String origin = request.getHeaders().getOrigin();
		return origin == null || isLoopback(origin);
	}

	private static boolean isLoopback(String origin) {
		try {
			String host = URI.create(origin).getHost();
			return host != null && LOOPBACK_HOSTS.contains(host.toLowerCase(java.util.Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			return false;
		}
	}

}
