package io.github.mcpplatform.gateway.resourceserver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import reactor.core.publisher.Mono;

/**
 * Answers a GET from memory when the same URL was fetched successfully less than {@code interval} ago.
 * Spring's remote JWK source fetches the identity provider's JWKS again whenever a token names a {@code kid}
 * it does not know, so tokens with made-up {@code kid}s would otherwise turn into requests to the identity
 * provider; with this filter there is at most one per interval. A key the provider really added is picked
 * up at most {@code interval} late.
 */
public final class RecentAnswers implements ExchangeFilterFunction {

	private record Answer(Instant fetched, HttpStatusCode status, HttpHeaders headers, String body) {
	}

	private final Duration interval;

	private final Clock clock;

	private final Map<String, Answer> answers = new ConcurrentHashMap<>();

	public RecentAnswers(Duration interval, Clock clock) {
		this.interval = interval;
		this.clock = clock;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		if (request.method() != HttpMethod.GET) {
			return next.exchange(request);
		}
		String url = request.url().toString();
		Answer recent = this.answers.get(url);
		if (recent != null && this.clock.instant().isBefore(recent.fetched().plus(this.interval))) {
			return Mono.just(ClientResponse.create(recent.status())
				.headers(headers -> headers.addAll(recent.headers()))
				.body(recent.body())
				.build());
		}
		return next.exchange(request).flatMap(response -> {
			if (!response.statusCode().is2xxSuccessful()) {
				return Mono.just(response);
			}
			return response.bodyToMono(String.class).defaultIfEmpty("").map(body -> {
				HttpHeaders headers = new HttpHeaders();
				headers.addAll(response.headers().asHttpHeaders());
				if (this.answers.size() < 100) {
					this.answers.put(url, new Answer(this.clock.instant(), response.statusCode(), headers, body));
				}
				return ClientResponse.create(response.statusCode()).headers(h -> h.addAll(headers)).body(body).build();
			});
		});
	}

}
