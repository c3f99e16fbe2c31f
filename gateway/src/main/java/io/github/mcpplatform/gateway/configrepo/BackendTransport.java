package io.github.mcpplatform.gateway.configrepo;

/**
 * How the gateway reaches one backend, as the config repo declares it ({@code transport:}). Streamable HTTP is
 * the default and covers both protocol eras and servers with or without sessions; the other kinds exist for the
 * servers the ecosystem already runs.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/transports">MCP transports</a>
 */
public sealed interface BackendTransport {

	/** The default: MCP's streamable HTTP at the backend's {@code url}. */
	BackendTransport STREAMABLE_HTTP = new StreamableHttp();

	/** The legacy HTTP+SSE transport (MCP 2024-11-05): {@code url} is the server's SSE endpoint. */
	BackendTransport SSE = new Sse();

	/** The word the config repo uses for this kind. */
	String configName();

	/** Streamable HTTP (MCP 2025-03-26 and later): one endpoint, POST per message, optional sessions. */
	record StreamableHttp() implements BackendTransport {

		@Override
		public String configName() {
			return "streamable-http";
		}

	}

	/**
	 * HTTP with SSE (MCP 2024-11-05): a {@code GET} on {@code url} opens an event stream whose first event names
	 * the endpoint to which the client then {@code POST}s its messages; every answer comes back on the stream.
	 *
	 * @see <a href="https://modelcontextprotocol.io/specification/2024-11-05/basic/transports#http-with-sse">MCP
	 *     2024-11-05: HTTP with SSE</a>
	 */
	record Sse() implements BackendTransport {

		@Override
		public String configName() {
			return "sse";
		}

	}

}
