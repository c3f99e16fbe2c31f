package io.github.mcpplatform.gateway.store;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * The one place where a request that failed because the store cannot be reached is answered: outermost in the
 * filter chain, so that it sees store failures of every filter (the caller's grant) and handler (sessions,
 * sign-ins, rate counters) and answers them with 503 and {@code Retry-After} (see {@link StoreOutageAnswers})
 * instead of the generic 500. The direct path, which answers routine MCP calls before this chain, asks
 * {@link StoreFailures} and {@link StoreOutageAnswers} itself.
 * <p>
 * A failure after the answer has started (an event stream) cannot change its status; it ends the stream, as
 * any failure does.
 */
public final class StoreOutageFilter implements WebFilter, Ordered {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return chain.filter(exchange)
			.onErrorResume(error -> StoreFailures.unavailable(error) && !exchange.getResponse().isCommitted(), error -> {
				return StoreOutageAnswers.forPath(exchange.getRequest().getPath().pathWithinApplication().value(),
						exchange.getResponse(), error);
			});
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
