package io.github.mcpplatform.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.mcpplatform.gateway.resourceserver.BearerTokenFilter;
import reactor.core.publisher.Mono;

/**
 * Whether the sign-in behind an access token is still active, for the resource server. An active answer is
 * remembered for {@link #REMEMBER}, so a revocation (a grant deleted from the shared store) reaches every
 * replica within that time, under the one second the gateway promises, while a client's requests and open
 * streams cost the store at most two reads a second per sign-in and replica, not one per request.
 */
public final class ActiveGrants implements BearerTokenFilter.GrantCheck {

	static final Duration REMEMBER = Duration.ofMillis(500);

	private static final int MAX_REMEMBERED = 10_000;

	private final AuthStore store;

	private final Clock clock;

	private final Map<String, Instant> active = new ConcurrentHashMap<>();

	public ActiveGrants(AuthStore store, Clock clock) {
		this.store = store;
		this.clock = clock;
	}

	@Override
	public Mono<Boolean> isActive(String grantId) {
		Instant now = this.clock.instant();
		Instant until = this.active.get(grantId);
		if (until != null && now.isBefore(until)) {
			return Mono.just(true);
		}
		return this.store.get(AuthRecords.GRANT + grantId).map(grant -> {
			if (this.active.size() >= MAX_REMEMBERED) {
				this.active.clear();
			}
			this.active.put(grantId, now.plus(REMEMBER));
			return true;
		}).defaultIfEmpty(false);
	}

}
