package io.github.mcpplatform.gateway.session;

import java.time.Duration;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sessions in Redis, so that any replica serves any request of a session (no sticky routing). Each session
 * is one JSON value under {@code mcp:session:<id>} that expires after {@code idleTimeout} without use; every
 * read renews it. Sessions hold what was negotiated and backend session ids, never a credential.
 */
public final class RedisSessionStore implements SessionStore {

	static final String PREFIX = "mcp:session:";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ReactiveStringRedisTemplate redis;

	private final Duration idleTimeout;

	public RedisSessionStore(ReactiveStringRedisTemplate redis, Duration idleTimeout) {
		this.redis = redis;
		this.idleTimeout = idleTimeout;
	}

	@Override
	public Mono<FrontSession> find(String id) {
		return this.redis.opsForValue()
			.getAndExpire(PREFIX + id, this.idleTimeout)
			.map(json -> JSON.readValue(json, FrontSession.class));
	}

	@Override
	public Mono<Void> save(FrontSession session) {
		return this.redis.opsForValue()
			.set(PREFIX + session.id(), JSON.writeValueAsString(session), this.idleTimeout)
			.then();
	}

	@Override
	public Mono<Void> delete(String id) {
		return this.redis.delete(PREFIX + id).then();
	}

}
