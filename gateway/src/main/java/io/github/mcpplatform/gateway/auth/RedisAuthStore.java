package io.github.mcpplatform.gateway.auth;

import java.time.Duration;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import reactor.core.publisher.Mono;

/** The authorization server's state in Redis under {@code mcp:auth:}, every key with a TTL. */
public final class RedisAuthStore implements AuthStore {

	static final String PREFIX = "mcp:auth:";

	private final ReactiveStringRedisTemplate redis;

	public RedisAuthStore(ReactiveStringRedisTemplate redis) {
		this.redis = redis;
	}

	@Override
	public Mono<Void> put(String key, String value, Duration ttl) {
		return this.redis.opsForValue().set(PREFIX + key, value, ttl).then();
	}

	@Override
	public Mono<Boolean> putIfAbsent(String key, String value, Duration ttl) {
		return this.redis.opsForValue().setIfAbsent(PREFIX + key, value, ttl);
	}

	@Override
	public Mono<String> get(String key) {
		return this.redis.opsForValue().get(PREFIX + key);
	}

	@Override
	public Mono<String> take(String key) {
		// GETDEL: atomic, so a code or transaction is used once even when two replicas race.
		return this.redis.opsForValue().getAndDelete(PREFIX + key);
	}

	@Override
	public Mono<Void> delete(String key) {
		return this.redis.delete(PREFIX + key).then();
	}

	@Override
	public Mono<Long> increment(String key, Duration window) {
		String full = PREFIX + key;
		return this.redis.opsForValue()
			.increment(full)
			.flatMap(count -> count == 1 ? this.redis.expire(full, window).thenReturn(count) : Mono.just(count));
	}

}
