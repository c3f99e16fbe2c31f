package io.github.mcpplatform.gateway.session;

import org.springframework.data.redis.connection.ReactiveSubscription;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Continuation channels on Redis pub/sub ({@code mcp:continuation:<id>}), so that any replica may listen. */
public final class RedisContinuations implements Continuations, AutoCloseable {

	static final String PREFIX = "mcp:continuation:";

	private final ReactiveStringRedisTemplate redis;

	private final ReactiveRedisMessageListenerContainer listeners;

	public RedisContinuations(ReactiveStringRedisTemplate redis, ReactiveRedisMessageListenerContainer listeners) {
		this.redis = redis;
		this.listeners = listeners;
	}

	@Override
	public Mono<Flux<String>> listen(String id) {
		return this.listeners.receiveLater(ChannelTopic.of(PREFIX + id))
			.map(messages -> messages.map(ReactiveSubscription.Message::getMessage));
	}

	@Override
	public Mono<Void> publish(String id, String message) {
		return this.redis.convertAndSend(PREFIX + id, message).then();
	}

	@Override
	public void close() {
		this.listeners.destroy();
	}

}
