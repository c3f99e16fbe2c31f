package io.github.mcpplatform.gateway.protocol;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON-RPC error the gateway answers with, as a value: its code, its message, its data when it has any, and the
 * HTTP status the answer travels with. Each kind of error is made by one factory here, so that a code is chosen
 * for what went wrong, never from how the message reads, and the code and the status cannot drift apart.
 *
 * @param code the JSON-RPC error code
 * @param message what a person reads; never a secret or a backend's address
 * @param data structured details for clients, or null
 * @param httpStatus the HTTP status of the answer: 200 for errors of a request that was read and understood,
 *     4xx for a request the endpoint cannot take, 5xx for the gateway's own failures
 * @see <a href="https://www.jsonrpc.org/specification#error_object">JSON-RPC 2.0: error object</a>
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/transports">MCP transports</a>
 */
public record JsonRpcError(int code, String message, @Nullable Object data, int httpStatus) {

	public static final int PARSE_ERROR = -32700;

	public static final int INVALID_REQUEST = -32600;

	public static final int METHOD_NOT_FOUND = -32601;

	public static final int INVALID_PARAMS = -32602;

	public static final int INTERNAL_ERROR = -32603;

	/** MCP 2026-07-28 (SEP-2243): a request's headers and body disagree. */
	public static final int HEADER_MISMATCH = -32020;

	/** MCP 2026-07-28: the request speaks a protocol version the server does not. */
	public static final int UNSUPPORTED_VERSION = -32022;

	/** The body is not JSON. */
	public static JsonRpcError parseError(String message) {
		return new JsonRpcError(PARSE_ERROR, message, null, 400);
	}

	/** The request cannot be taken as it is: no session, a batch, an answer to nothing. */
	public static JsonRpcError invalidRequest(String message) {
		return new JsonRpcError(INVALID_REQUEST, message, null, 400);
	}

	/** A POST whose body is not declared as JSON (the transport sends every message as application/json). */
	public static JsonRpcError unsupportedMediaType() {
		return new JsonRpcError(INVALID_REQUEST, "Unsupported Media Type: send the message as Content-Type: application/json",
				null, 415);
	}

	/** A request whose {@code Accept} allows no answer the endpoint can give. */
	public static JsonRpcError notAcceptable(String accepted) {
		return new JsonRpcError(INVALID_REQUEST, "Not Acceptable: the Accept header must allow " + accepted, null, 406);
	}

	/** An HTTP method the endpoint does not serve for this request, such as a GET where no stream is offered. */
	public static JsonRpcError methodNotAllowed(String why) {
		return new JsonRpcError(INVALID_REQUEST, "Method Not Allowed: " + why, null, 405);
	}

	/** Unknown, expired, or another person's session: one answer for all three, so ids cannot be probed. */
	public static JsonRpcError sessionNotFound() {
		return new JsonRpcError(INVALID_REQUEST, "Session not found: initialize a new one", null, 404);
	}

	/** A body over the configured limit, refused before it is read. */
	public static JsonRpcError requestTooLarge(long maxBytes) {
		return new JsonRpcError(INVALID_REQUEST, "Request too large: at most " + maxBytes
				+ " bytes (gateway.max-request-size)", null, 413);
	}

	public static JsonRpcError methodNotFound(String method) {
		return new JsonRpcError(METHOD_NOT_FOUND, "Method not found: " + method, null, 200);
	}

	/** The request was understood, but a parameter names nothing the gateway can serve, or is malformed. */
	public static JsonRpcError invalidParams(String message) {
		return new JsonRpcError(INVALID_PARAMS, message, null, 200);
	}

	/** A stateless request whose envelope ({@code _meta}) lacks what the era requires. */
	public static JsonRpcError invalidEnvelope(String message) {
		return new JsonRpcError(INVALID_PARAMS, message, null, 400);
	}

	public static JsonRpcError headerMismatch(String message) {
		return new JsonRpcError(HEADER_MISMATCH, message, null, 400);
	}

	/** A version the gateway does not speak, with what was asked and what it speaks as data. */
	public static JsonRpcError unsupportedVersion(String requested, java.util.List<String> supported) {
		return new JsonRpcError(UNSUPPORTED_VERSION, "Unsupported protocol version: " + requested + "; supported: "
				+ String.join(", ", supported), java.util.Map.of("requested", requested, "supported", supported), 400);
	}

	/** The gateway could not do what it should have, for a reason of its own or of a backend. */
	public static JsonRpcError internalError(String message) {
		return new JsonRpcError(INTERNAL_ERROR, message, null, 500);
	}

	/**
	 * The gateway's store (Redis) cannot be reached: 503, sent with {@code Retry-After}; nothing of the request
	 * was done that needed the store.
	 */
	public static JsonRpcError storeUnavailable() {
		return new JsonRpcError(INTERNAL_ERROR, "Service unavailable: the gateway's store cannot be reached; try again "
				+ "in a few seconds", java.util.Map.of("reason", "store-unavailable"), 503);
	}

	/** The same error, answered with another HTTP status. */
	public JsonRpcError withHttpStatus(int status) {
		return new JsonRpcError(this.code, this.message, this.data, status);
	}

	/** The JSON-RPC response that carries this error for the request {@code id} (null when it is not known). */
	public String toJson(@Nullable JsonNode id) {
		ObjectNode response = JsonRpc.JSON.createObjectNode().put("jsonrpc", "2.0");
		response.set("id", id);
		ObjectNode error = response.putObject("error").put("code", this.code).put("message", this.message);
		if (this.data != null) {
			error.set("data", JsonRpc.JSON.valueToTree(this.data));
		}
		return JsonRpc.JSON.writeValueAsString(response);
	}

}
