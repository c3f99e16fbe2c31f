package io.github.mcpplatform.gateway.configrepo;

import java.util.UUID;

import org.springframework.data.redis.connection.ReactiveSubscription;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tells the other replicas that the config repo changed (a webhook reached this one), so that all pull at
 * once instead of at their next poll.
 */
public interface PullSignals {

	/** Tells the others. */
	Mono<Void> announce();

	/** What the others announce (never this replica's own announcements). */
	Flux<String> announcements();

	/** For a single replica: nobody to tell. */
	static PullSignals none() {
		return new PullSignals() {

			@Override
			public Mono<Void> announce() {
				return Mono.empty();
			}

			@Override
			public Flux<String> announcements() {
				return Flux.never();
			}

		};
	}

	/** Through Redis pub/sub, channel {@code mcp:config-repo:pull}. */
	static PullSignals redis(ReactiveStringRedisTemplate redis, ReactiveRedisMessageListenerContainer listeners) {
		String channel = "mcp:config-repo:pull";
		String self = UUID.randomUUID().toString();
		return new PullSignals() {

			@Override
			public Mono<Void> announce() {
				return redis.convertAndSend(channel, self).then();
			}

			@Override
			public Flux<String> announcements() {
				return listeners.receive(ChannelTopic.of(channel))
					.map(ReactiveSubscription.Message::getMessage)
					.filter(sender -> !sender.equals(self));
			}

		};
	}

}
