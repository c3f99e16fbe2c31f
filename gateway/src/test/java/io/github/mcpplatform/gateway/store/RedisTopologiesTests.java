package io.github.mcpplatform.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;

import io.github.mcpplatform.gateway.auth.RedisAuthStore;
import io.github.mcpplatform.gateway.session.FrontSession;
import io.github.mcpplatform.gateway.session.RedisContinuations;
import io.github.mcpplatform.gateway.session.RedisSessionStore;
import io.github.mcpplatform.gateway.session.TestRedis;
import io.github.mcpplatform.gateway.session.TestRedisCluster;
import io.github.mcpplatform.gateway.session.TestRedisSentinel;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * The gateway's Redis stores keep their contracts on each Redis it supports: one server, a Sentinel group and a
 * three-master Redis Cluster, all real. On the cluster, keys land on every master, so a script or command that
 * touched keys of two slots would be refused there ({@code CROSSSLOT}) and fail these tests.
 */
class RedisTopologiesTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	/** How many keys each test spreads over the cluster's slots (three masters: every one gets some). */
	private static final int SPREAD = 12;

	enum Topology {

		ONE(() -> TestRedis.get().template()), SENTINEL(() -> TestRedisSentinel.get().template()),
		CLUSTER(() -> TestRedisCluster.get().template());

		private final Supplier<ReactiveStringRedisTemplate> connect;

		Topology(Supplier<ReactiveStringRedisTemplate> connect) {
			this.connect = connect;
		}

	}

	/** One connection per topology and test JVM, as a gateway replica has. */
	private static final Map<Topology, ReactiveStringRedisTemplate> connections = new EnumMap<>(Topology.class);

	static synchronized ReactiveStringRedisTemplate redis(Topology topology) {
		return connections.computeIfAbsent(topology, any -> any.connect.get());
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void sessionsAreSavedFoundAgreedOnAndDeleted(Topology topology) {
		RedisSessionStore store = new RedisSessionStore(redis(topology), Duration.ofMinutes(10));
		for (int i = 0; i < SPREAD; i++) {
			FrontSession session = session();
			StepVerifier.create(store.save(session).then(store.find(session.id()))).expectNext(session).verifyComplete();
			FrontSession rival = new FrontSession(session.id(), "mallory", "2025-06-18", "{}", Map.of(), Instant.EPOCH);
			StepVerifier.create(store.findOrCreate(rival)).expectNext(session).verifyComplete();
			StepVerifier.create(store.delete(session.id()).then(store.find(session.id()))).verifyComplete();
			StepVerifier.create(store.findOrCreate(rival)).expectNext(rival).verifyComplete();
		}
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void backendSessionsAddedAtOnceByManyRequestsAreAllKeptByTheScript(Topology topology) {
		RedisSessionStore store = new RedisSessionStore(redis(topology), Duration.ofMinutes(10));
		List<FrontSession> sessions = Flux.range(0, SPREAD).map(i -> session()).collectList().block(WAIT);
		Flux.fromIterable(sessions).flatMap(store::save).blockLast(WAIT);

		Flux.fromIterable(sessions)
			.flatMap(session -> Flux.range(0, 10)
				.flatMap(i -> store.putBackendSession(session.id(), "backend-" + i, "session-" + i)))
			.blockLast(WAIT);

		for (FrontSession session : sessions) {
			StepVerifier.create(store.find(session.id()))
				.assertNext(found -> assertThat(found.backendSessions()).hasSize(10).containsEntry("backend-7", "session-7"))
				.verifyComplete();
		}
		StepVerifier.create(store.putBackendSession("never-" + UUID.randomUUID(), "db", "x")).verifyComplete();
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void sessionsAreCountedOnEveryMaster(Topology topology) {
		RedisSessionStore store = new RedisSessionStore(redis(topology), Duration.ofMinutes(10));
		long before = store.count().block(WAIT);

		Flux.range(0, SPREAD).flatMap(i -> store.save(session())).blockLast(WAIT);

		// On a cluster, SCAN walks each master in turn: the sessions are spread over all three.
		assertThat(store.count().block(WAIT)).isEqualTo(before + SPREAD);
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void authRecordsAreTakenOnceAndCountersCountAndExpireThroughTheScript(Topology topology) {
		ReactiveStringRedisTemplate redis = redis(topology);
		RedisAuthStore store = new RedisAuthStore(redis);
		for (int i = 0; i < SPREAD; i++) {
			String key = "code:" + UUID.randomUUID();
			StepVerifier.create(store.putIfAbsent(key, "first", Duration.ofMinutes(1))).expectNext(true).verifyComplete();
			StepVerifier.create(store.putIfAbsent(key, "second", Duration.ofMinutes(1))).expectNext(false).verifyComplete();
			StepVerifier.create(store.get(key)).expectNext("first").verifyComplete();
			// Of eight replicas redeeming one code at once, exactly one gets it.
			StepVerifier.create(Flux.range(0, 8).flatMap(any -> store.take(key)).collectList())
				.assertNext(taken -> assertThat(taken).containsExactly("first"))
				.verifyComplete();
			store.put(key, "again", Duration.ofMinutes(1)).then(store.delete(key)).block(WAIT);
			StepVerifier.create(store.get(key)).verifyComplete();

			String counter = "rate:test:" + UUID.randomUUID();
			StepVerifier.create(Flux.range(0, 5).concatMap(any -> store.increment(counter, Duration.ofMinutes(1))))
				.expectNext(1L, 2L, 3L, 4L, 5L)
				.verifyComplete();
			assertThat(redis.getExpire("mcp:auth:" + counter).block(WAIT)).isPositive();
			// What a crash between INCR and EXPIRE once left behind gets an expiry at its next count.
			redis.opsForValue().set("mcp:auth:" + counter, "100").block(WAIT);
			StepVerifier.create(store.increment(counter, Duration.ofMinutes(1))).expectNext(101L).verifyComplete();
			assertThat(redis.getExpire("mcp:auth:" + counter).block(WAIT)).isPositive();
		}
	}

	@ParameterizedTest
	@EnumSource(Topology.class)
	void continuationsPublishedThroughOneConnectionReachAListenerOnAnother(Topology topology) {
		// Two gateway replicas: each its own connections (on a cluster, possibly to different nodes).
		ReactiveStringRedisTemplate listening = topology.connect.get();
		RedisContinuations listener = new RedisContinuations(listening,
				new ReactiveRedisMessageListenerContainer(listening.getConnectionFactory()));
		RedisContinuations publisher = new RedisContinuations(redis(topology),
				new ReactiveRedisMessageListenerContainer(redis(topology).getConnectionFactory()));
		try {
			for (int i = 0; i < 4; i++) {
				String id = UUID.randomUUID().toString();
				Flux<String> messages = listener.listen(id).block(WAIT);
				StepVerifier.create(messages.take(2))
					.then(() -> publisher.publish(id, "first").then(publisher.publish(id, "second")).block(WAIT))
					.expectNext("first", "second")
					.expectComplete()
					.verify(WAIT);
			}
		}
		finally {
			listener.close();
			publisher.close();
			((org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory) listening.getConnectionFactory())
				.destroy();
		}
	}

	static FrontSession session() {
		return new FrontSession(UUID.randomUUID().toString(), "alice", "2025-11-25",
				"{\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}", Map.of(),
				Instant.parse("2026-11-22T12:00:00Z"));
	}

}
