package io.github.mcpplatform.gateway.mcp;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON-RPC 2.0 envelopes, kept as JSON trees: the gateway reads what it must to route a message and
 * passes the rest through unchanged.
 *
 * @see <a href="https://www.jsonrpc.org/specification">JSON-RPC 2.0</a>
 */
final class JsonRpc {

	static final int PARSE_ERROR = -32700;

	static final int INVALID_REQUEST = -32600;

	static final int METHOD_NOT_FOUND = -32601;

	static final int INVALID_PARAMS = -32602;

	static final int INTERNAL_ERROR = -32603;

	static final JsonMapper JSON = JsonMapper.builder().build();

	private JsonRpc() {
	}

	static String result(@Nullable JsonNode id, Object result) {
		ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
		response.set("id", id);
		response.set("result", JSON.valueToTree(result));
		return JSON.writeValueAsString(response);
	}

	static String error(@Nullable JsonNode id, int code, String message) {
		ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
		response.set("id", id);
		response.putObject("error").put("code", code).put("message", message);
		return JSON.writeValueAsString(response);
	}

	static String notification(String method) {
		return JSON.writeValueAsString(JSON.createObjectNode().put("jsonrpc", "2.0").put("method", method));
	}

	static String notification(String method, Object params) {
		ObjectNode notification = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", method);
		notification.set("params", JSON.valueToTree(params));
		return JSON.writeValueAsString(notification);
	}

}
