package io.github.mcpplatform.gateway.upstream;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * A two-way channel of JSON-RPC messages to one MCP server session, for the transports that are not one HTTP
 * exchange per request: a legacy HTTP+SSE connection (MCP 2024-11-05) or a stdio process. The MCP handshake is
 * done before a channel is handed out, and every message on it belongs to the client session it was opened for
 * (a channel that several client sessions share hands each of them a view with its own request ids).
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2024-11-05/basic/transports">MCP 2024-11-05
 *     transports: stdio and HTTP with SSE</a>
 */
public interface BackendChannel {

	/** Sends one message; fails with a {@code BackendUnavailableException} when the channel is gone. */
	Mono<Void> send(ObjectNode message);

	/**
	 * Every message the server sends from the moment of subscribing: hot, for any number of subscribers;
	 * completes when the channel is closed, fails when it breaks.
	 */
	Flux<ObjectNode> received();

	/** Whether messages can still be sent. */
	boolean isOpen();

	/** Ends the session with the server; never fails. */
	Mono<Void> close();

}
