package io.github.mcpplatform.gateway.protocol;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON-RPC 2.0 envelopes, kept as JSON trees: the gateway reads what it must to route a message and
 * passes the rest through unchanged. Errors are {@link JsonRpcError} values.
 *
 * @see <a href="https://www.jsonrpc.org/specification">JSON-RPC 2.0</a>
 */
public final class JsonRpc {

	public static final JsonMapper JSON = JsonMapper.builder().build();

	private JsonRpc() {
	}

	public static String result(@Nullable JsonNode id, Object result) {
		ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
		response.set("id", id);
		response.set("result", JSON.valueToTree(result));
		return JSON.writeValueAsString(response);
	}

	public static String notification(String method) {
		return JSON.writeValueAsString(JSON.createObjectNode().put("jsonrpc", "2.0").put("method", method));
	}

	public static String notification(String method, Object params) {
		ObjectNode notification = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", method);
		notification.set("params", JSON.valueToTree(params));
		return JSON.writeValueAsString(notification);
	}

}
