package io.github.mcpplatform.gateway.session;

import java.time.Duration;
import java.util.List;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.script.RedisScript;

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

	/**
	 * Read-modify-write of one session in one step inside Redis, so that two replicas adding different
	 * backends' sessions at once both succeed.
	 */
	private static final RedisScript<String> PUT_BACKEND_SESSION = RedisScript.of("""
			local value = redis.call('GET', KEYS[1])
			if not value then return false end
			local session = cjson.decode(value)
			if type(session.backendSessions) ~= 'table' then session.backendSessions = {} end
			session.backendSessions[ARGV[1]] = ARGV[2]
			local updated = cjson.encode(session)
			redis.call('SET', KEYS[1], updated, 'PX', ARGV[3])
			return updated
			""", String.class);

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
	public Mono<FrontSession> findOrCreate(FrontSession session) {
		return find(session.id()).switchIfEmpty(Mono.defer(() -> this.redis.opsForValue()
			.setIfAbsent(PREFIX + session.id(), JSON.writeValueAsString(session), this.idleTimeout)
			.flatMap(created -> created ? Mono.just(session) : find(session.id()))));
	}

	@Override
	public Mono<FrontSession> putBackendSession(String id, String backend, String backendSessionId) {
		return this.redis
			.execute(PUT_BACKEND_SESSION, List.of(PREFIX + id),
					List.of(backend, backendSessionId, String.valueOf(this.idleTimeout.toMillis())))
			.next()
			.map(json -> JSON.readValue(json, FrontSession.class));
	}

	/**
	 * Counts the session keys with {@code SCAN} (never {@code KEYS}, which blocks Redis), a thousand keys per step;
	 * each step is bounded by the command timeout like any other.
	 */
	@Override
	public Mono<Long> count() {
		return this.redis.scan(ScanOptions.scanOptions().match(PREFIX + "*").count(1000).build()).count();
	}

	@Override
	public Mono<Void> delete(String id) {
		return this.redis.delete(PREFIX + id).then();
	}

}
