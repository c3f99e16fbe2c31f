package io.github.mcpplatform.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.github.mcpplatform.gateway.auth.AuthRecords.Grant;
import io.github.mcpplatform.gateway.auth.AuthRecords.IssuedCode;
import io.github.mcpplatform.gateway.auth.AuthRecords.RefreshToken;
import reactor.core.publisher.Mono;

/**
 * {@code POST /token} (authorization_code with PKCE S256, refresh_token with rotation) and
 * {@code POST /revoke}. Codes are taken from the store atomically, so one redemption wins; a second one
 * also revokes what the first produced. Refreshes, with rotation and reuse detection, are {@link RefreshGrant}'s.
 * Errors steer clients: {@code invalid_grant} means sign in again, {@code invalid_client} (401)
 * means register again.
 *
 * @see <a href="https://www.ietf.org/archive/id/draft-ietf-oauth-v2-1-13.html#section-4.3.1">OAuth 2.1 refresh
 *     token rotation</a>
 */
final class TokenEndpoint {

	private static final Logger log = LoggerFactory.getLogger(TokenEndpoint.class);

	/**
	 * RFC 7636 4.1: 43 to 128 unreserved characters. A shorter or odd verifier is a guessable one, and the
	 * verifier is all that protects a code that leaked.
	 */
	private static final Pattern CODE_VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

	private final AuthRecords records;

	private final AccessTokenIssuer accessTokens;

	private final TokenCipher cipher;

	private final Duration refreshLifetime;

	private final ClientAuthentication clients;

	private final RefreshGrant refreshes;

	/**
	 * @param acceptsDocuments whether clients may identify by a metadata document URL
	 * @param refreshGrace how long after its rotation a refresh token still gets its (unused) successor
	 */
	TokenEndpoint(AuthRecords records, boolean acceptsDocuments, AccessTokenIssuer accessTokens, SignInTokens signIns,
			TokenCipher cipher, Duration refreshLifetime, Duration refreshGrace, Clock clock) {
		this.records = records;
		this.clients = new ClientAuthentication(records, acceptsDocuments);
		this.accessTokens = accessTokens;
		this.cipher = cipher;
		this.refreshLifetime = refreshLifetime;
		this.refreshes = new RefreshGrant(records, signIns, cipher, refreshLifetime, refreshGrace, clock, this::issue);
	}

	Mono<ServerResponse> token(ServerRequest request) {
		return request.formData().flatMap(form -> {
			for (Map.Entry<String, List<String>> parameter : form.entrySet()) {
				if (parameter.getValue().size() > 1) {
					return OAuthErrors.badRequest("invalid_request", "The parameter " + parameter.getKey() + " is repeated");
				}
			}
			return this.clients.authenticate(request, form).flatMap(client -> switch (String.valueOf(form.getFirst("grant_type"))) {
				case "authorization_code" -> authorizationCode(client, form);
				case "refresh_token" -> this.refreshes.refresh(client, form);
				default -> OAuthErrors.badRequest("unsupported_grant_type",
						"grant_type must be authorization_code or refresh_token");
			}).switchIfEmpty(Mono.defer(() -> OAuthErrors.error(HttpStatus.UNAUTHORIZED, "invalid_client",
					"Unknown client or wrong credentials: register again")));
		}).onErrorResume(TokenCipher.UndecryptableException.class, replaced -> {
			// gateway.auth.token-encryption-key-file changed, or replicas disagree on it: what was sealed before
			// is lost, and signing in again is the way back.
			log.warn("A sign-in's upstream tokens do not decrypt: the token encryption key changed since, or the "
					+ "replicas do not share one; the client must sign in again");
			return OAuthErrors.invalidGrant("This sign-in can no longer be used (the gateway's keys changed); sign in again");
		});
	}

