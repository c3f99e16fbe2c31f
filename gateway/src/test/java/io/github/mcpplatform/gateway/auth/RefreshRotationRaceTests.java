package io.github.mcpplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.github.mcpplatform.gateway.auth.AuthRecords.Grant;
import io.github.mcpplatform.gateway.auth.AuthRecords.RefreshToken;
import io.github.mcpplatform.gateway.auth.AuthRecords.UpstreamTokens;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import reactor.core.publisher.Mono;

/**
 * Audit finding 20: a refresh that read its token before another replica rotated it, and takes the rotation
 * lock only after that rotation's lock lapsed, must not mint a second successor (two live tokens in one
 * family): it finds the token rotated and answers with the successor that exists.
 */
class RefreshRotationRaceTests {

	private static final Duration LIFETIME = Duration.ofDays(1);

	@Test
	void aRefreshThatTakesTheLockAfterAnotherRotationFinishedGetsThatRotationsSuccessorNotASecondOne() {
		TokenCipher cipher = TokenCipher.load(null);
		String token = "refresh-token-0";
		String key = AuthRecords.REFRESH + Secrets.hash(token);
		String successor = "successor-of-the-other-replica";
		InMemoryAuthStore memory = new InMemoryAuthStore(Clock.systemUTC());
		AuthRecords records = new AuthRecords(new LateLock(memory, () -> {
			// The other replica's whole rotation, between this refresh's read and its lock.
			AuthRecords other = new AuthRecords(memory);
			other.put(AuthRecords.REFRESH + Secrets.hash(successor), new RefreshToken("grant-1", "client-1", 0, null), LIFETIME)
				.then(other.put(key, new RefreshToken("grant-1", "client-1", System.currentTimeMillis(),
						cipher.encrypt(successor, key)), LIFETIME))
				.block();
		}));
		String sealedUpstream = cipher.encrypt(AuthRecords.json(new UpstreamTokens("upstream-at", null,
				System.currentTimeMillis() + Duration.ofHours(1).toMillis())), AuthRecords.GRANT + "grant-1");
		records.put(AuthRecords.GRANT + "grant-1", new Grant("client-1", GatewayUser.named("carol", "https://idp.example.com"),
				"https://gw.example.com/mcp", "mcp", sealedUpstream), LIFETIME).block();
		records.put(key, new RefreshToken("grant-1", "client-1", 0, null), LIFETIME).block();
		AtomicReference<String> answered = new AtomicReference<>();
		RefreshGrant refreshes = new RefreshGrant(records,
				new SignInTokens(records, null, cipher, LIFETIME, Clock.systemUTC()), cipher, LIFETIME, Duration.ofSeconds(15), Clock.systemUTC(),
				(grantId, grant, refreshToken) -> {
					answered.set(refreshToken);
					return ServerResponse.ok().build();
				});
		LinkedMultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("refresh_token", token);

		refreshes.refresh(new RegisteredClient("client-1", null, "client", List.of(), "none", 0), form).block();

		assertThat(answered.get()).isEqualTo(successor);
	}

	/** A store whose first rotation lock is granted only after {@code meanwhile} ran. */
	private record LateLock(AuthStore store, Runnable meanwhile) implements AuthStore {

		@Override
		public Mono<Void> put(String key, String value, Duration ttl) {
			return this.store.put(key, value, ttl);
		}

		@Override
		public Mono<Boolean> putIfAbsent(String key, String value, Duration ttl) {
			return Mono.fromRunnable(this.meanwhile).then(this.store.putIfAbsent(key, value, ttl));
		}

		@Override
		public Mono<String> get(String key) {
			return this.store.get(key);
		}

		@Override
		public Mono<String> take(String key) {
			return this.store.take(key);
		}

		@Override
		public Mono<Void> delete(String key) {
			return this.store.delete(key);
		}

		@Override
		public Mono<Long> increment(String key, Duration window) {
			return this.store.increment(key, window);
		}

	}

}
