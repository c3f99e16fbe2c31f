package io.github.mcpplatform.gateway.perbackend;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;

import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.BackendTransport;
import io.github.mcpplatform.gateway.backend.BackendCredentials;
import io.github.mcpplatform.gateway.backend.BackendCredentialException;
import io.github.mcpplatform.gateway.backend.BackendUnavailableException;
import io.github.mcpplatform.gateway.configrepo.BackendTransport;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.identity.SessionBinding;
import io.github.mcpplatform.gateway.protocol.McpHeaders;
import reactor.core.publisher.Mono;

/**
 * Sends {@code /backends/{name}/mcp} to that backend as it is (its own tool names, its own sessions), with
 * the identity swap of the merged endpoint: the client's credentials stay here and the backend gets a token
 * minted for it and the user. The backend's session id reaches the client bound to the user
 * ({@link SessionBinding}), so a session id shown by anyone else leads nowhere, on any replica.
 */
final class BackendRouteFilter implements GatewayFilter, Ordered {

	private static final Logger log = LoggerFactory.getLogger(BackendRouteFilter.class);


	private final BackendRegistry backends;

	private final BackendCredentials credentials;

	private final SessionBinding sessions;

	BackendRouteFilter(BackendRegistry backends, BackendCredentials credentials, SessionBinding sessions) {
		this.backends = backends;
		this.credentials = credentials;
		this.sessions = sessions;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		String name = ServerWebExchangeUtils.getUriTemplateVariables(exchange).getOrDefault("name", "");
		GatewayUser user = GatewayUser.of(exchange);
		// A backend the user may not use answers as one that does not exist: it does not tell who else has it.
		Optional<BackendDefinition> found = this.backends.backend(name).filter(backend -> {
			boolean admitted = backend.access().admits(user);
			if (!admitted) {
				// The user id (name and hash of issuer and subject) and the subject, which is what access.users matches.
				log.info("User {} (subject {}) asked for backend {}, whose access leaves them out: answered 404", user.id(),
						user.subject(), name);
			}
			return admitted;
		});
		if (found.isEmpty()) {
			return refuse(exchange, HttpStatus.NOT_FOUND, "No backend named '" + name + "'");
		}
		BackendDefinition backend = found.get();
		if (!(backend.transport() instanceof BackendTransport.StreamableHttp)) {
			// This route passes streamable HTTP through as it is; other transports are spoken only by the gateway.
			return refuse(exchange, HttpStatus.NOT_FOUND, "Backend '" + name + "' is reached over transport "
					+ backend.transport().configName() + ", which only the merged endpoint /mcp carries");
		}
		String bound = exchange.getRequest().getHeaders().getFirst(McpHeaders.SESSION_ID);
		@Nullable String session = bound == null ? null : this.sessions.unbind(user.principal(), bound);
		if (bound != null && session == null) {
			return refuse(exchange, HttpStatus.NOT_FOUND, "Session not found: initialize a new one");
		}
		return this.credentials.forUser(user, backend)
			.flatMap(credential -> {
				ServerWebExchange forwarded = exchange.mutate().request(request -> request.headers(headers -> {
					headers.remove(HttpHeaders.AUTHORIZATION);
					headers.remove(HttpHeaders.COOKIE);
					credential.applyTo(headers);
					if (session != null) {
						headers.set(McpHeaders.SESSION_ID, session);
					}
				})).build();
				forwarded.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, backendUrl(backend, exchange.getRequest().getURI()));
				withTimeout(forwarded, backend);
				forwarded.getResponse().beforeCommit(() -> {
					String backendSession = forwarded.getResponse().getHeaders().getFirst(McpHeaders.SESSION_ID);
					if (backendSession != null) {
						forwarded.getResponse().getHeaders().set(McpHeaders.SESSION_ID,
								this.sessions.bind(user.principal(), backendSession));
					}
					return Mono.empty();
				});
				return chain.filter(forwarded);
			})
			// Its credentials could not be had (a token endpoint down): say so, as for a backend that is down.
			.onErrorResume(BackendUnavailableException.class,
					unavailable -> refuse(exchange, HttpStatus.SERVICE_UNAVAILABLE, unavailable.getMessage()))
			// This user's credential for it could not be had (a refused token exchange): the backend is not at fault.
			.onErrorResume(BackendCredentialException.class,
					refused -> refuse(exchange, HttpStatus.BAD_GATEWAY, refused.getMessage()));
	}

	/** The backend's own MCP URL, with the client's query string. */
	private static URI backendUrl(BackendDefinition backend, URI request) {
		String query = request.getRawQuery();
		return URI.create(backend.url() + (query == null ? "" : "?" + query));
	}

	/**
	 * The backend's timeout, between reads of its answer; none for the listening stream (GET), which may be
	 * quiet for as long as the backend has nothing to say.
	 */
	private static void withTimeout(ServerWebExchange exchange, BackendDefinition backend) {
		Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
		if (route == null) {
			return;
		}
		Map<String, Object> metadata = new LinkedHashMap<>(route.getMetadata());
		metadata.put(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR,
				HttpMethod.GET.equals(exchange.getRequest().getMethod()) ? -1L : backend.timeout().toMillis());
		exchange.getAttributes().put(GATEWAY_ROUTE_ATTR, Route.async()
			.id(route.getId())
			.uri(route.getUri())
			.order(route.getOrder())
			.asyncPredicate(route.getPredicate())
			.filters(route.getFilters())
			.metadata(metadata)
			.build());
	}

	private static Mono<Void> refuse(ServerWebExchange exchange, HttpStatus status, String message) {
		exchange.getResponse().setStatusCode(status);
		exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_JSON);
		byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\""
				+ message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
		return exchange.getResponse().writeWith(Mono.just(exchange.getResponse().bufferFactory().wrap(body)));
	}

	/** After the route's URL is set, so that the backend's URL wins. */
	@Override
	public int getOrder() {
		return RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;
	}

}
