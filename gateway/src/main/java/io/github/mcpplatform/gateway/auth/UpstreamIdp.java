package io.github.mcpplatform.gateway.auth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.util.UriComponentsBuilder;

import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;

import io.github.mcpplatform.gateway.auth.AuthRecords.UpstreamTokens;
import io.github.mcpplatform.gateway.identity.SignedInTokens;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The company's identity provider, seen by the gateway as a confidential OIDC client: discovery of its
 * issuer, the authorization request (its own PKCE, a nonce, Auth0's {@code audience}, never the MCP
 * client's {@code resource}), the code exchange with id_token validation, and refresh.
 */
final class UpstreamIdp {

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	/** The upstream discovery document and the decoder of its id_tokens. */
	private record Provider(String authorizationEndpoint, String tokenEndpoint, NimbusReactiveJwtDecoder idTokens) {
	}

	/** What a successful sign-in at the upstream yields. */
	record SignIn(Map<String, Object> idTokenClaims, UpstreamTokens tokens) {
	}

	/** The upstream refused or failed; the message is safe to show (no token in it). */
	static final class UpstreamException extends RuntimeException {

		UpstreamException(String message) {
			super(message, null, false, false);
		}

	}

	/** The upstream could not be reached or did not answer in time: nothing is known about the session. */
	static final class UpstreamUnavailableException extends RuntimeException {

		UpstreamUnavailableException(String message) {
			super(message, null, false, false);
		}

	}

	private final String issuer;

	private final String groupsClaim;

	private final String clientId;

	private final String clientSecret;

	private final @Nullable String audience;

	private final List<String> scopes;

	private final String callbackUrl;

	private final WebClient web;

	private final Mono<Provider> provider;

	UpstreamIdp(String issuer, String clientId, String clientSecret, @Nullable String audience, List<String> scopes,
			String groupsClaim, String callbackUrl, WebClient web) {
		this.issuer = issuer;
		this.groupsClaim = groupsClaim;
		this.clientId = clientId;
		this.clientSecret = clientSecret;
		this.audience = audience == null || audience.isBlank() ? null : audience;
		this.scopes = scopes;
		this.callbackUrl = callbackUrl;
		this.web = web;
		// Discovered on first use and kept; a failed discovery is retried by the next sign-in.
		this.provider = discover().cache(ok -> Duration.ofDays(36500), error -> Duration.ZERO, () -> Duration.ZERO);
	}

	private Mono<Provider> discover() {
		String base = this.issuer.endsWith("/") ? this.issuer.substring(0, this.issuer.length() - 1) : this.issuer;
		return this.web.get()
			.uri(base + "/.well-known/openid-configuration")
			.accept(MediaType.APPLICATION_JSON)
			.retrieve()
			.bodyToMono(JsonNode.class)
			.timeout(TIMEOUT)
			.map(metadata -> {
				if (!this.issuer.equals(metadata.path("issuer").asString(""))) {
					throw new UpstreamException("the identity provider's discovery names issuer "
							+ metadata.path("issuer").asString("") + ", not " + this.issuer
							+ " (gateway.auth.upstream.issuer-uri must match exactly, Auth0's trailing slash included)");
				}
				NimbusReactiveJwtDecoder idTokens = NimbusReactiveJwtDecoder
					.withJwkSetUri(metadata.path("jwks_uri").asString())
					.jwsAlgorithms(algorithms -> algorithms.addAll(List.of(SignatureAlgorithm.RS256,
							SignatureAlgorithm.ES256, SignatureAlgorithm.PS256)))
					.validateType(false)
					.webClient(this.web)
					.build();
				idTokens.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
						new JwtIssuerValidator(this.issuer), jwt -> check(jwt.getAudience() != null
								&& jwt.getAudience().contains(this.clientId), "the id_token is not for this client"),
						// OIDC Core 3.1.3.7: an azp, when present, must be this client; the token was issued to it.
						jwt -> check(!jwt.hasClaim("azp") || this.clientId.equals(jwt.getClaimAsString("azp")),
								"the id_token's azp names another client")));
				return new Provider(metadata.path("authorization_endpoint").asString(),
						metadata.path("token_endpoint").asString(), idTokens);
			});
	}

	/** The gateway's client here and the discovered token endpoint, for exchanges of users' tokens (RFC 8693). */
	Mono<SignedInTokens.UpstreamClient> client() {
		return this.provider.map(provider -> new SignedInTokens.UpstreamClient(java.net.URI.create(provider.tokenEndpoint()),
				this.clientId, this.clientSecret));
	}

	/** Where the browser goes to sign in: the upstream's authorization endpoint with our own PKCE and nonce. */
	Mono<String> authorizationUrl(String state, String verifier, String nonce) {
		return this.provider.map(provider -> {
			UriComponentsBuilder url = UriComponentsBuilder.fromUriString(provider.authorizationEndpoint())
				.queryParam("response_type", "code")
				.queryParam("client_id", encode(this.clientId))
				.queryParam("redirect_uri", encode(this.callbackUrl))
				.queryParam("scope", encode(String.join(" ", this.scopes)))
				.queryParam("state", state)
				.queryParam("nonce", nonce)
				.queryParam("code_challenge", Secrets.s256(verifier))
				.queryParam("code_challenge_method", "S256");
			if (this.audience != null) {
				url.queryParam("audience", encode(this.audience));
			}
			return url.build(true).toUriString();
		});
	}

	/** Exchanges the upstream's code and checks the id_token (signature, issuer, audience, {@code azp} when present, expiry, nonce). */
	Mono<SignIn> exchange(String code, String verifier, String nonce) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "authorization_code");
		form.add("code", code);
		form.add("redirect_uri", this.callbackUrl);
		form.add("code_verifier", verifier);
		if (this.audience != null) {
			form.add("audience", this.audience);
		}
		return this.provider.flatMap(provider -> tokenRequest(provider, form).flatMap(response -> {
			String idToken = response.path("id_token").asString(null);
			if (idToken == null) {
				return Mono.error(new UpstreamException("the identity provider returned no id_token (is openid among "
						+ "gateway.auth.upstream.scopes?)"));
			}
			UpstreamTokens tokens = tokens(response, null);
			requireJwtWhenAudienceIsSet(tokens.accessToken());
			return provider.idTokens()
				.decode(idToken)
				.onErrorMap(JwtException.class,
						invalid -> new UpstreamException("the identity provider's id_token is not valid: " + invalid.getMessage()))
				.map(jwt -> {
					if (!Secrets.same(nonce, String.valueOf(jwt.getClaimAsString("nonce")))) {
						throw new UpstreamException("the id_token's nonce is not the one of this sign-in");
					}
					return new SignIn(withGroups(jwt.getClaims()), tokens);
				});
		}));
	}

	/**
	 * Refreshed upstream tokens, and the claims of the id_token that came with them (checked as at sign-in,
	 * but for the nonce), when one did.
	 *
	 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#RefreshTokenResponse">OIDC Core 12.2</a>
	 */
	record Refreshed(UpstreamTokens tokens, @Nullable Map<String, Object> idTokenClaims) {
	}

	/** New upstream tokens for a stored refresh token; an error when the upstream session is gone. */
	Mono<Refreshed> refresh(UpstreamTokens current) {
		if (current.refreshToken() == null) {
			return Mono.error(new UpstreamException("the identity provider gave no refresh token"));
		}
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "refresh_token");
		form.add("refresh_token", current.refreshToken());
		if (this.audience != null) {
			form.add("audience", this.audience);
		}
		return this.provider.flatMap(provider -> tokenRequest(provider, form).flatMap(response -> {
			UpstreamTokens tokens = tokens(response, current);
			String idToken = response.path("id_token").asString(null);
			if (idToken == null) {
				return Mono.just(new Refreshed(tokens, null));
			}
			return provider.idTokens()
				.decode(idToken)
				.onErrorMap(JwtException.class, invalid -> new UpstreamException(
						"the identity provider's refreshed id_token is not valid: " + invalid.getMessage()))
				.map(jwt -> new Refreshed(tokens, withGroups(jwt.getClaims())));
		}));
	}

	private Mono<JsonNode> tokenRequest(Provider provider, MultiValueMap<String, String> form) {
		return this.web.post()
			.uri(provider.tokenEndpoint())
			// client_secret_basic, with the RFC 6749 section 2.3.1 form-encoding of id and secret
			.header(HttpHeaders.AUTHORIZATION, "Basic " + java.util.Base64.getEncoder().encodeToString(
					(encode(this.clientId) + ":" + encode(this.clientSecret)).getBytes(StandardCharsets.UTF_8)))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.accept(MediaType.APPLICATION_JSON)
			.body(BodyInserters.fromFormData(form))
			.retrieve()
			.bodyToMono(JsonNode.class)
			.timeout(TIMEOUT)
			.onErrorMap(WebClientResponseException.class, refused -> refused.getStatusCode().is5xxServerError()
					? new UpstreamUnavailableException("the identity provider failed (HTTP " + refused.getStatusCode().value() + ")")
					: new UpstreamException("the identity provider refused the token request (HTTP "
							+ refused.getStatusCode().value() + ")"))
			.onErrorMap(error -> error instanceof WebClientRequestException || error instanceof TimeoutException,
					unreachable -> new UpstreamUnavailableException("the identity provider did not answer"))
			.flatMap(response -> response.path("access_token").isString() ? Mono.just(response)
					: Mono.error(new UpstreamException("the identity provider's token response has no access_token")));
	}

	private static UpstreamTokens tokens(JsonNode response, @Nullable UpstreamTokens previous) {
		long expiresIn = response.path("expires_in").asLong(3600);
		String refreshToken = response.path("refresh_token").asString(null);
		if (refreshToken == null && previous != null) {
			// An upstream that does not rotate keeps the refresh token it gave before.
			refreshToken = previous.refreshToken();
		}
		return new UpstreamTokens(response.path("access_token").asString(), refreshToken,
				Instant.now().plusSeconds(expiresIn).toEpochMilli());
	}

	/**
	 * With an audience the upstream must return a JWT access token; Auth0 without (or with a wrong) API
	 * audience returns an opaque one that proves nothing about the API.
	 */
	private void requireJwtWhenAudienceIsSet(String accessToken) {
		if (this.audience == null) {
			return;
		}
		try {
			if (JWTParser.parse(accessToken) instanceof SignedJWT) {
				return;
			}
		}
		catch (java.text.ParseException opaque) {
			// falls through
		}
		throw new UpstreamException("the identity provider returned an opaque access token: check that "
				+ "gateway.auth.upstream.audience is the identifier of an API it knows");
	}

	/**
	 * The claims with the user's groups under {@code groups}, whichever claim this identity provider lists
	 * them in ({@code gateway.auth.upstream.groups-claim}); the rest of the gateway reads only that one.
	 */
	private Map<String, Object> withGroups(Map<String, Object> claims) {
		if ("groups".equals(this.groupsClaim)) {
			return claims;
		}
		Map<String, Object> normalized = new LinkedHashMap<>(claims);
		normalized.remove("groups");
		if (claims.get(this.groupsClaim) != null) {
			normalized.put("groups", claims.get(this.groupsClaim));
		}
		return normalized;
	}

	private static OAuth2TokenValidatorResult check(boolean ok, String failure) {
		return ok ? OAuth2TokenValidatorResult.success()
				: OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", failure, null));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
