package io.github.mcpplatform.gateway.resourceserver;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.WebFilter;

import io.github.mcpplatform.gateway.identity.GatewayUser;
import reactor.core.publisher.Mono;

/**
 * Decides who calls each request to the endpoints it guards, and answers the requests it refuses. The same
 * decision is open to handlers that run before the filter chain, so that they serve only what the filter
 * would let through.
 */
public interface CallerFilter extends WebFilter {

	/**
	 * Who sends this request, when the filter would let it through unchanged; empty when the filter would
	 * answer it itself (a challenge, a refusal) or does not guard its path.
	 */
	Mono<GatewayUser> caller(ServerHttpRequest request);

	/**
	 * The response for a request the filter let through, for handlers that run before the filter chain: an
	 * event stream in it ends when the caller's access ends (as it does through the filter). Unchanged by
	 * default, for callers whose access does not end.
	 */
	default ServerHttpResponse streamingUntilAccessEnds(ServerHttpRequest request, ServerHttpResponse response) {
		return response;
	}

}
