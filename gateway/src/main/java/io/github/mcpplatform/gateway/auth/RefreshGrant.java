package io.github.mcpplatform.gateway.auth;

import java.time.Clock;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.github.mcpplatform.gateway.auth.AuthRecords.Grant;
import io.github.mcpplatform.gateway.auth.AuthRecords.RefreshToken;
import reactor.core.publisher.Mono;

/**
 * The {@code refresh_token} grant with rotation and reuse detection. Every refresh exchanges the token for a
 * successor. A rotated token presented again gets that same successor only within a short grace window, at
 * most {@link #MAX_REPLAYS} times, and only while the successor is still the family's current (unused)
 * token: a client retrying a lost response, or two of its processes refreshing at once. Anything else is
 * reuse, and ends the whole sign-in, because a rotated token that comes back after its successor was used is
 * in two hands.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9700#section-4.14.2">RFC 9700 section 4.14.2: refresh token
 *     rotation</a>
 * @see <a href="https://www.ietf.org/archive/id/draft-ietf-oauth-v2-1-13.html#section-4.3.1">OAuth 2.1 refresh
 *     token rotation</a>
 */
final class RefreshGrant {

	private static final Logger log = LoggerFactory.getLogger(RefreshGrant.class);

	/** How often a rotated token may be answered again within the grace window. */
	static final int MAX_REPLAYS = 3;

	/** How long one replica holds the right to rotate a token (longer than an upstream refresh takes). */
	private static final Duration ROTATION_LOCK = Duration.ofSeconds(15);

	/** How long a concurrent refresh waits before it looks for the successor the winner stored. */
	private static final Duration CONCURRENT_WAIT = Duration.ofMillis(250);

	private static final String LOCK = "lock:";

	private static final String REPLAYS = "replays:";

	/** The token response for a grant: a new access token, and this refresh token (a new one when null). */
	@FunctionalInterface
	interface Responses {

		Mono<ServerResponse> issue(String grantId, Grant grant, @Nullable String refreshToken);

	}

	private final AuthRecords records;

	private final SignInTokens signIns;

	private final TokenCipher cipher;

	private final Duration refreshLifetime;

	private final Duration grace;

	private final Clock clock;

	private final Responses responses;

	/**
	 * @param grace how long after its rotation a refresh token still gets its successor
	 */
	RefreshGrant(AuthRecords records, SignInTokens signIns, TokenCipher cipher, Duration refreshLifetime, Duration grace,
			Clock clock, Responses responses) {
		this.records = records;
		this.signIns = signIns;
		this.cipher = cipher;
		this.refreshLifetime = refreshLifetime;
		this.grace = grace;
		this.clock = clock;
		this.responses = responses;
	}

	Mono<ServerResponse> refresh(RegisteredClient client, MultiValueMap<String, String> form) {
		String token = form.getFirst("refresh_token");
		if (token == null) {
			return OAuthErrors.badRequest("invalid_request", "refresh_token is required");
		}
		String key = AuthRecords.REFRESH + Secrets.hash(token);
		return this.records.get(key, RefreshToken.class)
			.filter(refresh -> refresh.clientId().equals(client.clientId()))
			.flatMap(refresh -> this.records.get(AuthRecords.GRANT + refresh.grantId(), Grant.class).flatMap(grant -> {
				String scope = form.getFirst("scope");
				if (scope != null && !grant.scope().equals(scope) && !AuthRecords.scopes(grant.scope())
					.containsAll(AuthRecords.scopes(scope))) {
					return OAuthErrors.badRequest("invalid_scope", "A refresh cannot add scopes");
				}
				return refresh.rotatedAt() == 0 ? rotate(key, refresh, grant) : replay(key, refresh, grant);
			}))
			.switchIfEmpty(Mono.defer(() -> OAuthErrors.invalidGrant("The refresh token is unknown, expired or revoked")));
	}

