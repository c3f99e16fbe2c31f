package io.github.mcpplatform.gateway.session;

import reactor.core.publisher.Mono;

/**
 * Where front sessions live. The in-memory store serves one replica (local runs); a shared store (Redis)
 * lets any replica serve any request.
 */
public interface SessionStore {

	Mono<FrontSession> find(String id);

	Mono<Void> save(FrontSession session);

	Mono<Void> delete(String id);

}
