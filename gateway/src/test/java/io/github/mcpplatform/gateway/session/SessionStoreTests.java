package io.github.mcpplatform.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import reactor.test.StepVerifier;

/** Both stores keep the same contract; the Redis one is checked against a real redis-server. */
class SessionStoreTests {

	private final RedisSessionStore redis = new RedisSessionStore(TestRedis.get().template(), Duration.ofSeconds(1));

	private final InMemorySessionStore memory = new InMemorySessionStore();

	@Test
	void savedSessionsAreFoundWithTheirBackendSessions() {
		for (SessionStore store : new SessionStore[] { this.redis, this.memory }) {
			FrontSession session = session().withBackendSession("cnpg", "backend-1");

			StepVerifier.create(store.save(session).then(store.find(session.id())))
				.assertNext(found -> {
					assertThat(found).isEqualTo(session);
					assertThat(found.backendSession("cnpg")).isEqualTo("backend-1");
				})
				.verifyComplete();
		}
	}

	@Test
	void backendSessionsAddedAtTheSameTimeByManyRequestsAreAllKept() {
		for (SessionStore store : new SessionStore[] { this.redis, this.memory }) {
			FrontSession session = session();
			store.save(session).block();

			// As two replicas opening sessions on different backends for one client at once would.
			reactor.core.publisher.Flux.range(0, 20)
				.flatMap(i -> store.putBackendSession(session.id(), "backend-" + i, "session-" + i))
				.blockLast();

			StepVerifier.create(store.find(session.id())).assertNext(found -> {
				assertThat(found.backendSessions()).hasSize(20).containsEntry("backend-7", "session-7");
				assertThat(found.initializeParams()).isEqualTo(session.initializeParams());
				assertThat(found.created()).isEqualTo(session.created());
			}).verifyComplete();
			StepVerifier.create(store.putBackendSession("never-existed", "db", "x")).verifyComplete();
		}
	}

	@Test
	void inMemorySessionsOfOneKindOfClientShareOneCopyOfTheirUserAndInitializeParams() {
		// Equal text, two copies, as two initialize requests of the same client parse into.
		FrontSession first = session();
		FrontSession second = new FrontSession(UUID.randomUUID().toString(), new String(first.user()), first.protocolVersion(),
				new String(first.initializeParams()), Map.of(), Instant.now());

		FrontSession foundFirst = this.memory.save(first).then(this.memory.find(first.id())).block();
		FrontSession foundSecond = this.memory.findOrCreate(second).block();

		assertThat(foundSecond.initializeParams()).isEqualTo(first.initializeParams()).isSameAs(foundFirst.initializeParams());
		assertThat(foundSecond.user()).isSameAs(foundFirst.user());
		assertThat(foundSecond.id()).isEqualTo(second.id());
	}

	@Test
	void deletedAndUnknownSessionsAreNotFound() {
		for (SessionStore store : new SessionStore[] { this.redis, this.memory }) {
			FrontSession session = session();

			StepVerifier.create(store.save(session).then(store.delete(session.id())).then(store.find(session.id())))
				.verifyComplete();
			StepVerifier.create(store.find("never-existed")).verifyComplete();
		}
	}

	@Test
	void redisForgetsSessionsIdleLongerThanTheTimeoutButUseKeepsThemAlive() throws InterruptedException {
		FrontSession used = session();
		FrontSession idle = session();
		this.redis.save(used).then(this.redis.save(idle)).block();

		for (int i = 0; i < 3; i++) {
			Thread.sleep(500);
			StepVerifier.create(this.redis.find(used.id())).expectNextCount(1).verifyComplete();
		}

		StepVerifier.create(this.redis.find(idle.id())).verifyComplete();
	}

	@Test
	void redisKeepsNoCredentialsOnlyWhatWasNegotiated() {
		FrontSession session = session();
		this.redis.save(session).block();

		String stored = TestRedis.get().template().opsForValue().get(RedisSessionStore.PREFIX + session.id()).block();

		assertThat(stored).contains("\"protocolVersion\":\"2025-11-25\"").doesNotContainIgnoringCase("token")
			.doesNotContainIgnoringCase("authorization");
	}

	private static FrontSession session() {
		return new FrontSession(UUID.randomUUID().toString(), "alice", "2025-11-25",
				"{\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}", Map.of(), Instant.parse("2026-11-22T12:00:00Z"));
	}

}
