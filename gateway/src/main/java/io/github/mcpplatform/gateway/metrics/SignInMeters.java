package io.github.mcpplatform.gateway.metrics;

import java.net.URI;

import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * Sign-ins and refreshes, counted where they end, from outside the authorization server: a web filter that reads
 * how the identity provider's callback and the token endpoint answered. {@code gateway.sign_ins} counts a sign-in
 * {@code ok} when its client redeems the code for tokens, {@code refused} when the callback or the redemption is
 * refused (an expired sign-in, someone who declined, a wrong verifier), and {@code unavailable} when the identity
 * provider or the store failed it; {@code gateway.refreshes} counts the {@code refresh_token} grant the same way.
 * The form is read through the exchange's cached copy, which the token endpoint reads too.
 */
public final class SignInMeters implements WebFilter, Ordered {

	private final String callbackPath;

	private final String tokenPath;

	private final Outcomes signIns;

	private final Outcomes refreshes;

	public SignInMeters(MeterRegistry meters, String callbackPath, String tokenPath) {
		this.callbackPath = callbackPath;
		this.tokenPath = tokenPath;
		this.signIns = new Outcomes(meters, "gateway.sign_ins",
				"Sign-ins that ended: ok when the client got its tokens, refused, or unavailable (identity provider or store)");
		this.refreshes = new Outcomes(meters, "gateway.refreshes",
				"Refresh token grants: ok, refused (the client must sign in again), or unavailable (identity provider or store)");
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (HttpMethod.GET.equals(exchange.getRequest().getMethod()) && this.callbackPath.equals(path)) {
			return chain.filter(exchange).doFinally(signal -> callback(exchange, signal));
		}
		if (HttpMethod.POST.equals(exchange.getRequest().getMethod()) && this.tokenPath.equals(path)) {
			return exchange.getFormData()
				.map(form -> String.valueOf(form.getFirst("grant_type")))
				.onErrorReturn("")
				.flatMap(grant -> {
					Outcomes outcomes = "authorization_code".equals(grant) ? this.signIns
							: "refresh_token".equals(grant) ? this.refreshes : null;
					return outcomes == null ? chain.filter(exchange)
							: chain.filter(exchange).doFinally(signal -> outcomes.count(answered(exchange, signal)));
				});
		}
		return chain.filter(exchange);
	}

	/**
	 * The callback ends a sign-in only when it fails: on success it hands the client a code, and the sign-in ends
	 * when the client redeems it. A failure at the identity provider comes back to the client as a redirect with
	 * {@code error=server_error}; a person who declined, with {@code error=access_denied}.
	 */
	private void callback(ServerWebExchange exchange, SignalType signal) {
		Outcome outcome = answered(exchange, signal);
		URI location = exchange.getResponse().getHeaders().getLocation();
		String query = location == null || location.getRawQuery() == null ? "" : "&" + location.getRawQuery();
		if (outcome == Outcome.OK && query.contains("&error=")) {
			this.signIns.count(query.contains("&error=access_denied") ? Outcome.REFUSED : Outcome.UNAVAILABLE);
		}
		else if (outcome != Outcome.OK && outcome != Outcome.NONE) {
			this.signIns.count(outcome);
		}
	}

	private static Outcome answered(ServerWebExchange exchange, SignalType signal) {
		@Nullable HttpStatusCode status = exchange.getResponse().getStatusCode();
		if (signal == SignalType.CANCEL) {
			// The client went away: nothing ended.
			return Outcome.NONE;
		}
		if (signal != SignalType.ON_COMPLETE || (status != null && status.is5xxServerError())) {
			// A failure that left the filters unanswered becomes a 500 (or, for the store, the outer 503).
			return Outcome.UNAVAILABLE;
		}
		return status != null && status.is4xxClientError() ? Outcome.REFUSED : Outcome.OK;
	}

	/** Inside the store outage filter, which turns a store failure into 503 on the way out: seen here as an error. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

	private enum Outcome {

		OK, REFUSED, UNAVAILABLE, NONE

	}

	private static final class Outcomes {

		private final Counter ok;

		private final Counter refused;

		private final Counter unavailable;

		Outcomes(MeterRegistry meters, String name, String description) {
			this.ok = Counter.builder(name).description(description).tag("outcome", "ok").register(meters);
			this.refused = Counter.builder(name).description(description).tag("outcome", "refused").register(meters);
			this.unavailable = Counter.builder(name).description(description).tag("outcome", "unavailable").register(meters);
		}

		void count(Outcome outcome) {
			switch (outcome) {
				case OK -> this.ok.increment();
				case REFUSED -> this.refused.increment();
				case UNAVAILABLE -> this.unavailable.increment();
				case NONE -> {
					// nothing ended
				}
			}
		}

	}

}
