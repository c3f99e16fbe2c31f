package io.github.mcpplatform.gateway.backend;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.mcpplatform.gateway.configrepo.BackendAuth;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.identity.BackendTokens;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the gateway sends a backend to prove itself, by the backend's declared {@link BackendAuth}: its own JWT for
 * the user (the default), a fixed header, a client-credentials token, or nothing. The client's own token is never
 * among them.
 *
 * <p>
 * Client-credentials tokens are fetched once per declaration and reused by every request until a minute before
 * they expire (or half their life, when that is shorter); concurrent requests wait for the same fetch, and a
 * failed fetch is not remembered. A token endpoint that fails or does not answer within the backend's timeout
 * fails the call as the backend being unavailable, with words that name neither the secret nor the token.
 */
public final class BackendCredentials {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration RENEW_BEFORE = Duration.ofMinutes(1);

	/** A token endpoint that gives no lifetime: ask again after this. */
	private static final Duration UNKNOWN_LIFETIME = Duration.ofMinutes(5);

	/** The most of a token answer read: tokens are a few kilobytes at most. */
	private static final int MAX_ANSWER_BYTES = 64 * 1024;

	private final BackendTokens tokens;

	private final WebClient web;

	private final Map<BackendAuth.ClientCredentials, Mono<String>> clientTokens = new ConcurrentHashMap<>();

	/**
	 * @param web makes the requests to token endpoints (with the trust the gateway's other outbound calls have)
	 */
	public BackendCredentials(BackendTokens tokens, WebClient web) {
		this.tokens = tokens;
		this.web = web.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(MAX_ANSWER_BYTES)).build();
	}

	/** The credential for a request the user makes to the backend. */
	public Mono<BackendCredential> forUser(GatewayUser user, BackendDefinition backend) {
		BackendAuth auth = backend.auth();
		if (auth instanceof BackendAuth.StaticHeader header) {
			return Mono.just(new BackendCredential(header.name(), header.value()));
		}
		if (auth instanceof BackendAuth.ClientCredentials client) {
			return clientToken(backend, client).map(BackendCredential::bearer);
		}
		if (auth instanceof BackendAuth.None) {
			return Mono.just(BackendCredential.NONE);
		}
		return Mono.just(BackendCredential.bearer(this.tokens.forBackend(user, backend.name())));
	}

	/**
	 * A WebClient filter that puts a credential on each request it sends, fetched for that request (so that a
	 * client-credentials token renews itself, and a gateway JWT is fresh).
	 */
	public static ExchangeFilterFunction sending(Supplier<Mono<BackendCredential>> credential) {
		return (request, next) -> credential.get()
			.flatMap(current -> next.exchange(ClientRequest.from(request).headers(current::applyTo).build()));
	}

	/** The credential for the gateway's own requests (catalog, health), made as the user {@code serviceUser}. */
	public Mono<BackendCredential> forService(String serviceUser, BackendDefinition backend) {
		return backend.auth() instanceof BackendAuth.GatewayJwt
				? Mono.just(BackendCredential.bearer(this.tokens.forBackend(serviceUser, backend.name())))
				: forUser(GatewayUser.named(serviceUser, "gateway"), backend);
	}

	private Mono<String> clientToken(BackendDefinition backend, BackendAuth.ClientCredentials client) {
		return this.clientTokens.computeIfAbsent(client, key -> fetch(backend, key)
			.cache(token -> token.reuseFor(), error -> Duration.ZERO, () -> Duration.ZERO)
			.map(Token::value));
	}

	private Mono<Token> fetch(BackendDefinition backend, BackendAuth.ClientCredentials client) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "client_credentials");
		if (client.scope() != null) {
			form.add("scope", client.scope());
		}
		if (client.audience() != null) {
			// Auth0 names the API this way; RFC 8707 servers read resource.
			form.add("audience", client.audience());
			form.add("resource", client.audience());
		}
		return this.web.post()
			.uri(client.tokenUrl())
			// client_secret_basic: both parts form-encoded first (RFC 6749 §2.3.1).
			.headers(headers -> headers.setBasicAuth(formEncoded(client.clientId()), formEncoded(client.clientSecret())))
			.accept(MediaType.APPLICATION_JSON)
			.body(BodyInserters.fromFormData(form))
			.exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("").map(body -> {
				if (!response.statusCode().is2xxSuccessful()) {
					throw new BackendUnavailableException(backend, "could not get a token from its token endpoint: HTTP "
							+ response.statusCode().value() + oauthError(body));
				}
				return token(backend, body);
			}))
			.timeout(backend.timeout())
			.onErrorMap(e -> !(e instanceof BackendUnavailableException),
					e -> new BackendUnavailableException(backend, "could not get a token from its token endpoint ("
							+ (e instanceof java.util.concurrent.TimeoutException ? "no answer within "
									+ backend.timeout().toMillis() + " ms" : e.getClass().getSimpleName()) + ")"));
	}

	private static Token token(BackendDefinition backend, String body) {
		JsonNode answer;
		try {
			answer = JSON.readTree(body);
		}
		catch (RuntimeException e) {
			throw new BackendUnavailableException(backend, "got a token answer that is not JSON from its token endpoint");
		}
		String value = answer.path("access_token").asString("");
		if (value.isEmpty() || value.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
			throw new BackendUnavailableException(backend, "got no usable access_token from its token endpoint");
		}
		long seconds = answer.path("expires_in").asLong(0);
		Duration lifetime = seconds > 0 ? Duration.ofSeconds(seconds) : UNKNOWN_LIFETIME;
		Duration margin = lifetime.dividedBy(2).compareTo(RENEW_BEFORE) < 0 ? lifetime.dividedBy(2) : RENEW_BEFORE;
		return new Token(value, lifetime.minus(margin));
	}

	/** The OAuth error code of a refusal, which says what is wrong without any secret (RFC 6749 §5.2). */
	private static String oauthError(String body) {
		try {
			String error = JSON.readTree(body).path("error").asString("");
			return error.matches("[a-z_]{1,64}") ? " " + error : "";
		}
		catch (RuntimeException e) {
			return "";
		}
	}

	private static String formEncoded(String value) {
		return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private record Token(String value, Duration reuseFor) {

		@Override
		public String toString() {
			return "Token[(secret), reuseFor=" + this.reuseFor + "]";
		}

	}

}
