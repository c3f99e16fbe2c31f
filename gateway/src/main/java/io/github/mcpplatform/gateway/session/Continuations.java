package io.github.mcpplatform.gateway.session;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Channels that carry the rest of a backend's answer to whichever replica serves the client's next request.
 * A stateless client (MCP 2026-07-28) answers a backend's question by repeating its request; meanwhile the
 * backend's answer stream is still held by the replica that relayed the question, which publishes what
 * follows. Nothing is kept: a message published before anyone listens is gone, which is safe because the
 * backend goes on only after it has the answer, and the answer is sent only once the listener is in place.
 */
public interface Continuations {

	/** Listens to a channel; the returned flux is subscribed (nothing published later is missed) when the Mono completes. */
	Mono<Flux<String>> listen(String id);

	Mono<Void> publish(String id, String message);

}
