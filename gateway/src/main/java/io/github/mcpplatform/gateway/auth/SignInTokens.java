package io.github.mcpplatform.gateway.auth;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpplatform.gateway.auth.AuthRecords.Grant;
import io.github.mcpplatform.gateway.auth.AuthRecords.UpstreamTokens;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.identity.SignedInTokens;
import reactor.core.publisher.Mono;

/**
 * The upstream tokens behind each sign-in: kept sealed in its grant (AES-GCM under the token encryption key, with
 * the grant's store key as associated data), opened for a backend's token exchange, and refreshed at the identity
 * provider when they are about to expire, whoever needs them first: the client's refresh ({@link RefreshGrant}) or
 * a tool call.
 *
 * <p>
 * Why the key is at hand on a tool call: the client's access token names its sign-in ({@code grant_id}, signed by
 * the gateway), and every replica holds the token encryption key. A dump of the store alone opens nothing; the key
 * file and the store together open what the refresh grant opens anyway, so a second copy sealed under a key derived
 * from the client's access token would protect nothing more while costing a re-seal at every refresh.
 *
 * <p>
 * One refresh per sign-in at a time, across replicas (a lock in the store): identity providers that rotate refresh
 * tokens refuse the second of two concurrent refreshes with the same token, and that refusal would end the sign-in.
 * The others wait for the refreshed tokens.
 */
final class SignInTokens implements SignedInTokens {

	private static final Logger log = LoggerFactory.getLogger(SignInTokens.class);

	/** Upstream tokens are refreshed this long before they expire. */
	static final Duration UPSTREAM_MARGIN = Duration.ofSeconds(60);

	/** How long one caller holds the right to refresh a sign-in's tokens (longer than an upstream refresh takes). */
	private static final Duration REFRESH_LOCK = UpstreamIdp.TIMEOUT.plusSeconds(5);

	/** How often a caller that waits for another's refresh looks whether it is done. */
	private static final Duration LOCK_POLL = Duration.ofMillis(100);

	/** How many looks before it gives up: a little longer than the lock lives. */
	private static final long MAX_POLLS = REFRESH_LOCK.toMillis() / LOCK_POLL.toMillis() + 10;

	private static final String LOCK = "upstream-lock:";

	private final AuthRecords records;

	private final UpstreamIdp upstream;

	private final TokenCipher cipher;

	private final Duration refreshLifetime;

	private final Clock clock;

	SignInTokens(AuthRecords records, UpstreamIdp upstream, TokenCipher cipher, Duration refreshLifetime, Clock clock) {
		this.records = records;
		this.upstream = upstream;
		this.cipher = cipher;
		this.refreshLifetime = refreshLifetime;
		this.clock = clock;
	}

	@Override
	public Mono<String> accessToken(String signIn) {
		return this.records.get(AuthRecords.GRANT + signIn, Grant.class)
			.switchIfEmpty(Mono.error(() -> new UnavailableException("the user's sign-in has ended; sign in again")))
			.flatMap(grant -> fresh(signIn, grant))
			.map(grant -> open(signIn, grant).accessToken())
			.onErrorMap(UpstreamIdp.UpstreamException.class, refused -> new UnavailableException(
					"the identity provider did not renew the user's tokens (" + refused.getMessage() + "); sign in again"))
			.onErrorMap(UpstreamIdp.UpstreamUnavailableException.class, unavailable -> new UnavailableException(
					"the user's tokens need renewing and " + unavailable.getMessage()))
			.onErrorMap(TokenCipher.UndecryptableException.class, replaced -> new UnavailableException(
					"the user's sign-in can no longer be opened (the gateway's token encryption key changed); sign in again"));
	}

	@Override
	public Mono<UpstreamClient> upstreamClient() {
		return this.upstream.client()
			.onErrorMap(e -> !(e instanceof UnavailableException), e -> new UnavailableException(
					"the identity provider's discovery failed (" + e.getClass().getSimpleName() + ")"));
	}

	/**
	 * The grant with upstream tokens valid for at least {@link #UPSTREAM_MARGIN} more, refreshed at the upstream
	 * first when they are not.
	 */
	Mono<Grant> fresh(String grantId, Grant grant) {
		return isFresh(grantId, grant) ? Mono.just(grant) : refreshAlone(grantId, MAX_POLLS);
	}

	private Mono<Grant> refreshAlone(String grantId, long pollsLeft) {
		String lock = LOCK + grantId;
		return this.records.store().putIfAbsent(lock, "1", REFRESH_LOCK).flatMap(locked -> {
			if (!locked) {
				if (pollsLeft == 0) {
					return Mono.error(new UpstreamIdp.UpstreamUnavailableException(
							"another request's refresh of the sign-in's upstream tokens did not finish"));
				}
				return Mono.delay(LOCK_POLL)
					.then(current(grantId))
					.flatMap(grant -> isFresh(grantId, grant) ? Mono.just(grant) : refreshAlone(grantId, pollsLeft - 1));
			}
			Mono<Void> unlock = this.records.store().delete(lock);
			// Read again under the lock: the caller that held it before may have refreshed them meanwhile.
			return current(grantId).flatMap(grant -> isFresh(grantId, grant) ? Mono.just(grant) : refresh(grantId, grant))
				.flatMap(grant -> unlock.thenReturn(grant))
				.onErrorResume(failed -> unlock.then(Mono.error(failed)));
		});
	}

	private Mono<Grant> current(String grantId) {
		return this.records.get(AuthRecords.GRANT + grantId, Grant.class)
			.switchIfEmpty(Mono.error(() -> new UpstreamIdp.UpstreamException("the sign-in ended meanwhile")));
	}

	private Mono<Grant> refresh(String grantId, Grant grant) {
		String key = AuthRecords.GRANT + grantId;
		return this.upstream.refresh(open(grantId, grant)).flatMap(renewed -> {
			GatewayUser user = grant.user();
			if (renewed.idTokenClaims() != null) {
				// OIDC Core 12.2: a refreshed id_token is about the same user; its groups and e-mail are today's.
				if (!user.subject().equals(renewed.idTokenClaims().get("sub"))) {
					return Mono.error(new UpstreamIdp.UpstreamException("the refreshed id_token is about another user"));
				}
				user = user.updatedBy(renewed.idTokenClaims());
				if (!user.groups().equals(grant.user().groups())) {
					log.info("The groups of user {} changed at the identity provider", user.id());
				}
			}
			Grant updated = new Grant(grant.clientId(), user, grant.resource(), grant.scope(),
					this.cipher.encrypt(AuthRecords.json(renewed.tokens()), key));
			return this.records.put(key, updated, this.refreshLifetime).thenReturn(updated);
		});
	}

	private boolean isFresh(String grantId, Grant grant) {
		return this.clock.millis() + UPSTREAM_MARGIN.toMillis() < open(grantId, grant).expiresAt();
	}

	private UpstreamTokens open(String grantId, Grant grant) {
		return AuthRecords.parse(this.cipher.decrypt(grant.sealedUpstream(), AuthRecords.GRANT + grantId),
				UpstreamTokens.class);
	}

}
