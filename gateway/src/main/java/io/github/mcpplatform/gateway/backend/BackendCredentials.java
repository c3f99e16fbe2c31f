package io.github.mcpplatform.gateway.backend;

import java.time.Clock;
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
import io.github.mcpplatform.gateway.identity.SignedInTokens;
import reactor.core.publisher.Mono;

/**
 * What the gateway sends a backend to prove itself, by the backend's declared {@link BackendAuth}: its own JWT for
 * the user (the default), a fixed header, a client-credentials token, the user's upstream token exchanged for the
 * backend ({@link TokenExchanges}), or nothing. The client's own token is never among them.
 *
 * <p>
 * Client-credentials tokens are fetched once per declaration and reused by every request until a minute before
 * they expire (or half their life, when that is shorter); concurrent requests wait for the same fetch, and a
 * failed fetch is not remembered. A token endpoint that fails or does not answer within the backend's timeout
 * fails the call as the backend being unavailable, with words that name neither the secret nor the token.
 */
public final class BackendCredentials {

	/** The most of a token answer read: tokens are a few kilobytes at most. */
	private static final int MAX_ANSWER_BYTES = 64 * 1024;

	private final BackendTokens tokens;

	private final WebClient web;

	private final TokenExchanges exchanges;

	private final Map<BackendAuth.ClientCredentials, Mono<String>> clientTokens = new ConcurrentHashMap<>();

	/** Credentials of a gateway without sign-in: backends declared with token-exchange are refused. */
	public BackendCredentials(BackendTokens tokens, WebClient web) {
		this(tokens, web, SignedInTokens.NONE, Clock.systemUTC());
	}

	/**
	 * @param web makes the requests to token endpoints (with the trust the gateway's other outbound calls have)
	 * @param signedIn the upstream tokens of users' sign-ins, which token exchanges start from
	 * @param clock when exchanged tokens are renewed
	 */
	public BackendCredentials(BackendTokens tokens, WebClient web, SignedInTokens signedIn, Clock clock) {
		this.tokens = tokens;
		this.web = web.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(MAX_ANSWER_BYTES)).build();
		this.exchanges = new TokenExchanges(this.web, signedIn, clock);
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
		if (auth instanceof BackendAuth.TokenExchange exchange) {
			return this.exchanges.forUser(user, backend, exchange).map(BackendCredential::bearer);
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

	/**
	 * The credential for the gateway's own requests (catalog, health), made as the user {@code serviceUser}. They
	 * have no person behind them: a token-exchange backend gets a client-credentials token of the exchanging client,
	 * for the same audience.
	 */
	public Mono<BackendCredential> forService(String serviceUser, BackendDefinition backend) {
		if (backend.auth() instanceof BackendAuth.TokenExchange exchange) {
			return this.exchanges.serviceClient(backend, exchange)
				.flatMap(client -> clientToken(backend, client))
				.map(BackendCredential::bearer);
		}
		return backend.auth() instanceof BackendAuth.GatewayJwt
				? Mono.just(BackendCredential.bearer(this.tokens.forBackend(serviceUser, backend.name())))
				: forUser(GatewayUser.named(serviceUser, "gateway"), backend);
	}

	private Mono<String> clientToken(BackendDefinition backend, BackendAuth.ClientCredentials client) {
		return this.clientTokens.computeIfAbsent(client, key -> fetch(backend, key)
			.cache(token -> token.reuseFor(), error -> Duration.ZERO, () -> Duration.ZERO)
			.map(TokenAnswers.Token::value));
	}

	private Mono<TokenAnswers.Token> fetch(BackendDefinition backend, BackendAuth.ClientCredentials client) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "client_credentials");
		if (client.scope() != null) {
			form.add("scope", client.scope());
		}
		if (client.audience() != null) {
			// Auth0 names the API this way; RFC 8707 servers read resource, which must be an absolute URI (§2).
			form.add("audience", client.audience());
			if (isAbsoluteUri(client.audience())) {
				form.add("resource", client.audience());
			}
		}
		return this.web.post()
			.uri(client.tokenUrl())
			// client_secret_basic: both parts form-encoded first (RFC 6749 §2.3.1).
			.headers(headers -> headers.setBasicAuth(TokenAnswers.formEncoded(client.clientId()),
					TokenAnswers.formEncoded(client.clientSecret())))
			.accept(MediaType.APPLICATION_JSON)
			.body(BodyInserters.fromFormData(form))
			.exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("").map(body -> {
				if (!response.statusCode().is2xxSuccessful()) {
					throw new BackendUnavailableException(backend, "could not get a token from its token endpoint: HTTP "
							+ response.statusCode().value() + TokenAnswers.oauthError(body));
				}
				return TokenAnswers.token(body, problem -> new BackendUnavailableException(backend,
						problem + " from its token endpoint"));
			}))
			.timeout(backend.timeout())
			.onErrorMap(e -> !(e instanceof BackendUnavailableException),
					e -> new BackendUnavailableException(backend, "could not get a token from its token endpoint ("
							+ (e instanceof java.util.concurrent.TimeoutException ? "no answer within "
									+ backend.timeout().toMillis() + " ms" : e.getClass().getSimpleName()) + ")"));
	}

	private static boolean isAbsoluteUri(String text) {
		try {
			java.net.URI uri = new java.net.URI(text);
			return uri.isAbsolute() && uri.getRawFragment() == null;
		}
		catch (java.net.URISyntaxException e) {
			return false;
		}
	}

}
