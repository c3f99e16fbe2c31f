package io.github.mcpplatform.gateway.resourceserver;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import io.github.mcpplatform.gateway.identity.GatewayUser;
import reactor.core.publisher.Mono;

/**
 * Verifies JWT access tokens with a Spring Security {@link ReactiveJwtDecoder} (signature with a pinned
 * algorithm, issuer, expiry and whatever validators it was built with) and remembers each verified token
 * until it expires, so a client's every request after the first costs one map lookup.
 *
 * <p>
 * The cache holds only tokens that passed; a token that fails is verified again each time (and fails again).
 * It is bounded: past {@link #MAX_CACHED} entries the expired ones go, then everything.
 */
public final class JwtAccessTokenVerifier implements AccessTokenVerifier {

	static final int MAX_CACHED = 10_000;

	/** Longer tokens are refused before they are parsed. */
	static final int MAX_TOKEN_LENGTH = 4096;

	private final ReactiveJwtDecoder decoder;

	private final Function<Jwt, GatewayUser> users;

	private final Clock clock;

	private final Map<String, VerifiedToken> verified = new ConcurrentHashMap<>();

	/**
	 * @param users who a valid token names; throws {@link IllegalArgumentException} when it names no one
	 */
	public JwtAccessTokenVerifier(ReactiveJwtDecoder decoder, Function<Jwt, GatewayUser> users, Clock clock) {
		this.decoder = decoder;
		this.users = users;
		this.clock = clock;
	}

	@Override
	public Mono<VerifiedToken> verify(String token) {
		if (token.length() > MAX_TOKEN_LENGTH) {
			return Mono.error(new InvalidTokenException("The access token is too long"));
		}
		Instant now = this.clock.instant();
		VerifiedToken cached = this.verified.get(token);
		if (cached != null) {
			if (now.isBefore(cached.expires())) {
				return Mono.just(cached);
			}
			this.verified.remove(token);
		}
		return this.decoder.decode(token)
			.onErrorMap(JwtException.class, invalid -> new InvalidTokenException(safeMessage(invalid)))
			.map(jwt -> {
				if (jwt.getExpiresAt() == null) {
					throw new InvalidTokenException("The access token has no expiry");
				}
				GatewayUser user;
				try {
					user = this.users.apply(jwt);
				}
				catch (IllegalArgumentException noOne) {
					throw new InvalidTokenException("The access token names no user: " + noOne.getMessage());
				}
				VerifiedToken result = new VerifiedToken(user, Set.copyOf(jwt.getAudience()),
						VerifiedToken.scopes(jwt.getClaims().get("scope")), jwt.getExpiresAt(),
						jwt.getClaimAsString("grant_id"));
				remember(token, result, now);
				return result;
			});
	}

	private void remember(String token, VerifiedToken result, Instant now) {
		if (this.verified.size() >= MAX_CACHED) {
			this.verified.values().removeIf(entry -> !now.isBefore(entry.expires()));
			if (this.verified.size() >= MAX_CACHED) {
				this.verified.clear();
			}
		}
		this.verified.put(token, result);
	}

	/** Spring's messages name the failed check, never the token. */
	private static String safeMessage(JwtException invalid) {
		String message = invalid.getMessage();
		if (message == null) {
			return "The access token is not valid";
		}
		return "The access token is not valid: " + (message.length() > 200 ? message.substring(0, 200) : message);
	}

}
