package io.github.mcpplatform.gateway.upstream;

import java.util.List;

import io.github.mcpplatform.gateway.protocol.JsonRpc;
import io.github.mcpplatform.gateway.protocol.ProtocolVersions;
import io.github.mcpplatform.gateway.session.FrontSession;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The version envelope a request needs to reach a stateless backend (MCP 2026-07-28), built from what the
 * client told the gateway: its capabilities and who it is. A session-era client is not said to take
 * elicitation, sampling or roots: a stateless backend would ask with {@code input_required} results, which such
 * a client cannot answer. A stateless client can, and its repeats reach the backend as they are.
 */
final class StatelessEnvelope {

	private StatelessEnvelope() {
	}

	/** A copy of the request whose {@code params._meta} carries the envelope. */
	static ObjectNode of(FrontSession session, ObjectNode request) {
		JsonNode initialize = JsonRpc.JSON.readTree(session.initializeParams());
		ObjectNode capabilities = initialize.path("capabilities").isObject()
				? ((ObjectNode) initialize.get("capabilities")).deepCopy() : JsonRpc.JSON.createObjectNode();
		if (!session.isDerived()) {
			capabilities.remove(List.of("elicitation", "sampling", "roots"));
		}
		ObjectNode copy = request.deepCopy();
		ObjectNode params = copy.get("params") instanceof ObjectNode existing ? existing : copy.putObject("params");
		ObjectNode meta = params.get("_meta") instanceof ObjectNode existing ? existing : params.putObject("_meta");
		meta.put(ProtocolVersions.META_VERSION, ProtocolVersions.STATELESS);
		meta.set(ProtocolVersions.META_CLIENT_CAPABILITIES, capabilities);
		if (initialize.path("clientInfo").isObject()) {
			meta.set(ProtocolVersions.META_CLIENT_INFO, initialize.get("clientInfo"));
		}
		return copy;
	}

}
