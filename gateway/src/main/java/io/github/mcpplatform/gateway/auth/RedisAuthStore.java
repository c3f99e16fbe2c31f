package io.github.mcpplatform.gateway.auth;

import java.time.Duration;
import java.util.List;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import reactor.core.publisher.Mono;

/** The authorization server's state in Redis under {@code mcp:auth:}, every key with a TTL. */
public final class RedisAuthStore implements AuthStore {

	static final String PREFIX = "mcp:auth:";

	/**
	 * INCR and its expiry in one step: done as two commands, a crash between them left a counter that never
	 * expires and refused its address for good. A counter found without expiry (left by such a crash) gets
	 * one too.
	 */
	private static final RedisScript<Long> INCREMENT = RedisScript.of("""
			local count = redis.call('INCR', KEYS[1])
			if count == 1 or redis.call('PTTL', KEYS[1]) == -1 then
			  redis.call('PEXPIRE', KEYS[1], ARGV[1])
			end
			return count""", Long.class);

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
		return this.redis.execute(INCREMENT, List.of(PREFIX + key), List.of(String.valueOf(window.toMillis()))).next();
	}

}
