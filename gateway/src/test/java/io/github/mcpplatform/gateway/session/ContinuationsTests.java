package io.github.mcpplatform.gateway.session;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;

import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Both continuation channels deliver what is published once a listener is in place, and nothing before. */
class ContinuationsTests {

	private final RedisContinuations redis = new RedisContinuations(TestRedis.get().template(),
			new ReactiveRedisMessageListenerContainer(TestRedis.get().template().getConnectionFactory()));

	@AfterEach
	void close() {
		this.redis.close();
	}

	@Test
	void messagesPublishedAfterListeningArriveInOrderAndEarlierOnesDoNot() {
		for (Continuations channels : new Continuations[] { this.redis, new InMemoryContinuations() }) {
			channels.publish("c1", "too early").block(Duration.ofSeconds(5));
			Flux<String> listening = channels.listen("c1").block(Duration.ofSeconds(5));

			StepVerifier.create(listening.take(2))
				.then(() -> channels.publish("c1", "first").then(channels.publish("other", "elsewhere"))
					.then(channels.publish("c1", "second")).block(Duration.ofSeconds(5)))
				.expectNext("first", "second")
				.expectComplete()
				.verify(Duration.ofSeconds(5));
		}
	}

}
