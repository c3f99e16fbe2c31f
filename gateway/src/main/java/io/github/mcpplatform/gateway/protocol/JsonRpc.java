package io.github.mcpplatform.gateway.protocol;

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
public final class JsonRpc {

	public static final int PARSE_ERROR = -32700;

	public static final int INVALID_REQUEST = -32600;

	public static final int METHOD_NOT_FOUND = -32601;

	public static final int INVALID_PARAMS = -32602;

	public static final int INTERNAL_ERROR = -32603;

	public static final JsonMapper JSON = JsonMapper.builder().build();

	private JsonRpc() {
	}

	public static String result(@Nullable JsonNode id, Object result) {
		ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
		response.set("id", id);
		response.set("result", JSON.valueToTree(result));
		return JSON.writeValueAsString(response);
	}

	public static String error(@Nullable JsonNode id, int code, String message) {
		ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
		response.set("id", id);
		response.putObject("error").put("code", code).put("message", message);
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
