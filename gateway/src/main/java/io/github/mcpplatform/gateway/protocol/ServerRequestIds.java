package io.github.mcpplatform.gateway.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * Ids of requests that backends send to the client (elicitation, sampling, roots). Every backend numbers
 * its own requests, so two backends may use the same id in one client session; the gateway therefore gives
 * the client {@code gw.<backend>.<original id as base64url JSON>} and reads the backend and the original id
 * back from the client's answer. Nothing is stored, so the answer may reach any replica.
 */
public final class ServerRequestIds {

	private static final String PREFIX = "gw.";

	/** The backend that sent a request and the id it gave it. */
	public record Origin(String backend, JsonNode id) {
	}

	private ServerRequestIds() {
	}

	public static JsonNode toClient(String backend, JsonNode id) {
		String json = JsonRpc.JSON.writeValueAsString(id);
		return StringNode.valueOf(PREFIX + backend + "."
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8)));
	}

	/** Where a client's answer goes, or null when the id was not made by {@link #toClient}. */
	public static @Nullable Origin fromClient(@Nullable JsonNode id) {
		if (id == null || !id.isString() || !id.asString().startsWith(PREFIX)) {
			return null;
		}
		String rest = id.asString().substring(PREFIX.length());
		int dot = rest.indexOf('.');
		if (dot <= 0) {
			return null;
		}
		try {
			byte[] json = Base64.getUrlDecoder().decode(rest.substring(dot + 1));
			return new Origin(rest.substring(0, dot), JsonRpc.JSON.readTree(new String(json, StandardCharsets.UTF_8)));
		}
		catch (IllegalArgumentException | JacksonException e) {
			return null;
		}
	}

}
