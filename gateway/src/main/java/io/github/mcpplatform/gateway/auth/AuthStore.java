package io.github.mcpplatform.gateway.auth;

import java.time.Duration;

import reactor.core.publisher.Mono;

/**
 * Where the authorization server keeps its state (clients, transactions, codes, grants, refresh tokens,
 * rate-limit counters), so that any replica finishes a flow another began. Keys of secrets are their
 * hashes; values are JSON, with upstream tokens encrypted before they get here. Every entry expires.
 */
public interface AuthStore {

	Mono<Void> put(String key, String value, Duration ttl);

	/** Stores only when the key is absent; true when it stored. */
	Mono<Boolean> putIfAbsent(String key, String value, Duration ttl);

	Mono<String> get(String key);

	/** Reads and deletes in one step, so that of two concurrent callers only one gets the value. */
	Mono<String> take(String key);

	Mono<Void> delete(String key);

	/** Adds one to a counter that starts at 1 and expires {@code window} after its first increment. */
	Mono<Long> increment(String key, Duration window);

}
