package io.github.mcpplatform.gateway.auth;

import java.util.Set;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * CORS for the endpoints browser-based clients (the MCP Inspector) call directly: metadata, JWKS,
 * registration, token, revocation and the MCP endpoints. Never for {@code /authorize} or the consent page
 * (RFC 9700 section 2.6). No credentials are involved (tokens travel in headers), so any origin is allowed.
 */
public final class CorsFilter implements WebFilter {

	private static final Set<String> EXACT = Set.of("/register", "/token", "/revoke", "/jwks.json", "/mcp",
			"/oidc-test/mcp");

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (!(EXACT.contains(path) || path.startsWith("/.well-known/") || path.matches("/backends/[^/]+/mcp"))
				|| exchange.getRequest().getHeaders().getOrigin() == null) {
			return chain.filter(exchange);
		}
		HttpHeaders headers = exchange.getResponse().getHeaders();
		headers.set("Access-Control-Allow-Origin", "*");
		headers.set("Access-Control-Expose-Headers", "WWW-Authenticate, Mcp-Session-Id");
		if (exchange.getRequest().getMethod() == HttpMethod.OPTIONS) {
			headers.set("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
			headers.set("Access-Control-Allow-Headers",
					"Authorization, Content-Type, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID");
			headers.set("Access-Control-Max-Age", "3600");
			exchange.getResponse().setStatusCode(HttpStatus.NO_CONTENT);
			return Mono.empty();
		}
		return chain.filter(exchange);
	}

}
