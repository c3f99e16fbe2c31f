package io.github.mcpplatform.gateway.resourceserver;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.protocol.HttpRules;
import io.github.mcpplatform.gateway.protocol.JsonRpcError;
import reactor.core.publisher.Mono;

/**
 * {@code gateway.auth.mode=none} (loopback only): every request is the local user, so the filter keeps web pages
 * from acting as that user through the browser:
 * <ul>
 * <li>a request whose {@code Host} is not a loopback name is refused with 403: a page whose own name was rebound
 * to 127.0.0.1 (DNS rebinding) sends its own name there, and browsers send no {@code Origin} on its GETs;</li>
 * <li>a request whose {@code Origin} is not on loopback is refused with 403;</li>
 * <li>a POST of an MCP message that is not {@code application/json} is refused with 415: a page on another
 * loopback port could otherwise send a blind {@code text/plain} tool call, which browsers send without asking
 * (JSON makes them ask first, and the gateway never says yes).</li>
 * </ul>
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#security-warning">MCP
 *     transports: validate Origin, bind to localhost</a>
 * @see <a href="https://fetch.spec.whatwg.org/#cors-safelisted-request-header">Fetch: CORS-safelisted request
 *     headers (the content types sent without a preflight)</a>
 */
public final class LocalUserFilter implements CallerFilter {

	private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

	private static final Pattern BACKEND_MCP_PATH = Pattern.compile("/backends/[^/]+/mcp");

	private final GatewayUser localUser;

	public LocalUserFilter(GatewayUser localUser) {
		this.localUser = localUser;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (!fromLoopback(request)) {
			return refuse(exchange.getResponse(), HttpStatus.FORBIDDEN,
					"Only pages and clients on this machine's loopback names may use a gateway without sign-in");
		}
		if (!jsonWhereRequired(request)) {
			// The same answer the MCP endpoint gives in every mode, here also for /backends/<name>/mcp.
			ServerHttpResponse response = exchange.getResponse();
			JsonRpcError unsupported = JsonRpcError.unsupportedMediaType();
			response.setStatusCode(HttpStatus.valueOf(unsupported.httpStatus()));
			response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
			return response.writeWith(Mono.just(response.bufferFactory()
				.wrap(unsupported.toJson(null).getBytes(StandardCharsets.UTF_8))));
		}
		exchange.getAttributes().put(GatewayUser.ATTRIBUTE, this.localUser);
		return chain.filter(exchange);
	}

	@Override
	public Mono<GatewayUser> caller(ServerHttpRequest request) {
		return fromLoopback(request) && jsonWhereRequired(request) ? Mono.just(this.localUser) : Mono.empty();
	}

	private static Mono<Void> refuse(ServerHttpResponse response, HttpStatus status, String why) {
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.TEXT_PLAIN);
		return response.writeWith(Mono.just(response.bufferFactory().wrap((why + "\n").getBytes(StandardCharsets.UTF_8))));
	}

	private static boolean fromLoopback(ServerHttpRequest request) {
		String origin = request.getHeaders().getOrigin();
		return isLoopback(host(request)) && (origin == null || isLoopback(hostOf(origin)));
	}

	/** The name the client asked for: the {@code Host} header, else (HTTP/1.0) the address it reached. */
	private static @Nullable String host(ServerHttpRequest request) {
		String header = request.getHeaders().getFirst("Host");
		return header != null ? hostOf("http://" + header) : request.getURI().getHost();
	}

	private static boolean jsonWhereRequired(ServerHttpRequest request) {
		if (request.getMethod() != HttpMethod.POST || !isMcpPath(request.getPath().value())) {
			return true;
		}
		return HttpRules.declaresJson(request.getHeaders());
	}

	private static boolean isMcpPath(String path) {
		return "/mcp".equals(path) || BACKEND_MCP_PATH.matcher(path).matches();
	}

	private static @Nullable String hostOf(String url) {
		try {
			return URI.create(url).getHost();
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}

	private static boolean isLoopback(@Nullable String host) {
		return host != null && LOOPBACK_HOSTS.contains(host.toLowerCase(Locale.ROOT));
	}

}
