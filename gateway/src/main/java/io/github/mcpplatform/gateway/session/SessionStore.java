package io.github.mcpplatform.gateway.session;

import reactor.core.publisher.Mono;

/**
 * Where front sessions live. The in-memory store serves one replica (local runs); a shared store (Redis)
 * lets any replica serve any request.
 */
public interface SessionStore {

	Mono<FrontSession> find(String id);

	Mono<Void> save(FrontSession session);

	/**
	 * The session with this one's id: the stored one if there is one (renewed), else this one, stored. Lets
	 * concurrent requests that derive the same session id agree on one session.
	 */
	Mono<FrontSession> findOrCreate(FrontSession session);

	Mono<Void> delete(String id);

	/**
	 * Records a backend's session id in a front session, atomically: concurrent requests that open sessions
	 * on different backends (on any replica) never lose each other's. Empty when the front session is gone.
	 */
	Mono<FrontSession> putBackendSession(String id, String backend, String backendSessionId);

	/** How many sessions are open (not expired) in the store, every replica's: for the sessions gauge. */
	Mono<Long> count();

}
