package io.github.mcpplatform.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

/** The authorization server's state in this process ({@code gateway.store=memory}: one replica). */
public final class InMemoryAuthStore implements AuthStore {

	private record Entry(String value, Instant expires) {
	}

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	private final Clock clock;

	public InMemoryAuthStore(Clock clock) {
		this.clock = clock;
	}

	@Override
	public Mono<Void> put(String key, String value, Duration ttl) {
		return Mono.fromRunnable(() -> {
			purgeSometimes();
			this.entries.put(key, new Entry(value, this.clock.instant().plus(ttl)));
		});
	}

	@Override
	public Mono<Boolean> putIfAbsent(String key, String value, Duration ttl) {
		return Mono.fromSupplier(() -> {
			Instant now = this.clock.instant();
			Entry fresh = new Entry(value, now.plus(ttl));
			Entry result = this.entries.compute(key, (k, old) -> old == null || !now.isBefore(old.expires()) ? fresh : old);
			return result == fresh;
		});
	}

	@Override
	public Mono<String> get(String key) {
		return Mono.fromSupplier(() -> live(this.entries.get(key)));
	}

	@Override
	public Mono<String> take(String key) {
		return Mono.fromSupplier(() -> live(this.entries.remove(key)));
	}

	@Override
	public Mono<Void> delete(String key) {
		return Mono.fromRunnable(() -> this.entries.remove(key));
	}

	@Override
	public Mono<Long> increment(String key, Duration window) {
		return Mono.fromSupplier(() -> {
			Instant now = this.clock.instant();
			Entry entry = this.entries.compute(key, (k, old) -> old == null || !now.isBefore(old.expires())
					? new Entry("1", now.plus(window)) : new Entry(String.valueOf(Long.parseLong(old.value()) + 1), old.expires()));
			return Long.parseLong(entry.value());
		});
	}

	private String live(Entry entry) {
		return entry != null && this.clock.instant().isBefore(entry.expires()) ? entry.value() : null;
	}

	private void purgeSometimes() {
		if (this.entries.size() > 10_000) {
			Instant now = this.clock.instant();
			this.entries.values().removeIf(entry -> !now.isBefore(entry.expires()));
		}
	}

}
