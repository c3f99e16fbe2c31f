package io.github.mcpplatform.gateway.backend;

import io.modelcontextprotocol.spec.McpSchema.ClientCapabilities;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The client capabilities the gateway's own catalog session declares to every backend: everything the gateway
 * relays from a backend to a client, roots, sampling, and elicitation in both modes (form and URL).
 *
 * <p>
 * A server may offer a tool only to clients that can answer what the tool asks: server-everything lists
 * {@code trigger-url-elicitation} only to a client that declares {@code elicitation.url}. The merged list is read
 * in this one session, so it must see every tool the backend would offer some client directly. Each client's own
 * backend session carries that client's capabilities as it declared them (its {@code initialize} params are
 * replayed untouched, unknown fields included), so a backend asks a client only what that client can answer, and
 * a tool whose needs a client did not declare is refused by the backend itself, in its own words.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/client/elicitation#capabilities">MCP
 *     elicitation capabilities</a>
 */
final class CatalogCapabilities {

	/** As the Java SDK client declares them in the catalog session's {@code initialize}. */
	static final ClientCapabilities DECLARED = ClientCapabilities.builder()
		.roots(true)
		.sampling()
		.elicitation(true, true)
		.build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private CatalogCapabilities() {
	}

	/** The same capabilities as JSON, for the version envelope of a stateless backend's list requests. */
	static ObjectNode json() {
		return JSON.valueToTree(DECLARED);
	}

}