	/**
	 * A rotated token presented again: its successor once more while that successor is unused, within the
	 * grace window and at most {@link #MAX_REPLAYS} times (counted atomically in the store, so across
	 * replicas); otherwise the sign-in ends.
	 */
	private Mono<ServerResponse> replay(String key, RefreshToken rotated, Grant grant) {
		if (rotated.sealedSuccessor() == null || this.clock.millis() - rotated.rotatedAt() >= this.grace.toMillis()) {
			return reuse(rotated.grantId(), grant, "after the grace window");
		}
		String successor = this.cipher.decrypt(rotated.sealedSuccessor(), key);
		return this.records.get(AuthRecords.REFRESH + Secrets.hash(successor), RefreshToken.class)
			.filter(next -> next.rotatedAt() == 0)
			.flatMap(unused -> this.records.store()
				.increment(REPLAYS + key, this.grace.plusSeconds(1))
				.flatMap(replays -> replays <= MAX_REPLAYS ? this.responses.issue(rotated.grantId(), grant, successor)
						: reuse(rotated.grantId(), grant, "more than " + MAX_REPLAYS + " times")))
			.switchIfEmpty(Mono.defer(() -> reuse(rotated.grantId(), grant, "after its successor was used")));
	}

	/** RFC 9700 4.14.2: a rotated token in two hands; which one is the attacker's is unknown, so both lose. */
	private Mono<ServerResponse> reuse(String grantId, Grant grant, String how) {
		log.warn("A rotated refresh token of user {} was presented again {}; revoking its sign-in", grant.user().id(), how);
		return this.records.store()
			.delete(AuthRecords.GRANT + grantId)
			.then(OAuthErrors.invalidGrant("The refresh token was already used; sign in again"));
	}

	private Mono<ServerResponse> rotate(String key, RefreshToken read, Grant grant) {
		// One rotation per token, whichever replica gets there first; the others take the grace path.
		return this.records.store().putIfAbsent(LOCK + key, "1", ROTATION_LOCK).flatMap(locked -> {
			if (!locked) {
				return Mono.delay(CONCURRENT_WAIT)
					.then(this.records.get(key, RefreshToken.class))
					.filter(again -> again.rotatedAt() != 0)
					.flatMap(again -> replay(key, again, grant))
					.switchIfEmpty(Mono.defer(() -> OAuthErrors.invalidGrant("The refresh token is being used concurrently")));
			}
			// The record read before the lock may be older than the lock itself (a rotation finished and its lock
			// lapsed in between): only a token that is still current now rotates, or two successors would live.
			return this.records.get(key, RefreshToken.class)
				.flatMap(current -> current.rotatedAt() == 0 ? rotateLocked(key, current, grant) : replay(key, current, grant))
				.switchIfEmpty(Mono.defer(() -> OAuthErrors.invalidGrant("The refresh token is unknown, expired or revoked")));
		});
	}

	private Mono<ServerResponse> rotateLocked(String key, RefreshToken refresh, Grant grant) {
		return this.signIns.fresh(refresh.grantId(), grant).flatMap(current -> {
			String successor = Secrets.random();
			RefreshToken rotated = new RefreshToken(refresh.grantId(), refresh.clientId(), this.clock.millis(),
					this.cipher.encrypt(successor, key));
			return this.records.put(AuthRecords.REFRESH + Secrets.hash(successor),
					new RefreshToken(refresh.grantId(), refresh.clientId(), 0, null), this.refreshLifetime)
				.then(this.records.put(key, rotated, this.refreshLifetime))
				.then(this.responses.issue(refresh.grantId(), current, successor));
		}).onErrorResume(UpstreamIdp.UpstreamException.class, gone -> {
			log.info("The identity provider ended the session of user {}: {}", grant.user().id(), gone.getMessage());
			return this.records.store().delete(AuthRecords.GRANT + refresh.grantId())
				.then(OAuthErrors.invalidGrant("The sign-in at the identity provider ended; sign in again"));
		}).onErrorResume(UpstreamIdp.UpstreamUnavailableException.class, unavailable -> {
			// Nothing is known about the session: keep the sign-in, let the client try again later.
			log.warn("Could not refresh the upstream tokens of user {}: {}", grant.user().id(), unavailable.getMessage());
			return this.records.store().delete(LOCK + key).then(OAuthErrors.error(HttpStatus.SERVICE_UNAVAILABLE,
					"temporarily_unavailable", "The identity provider is unavailable; try again shortly"));
		});
	}

}
