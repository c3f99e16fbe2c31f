package io.github.mcpplatform.gateway.backend;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.mcpplatform.gateway.configrepo.BackendAuth;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.identity.SignedInTokens;
import io.github.mcpplatform.gateway.identity.SignedInTokens.UpstreamClient;
import reactor.core.publisher.Mono;

/**
 * RFC 8693 token exchange for backends declared {@code auth: {type: token-exchange}}: the signed-in user's upstream
 * access token (the subject token) is exchanged at the identity provider for a token issued to the backend
 * ({@code audience}, {@code resource}), which names the same person.
 *
 * <p>
 * Exchanged tokens are kept in this replica's memory only, per person, backend and declaration, until a minute
 * before they expire (or half their life); concurrent requests share one exchange, and a failed one is not
 * remembered. The memory is bounded: past {@link #MAX_CACHED} tokens the expired ones go, then all. An exchange that
 * is refused, or not answered within the backend's timeout, fails that request with a
 * {@link BackendCredentialException} that says what the identity provider said.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8693#section-2.1">RFC 8693 §2.1: the request</a>
 */
final class TokenExchanges {

	static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";

	static final int MAX_CACHED = 10_000;

	private final WebClient web;

	private final SignedInTokens signedIn;

	private final Clock clock;

	private final Map<Key, Exchange> exchanged = new ConcurrentHashMap<>();

	/** One person's token for one backend, as one declaration asks for it. */
	private record Key(String principal, String backend, BackendAuth.TokenExchange auth) {
	}

	/** An exchange, shared while it runs and reused until {@code renewAt} once it succeeded. */
	private static final class Exchange {

		private volatile Instant renewAt = Instant.MAX;

		private Mono<String> token = Mono.empty();

	}

	TokenExchanges(WebClient web, SignedInTokens signedIn, Clock clock) {
		this.web = web;
		this.signedIn = signedIn;
		this.clock = clock;
	}

	/** The user's token for the backend: reused while it is fresh, exchanged otherwise. */
	Mono<String> forUser(GatewayUser user, BackendDefinition backend, BackendAuth.TokenExchange auth) {
		String signIn = user.signIn();
		if (signIn == null) {
			return Mono.error(new BackendCredentialException(backend, "needs the user's token from the identity "
					+ "provider, and " + (this.signedIn == SignedInTokens.NONE ? SignedInTokens.NO_SIGN_IN
							: "this request's access token does not come from a sign-in at the gateway")));
		}
		Instant now = this.clock.instant();
		if (this.exchanged.size() >= MAX_CACHED) {
			this.exchanged.values().removeIf(exchange -> !now.isBefore(exchange.renewAt));
			if (this.exchanged.size() >= MAX_CACHED) {
				this.exchanged.clear();
			}
		}
		return this.exchanged.compute(new Key(user.principal(), backend.name(), auth), (key, known) -> {
			if (known != null && now.isBefore(known.renewAt)) {
				return known;
			}
			Exchange exchange = new Exchange();
			exchange.token = exchange(signIn, backend, auth)
				.doOnNext(token -> exchange.renewAt = this.clock.instant().plus(token.reuseFor()))
				.map(TokenAnswers.Token::value)
				// Kept while it runs and once it succeeded; a failure is forgotten, the next request tries again.
				.cache(token -> Duration.ofDays(1), error -> Duration.ZERO, () -> Duration.ZERO);
			return exchange;
		}).token;
	}

	/**
	 * The exchanging client's own credentials, for the gateway's requests that have no user (the catalog, health):
	 * a client-credentials grant at the same token endpoint, for the same audience.
	 */
	Mono<BackendAuth.ClientCredentials> serviceClient(BackendDefinition backend, BackendAuth.TokenExchange auth) {
		if (this.signedIn == SignedInTokens.NONE) {
			return Mono.error(new BackendUnavailableException(backend, "uses token-exchange: " + SignedInTokens.NO_SIGN_IN));
		}
		return client(backend, auth).map(client -> new BackendAuth.ClientCredentials(client.tokenEndpoint(), client.clientId(),
				client.clientSecret(), auth.scope(), auth.audience() != null ? auth.audience() : auth.resource()))
			.onErrorMap(BackendCredentialException.class, e -> new BackendUnavailableException(backend,
					e.getMessage().substring(("backend '" + backend.name() + "' ").length())));
	}

	private Mono<TokenAnswers.Token> exchange(String signIn, BackendDefinition backend, BackendAuth.TokenExchange auth) {
		return Mono.zip(this.signedIn.accessToken(signIn)
			.onErrorMap(SignedInTokens.UnavailableException.class,
					e -> new BackendCredentialException(backend, "needs the user's token from the identity provider, and "
							+ e.getMessage())), client(backend, auth))
			.flatMap(subjectAndClient -> request(backend, auth, subjectAndClient.getT1(), subjectAndClient.getT2()));
	}

	/** Who exchanges, and where: what the declaration names, the gateway's own upstream client for the rest. */
	private Mono<UpstreamClient> client(BackendDefinition backend, BackendAuth.TokenExchange auth) {
		if (auth.tokenUrl() != null && auth.clientId() != null && auth.clientSecret() != null) {
			return Mono.just(new UpstreamClient(auth.tokenUrl(), auth.clientId(), auth.clientSecret()));
		}
		return this.signedIn.upstreamClient()
			.map(upstream -> new UpstreamClient(auth.tokenUrl() != null ? auth.tokenUrl() : upstream.tokenEndpoint(),
					auth.clientId() != null ? auth.clientId() : upstream.clientId(),
					auth.clientSecret() != null ? auth.clientSecret() : upstream.clientSecret()))
			.onErrorMap(SignedInTokens.UnavailableException.class,
					e -> new BackendCredentialException(backend, "cannot exchange the user's token: " + e.getMessage()));
	}

	private Mono<TokenAnswers.Token> request(BackendDefinition backend, BackendAuth.TokenExchange auth, String subjectToken,
			UpstreamClient client) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", GRANT_TYPE);
		form.add("subject_token", subjectToken);
		form.add("subject_token_type", auth.subjectTokenType());
		form.add("requested_token_type", auth.requestedTokenType());
		if (auth.audience() != null) {
			form.add("audience", auth.audience());
		}
		if (auth.resource() != null) {
			form.add("resource", auth.resource());
		}
		if (auth.scope() != null) {
			form.add("scope", auth.scope());
		}
		return this.web.post()
			.uri(client.tokenEndpoint())
			.headers(headers -> headers.setBasicAuth(TokenAnswers.formEncoded(client.clientId()),
					TokenAnswers.formEncoded(client.clientSecret())))
			.accept(MediaType.APPLICATION_JSON)
			.body(BodyInserters.fromFormData(form))
			.exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("").map(body -> {
				if (!response.statusCode().is2xxSuccessful()) {
					throw new BackendCredentialException(backend, "needs the user's token exchanged at the identity "
							+ "provider, which refused: HTTP " + response.statusCode().value()
							+ TokenAnswers.oauthErrorWithDescription(body));
				}
				return TokenAnswers.token(body, problem -> new BackendCredentialException(backend,
						"needs the user's token exchanged at the identity provider, which " + problem.replaceFirst("^got", "gave")));
			}))
			.timeout(backend.timeout())
			.onErrorMap(e -> !(e instanceof BackendCredentialException), e -> new BackendCredentialException(backend,
					"needs the user's token exchanged at the identity provider, which "
							+ (e instanceof TimeoutException ? "did not answer within " + backend.timeout().toMillis() + " ms"
									: "could not be reached (" + e.getClass().getSimpleName() + ")")));
	}

}
