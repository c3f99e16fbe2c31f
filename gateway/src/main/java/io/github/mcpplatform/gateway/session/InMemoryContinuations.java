package io.github.mcpplatform.gateway.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** Continuation channels within this process: for one replica. */
public final class InMemoryContinuations implements Continuations {

	private final Map<String, Sinks.Many<String>> channels = new ConcurrentHashMap<>();

	@Override
	public Mono<Flux<String>> listen(String id) {
		return Mono.fromSupplier(() -> {
			Sinks.Many<String> channel = this.channels.computeIfAbsent(id,
					key -> Sinks.many().multicast().directBestEffort());
			return channel.asFlux().doFinally(signal -> {
				if (channel.currentSubscriberCount() == 0) {
					this.channels.remove(id, channel);
				}
			});
		});
	}

	@Override
	public Mono<Void> publish(String id, String message) {
		return Mono.fromRunnable(() -> {
			Sinks.Many<String> channel = this.channels.get(id);
			if (channel != null) {
				channel.tryEmitNext(message);
			}
		});
	}

}