	private Mono<ServerResponse> authorizationCode(RegisteredClient client, MultiValueMap<String, String> form) {
		String code = form.getFirst("code");
		String verifier = form.getFirst("code_verifier");
		if (code == null || verifier == null) {
			return OAuthErrors.badRequest("invalid_request", "code and code_verifier are required");
		}
		String codeHash = Secrets.hash(code);
		return this.records.take(AuthRecords.CODE + codeHash, IssuedCode.class)
			.flatMap(issued -> {
				if (!issued.clientId().equals(client.clientId())) {
					return OAuthErrors.invalidGrant("The code was issued to another client");
				}
				// OAuth 2.1 clients may leave redirect_uri out; when one is sent it must be the authorization request's.
				String redirectUri = form.getFirst("redirect_uri");
				if (redirectUri != null && !issued.redirectUri().equals(redirectUri)) {
					return OAuthErrors.invalidGrant("redirect_uri differs from the authorization request");
				}
				if (!CODE_VERIFIER.matcher(verifier).matches()) {
					return OAuthErrors.invalidGrant("The code_verifier must be 43 to 128 unreserved characters (RFC 7636)");
				}
				if (!Secrets.same(issued.codeChallenge(), Secrets.s256(verifier))) {
					return OAuthErrors.invalidGrant("The code_verifier does not match the code_challenge");
				}
				String resource = form.getFirst("resource");
				if (resource != null && !sameResource(resource, issued.resource())) {
					return OAuthErrors.badRequest("invalid_target", "The resource differs from the authorization request");
				}
				String grantId = Secrets.random();
				String sealed = this.cipher.encrypt(this.cipher.decrypt(issued.sealedUpstream(), AuthRecords.CODE + codeHash),
						AuthRecords.GRANT + grantId);
				Grant grant = new Grant(client.clientId(), issued.user(), issued.resource(), issued.scope(), sealed);
				return this.records.put(AuthRecords.GRANT + grantId, grant, this.refreshLifetime)
					.then(this.records.store().put(AuthRecords.USED_CODE + codeHash, grantId,
							AuthorizationEndpoint.CODE_LIFETIME.multipliedBy(2)))
					.then(issue(grantId, grant, null));
			})
			.switchIfEmpty(Mono.defer(() -> this.records.store()
				.take(AuthRecords.USED_CODE + codeHash)
				// A code redeemed twice was stolen or replayed: what the first redemption produced goes too.
				.flatMap(grantId -> {
					log.warn("A used authorization code was presented again; revoking the sign-in it produced");
					return this.records.store().delete(AuthRecords.GRANT + grantId);
				})
				.then(OAuthErrors.invalidGrant("The code is unknown, expired or already used"))));
	}

	/**
	 * A token response: a new access token, and {@code refreshToken} (or a new one when null, stored as the
	 * family's current token).
	 */
	private Mono<ServerResponse> issue(String grantId, Grant grant, @Nullable String refreshToken) {
		Mono<String> refresh = refreshToken != null ? Mono.just(refreshToken) : Mono.defer(() -> {
			String fresh = Secrets.random();
			return this.records.put(AuthRecords.REFRESH + Secrets.hash(fresh),
					new RefreshToken(grantId, grant.clientId(), 0, null), this.refreshLifetime).thenReturn(fresh);
		});
		return refresh.flatMap(token -> {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("access_token", this.accessTokens.issue(grant.user(), grant.clientId(), grant.resource(), grant.scope(),
					grantId));
			body.put("token_type", "Bearer");
			body.put("expires_in", this.accessTokens.lifetime().toSeconds());
			body.put("refresh_token", token);
			body.put("scope", grant.scope());
			return ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.cacheControl(CacheControl.noStore())
				.header("Pragma", "no-cache")
				.bodyValue(body);
		});
	}

	/** RFC 7009: revoking a refresh token ends its whole sign-in; unknown tokens are answered 200 all the same. */
	Mono<ServerResponse> revoke(ServerRequest request) {
		return request.formData().flatMap(form -> this.clients.authenticate(request, form).flatMap(client -> {
			String token = form.getFirst("token");
			if (token == null) {
				return OAuthErrors.badRequest("invalid_request", "token is required");
			}
			return this.records.get(AuthRecords.REFRESH + Secrets.hash(token), RefreshToken.class)
				.filter(refresh -> refresh.clientId().equals(client.clientId()))
				.flatMap(refresh -> this.records.store().delete(AuthRecords.GRANT + refresh.grantId()))
				.then(ServerResponse.ok().cacheControl(CacheControl.noStore()).build());
		}).switchIfEmpty(Mono.defer(() -> OAuthErrors.error(HttpStatus.UNAUTHORIZED, "invalid_client",
				"Unknown client or wrong credentials"))));
	}

	private static boolean sameResource(String requested, String granted) {
		String normalized = requested.endsWith("/") ? requested.substring(0, requested.length() - 1) : requested;
		return normalized.equalsIgnoreCase(granted);
	}

}
