package io.github.mcpplatform.gateway.openapi;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import io.github.mcpplatform.gateway.protocol.JsonRpc;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the API's answer into a tool result. JSON becomes {@code structuredContent} (an object as it is; anything
 * else under {@code result}) and the same JSON as text; above {@value #CHARACTER_LIMIT} characters a list is cut
 * at a whole item with a note that says how many were left out (the CNPG backend's rule). Plain text is passed on
 * as text. HTML, binary data and HTTP errors are {@code isError} results that say what came back; an error's body
 * is shown in part, with the credential the gateway sent blanked out if the API echoed it.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/server/tools#structured-content">MCP:
 *     structured content</a>
 */
final class Answers {

	/** The most characters of text one tool result carries. */
	static final int CHARACTER_LIMIT = 25_000;

	/** The most characters of an error's body shown. */
	static final int ERROR_BODY_LIMIT = 2_000;

	private final int limit;

	Answers() {
		this(CHARACTER_LIMIT);
	}

	Answers(int limit) {
		this.limit = limit;
	}

	/**
	 * @param secret the credential value sent with the request, blanked out of anything shown; null for none
	 */
	ObjectNode of(RestRequest request, int status, @Nullable MediaType type, byte[] body, @Nullable String secret) {
		String label = request.label();
		if (status >= 300 && status < 400) {
			return error("The API answered " + statusLine(status) + " to " + label + ", a redirect, which the gateway does not "
					+ "follow: the tool reaches only the API's declared base URL.");
		}
		if (status >= 400) {
			String shown = body.length == 0 ? "(no body)" : blank(excerpt(type, body), secret);
			return error("The API answered " + statusLine(status) + " to " + label + ": " + shown);
		}
		if (body.length == 0) {
			return text("The API answered " + statusLine(status) + " to " + label + ", with no body.", null);
		}
		String subtype = type == null ? "" : type.getSubtype().toLowerCase(Locale.ROOT);
		if (type == null || "json".equals(subtype) || subtype.endsWith("+json")) {
			try {
				return json(JsonRpc.JSON.readTree(body));
			}
			catch (JacksonException e) {
				if (type != null) {
					return error("The API answered " + statusLine(status) + " to " + label + " with a body that is not the "
							+ "JSON its type (" + type + ") says.");
				}
			}
		}
		if (type != null && "html".equals(subtype)) {
			return error("The API answered " + label + " with an HTML page (" + body.length + " bytes), not data: often a "
					+ "sign-in or error page of a proxy in front of it. Check the backend's url and auth.");
		}
		if (type != null && ("text".equals(type.getType()) || "xml".equals(subtype) || subtype.endsWith("+xml"))) {
			return text(cutText(new String(body, StandardCharsets.UTF_8)), null);
		}
		return error("The API answered " + label + " with " + (type == null ? "data of no declared type" : type.toString())
				+ " (" + body.length + " bytes), which is not passed on: only JSON and text are.");
	}

	/** The API's JSON, cut at a whole item of its list when its text is too long. */
	ObjectNode json(JsonNode value) {
		ObjectNode structured;
		if (value instanceof ObjectNode object) {
			structured = object;
		}
		else {
			structured = JsonRpc.JSON.createObjectNode();
			structured.set("result", value);
		}
		String text = JsonRpc.JSON.writeValueAsString(value);
		if (text.length() <= this.limit) {
			return text(text, structured);
		}
		ArrayNode list = largestList(value);
		if (list == null) {
			String note = "\n\n[Cut: the answer has " + text.length() + " characters, more than the " + this.limit
					+ "-character limit, and no list to shorten. Ask for less, e.g. with the operation's filter parameters.]";
			return text(text.substring(0, Math.max(0, this.limit - note.length())) + note, null);
		}
		int total = list.size();
		ArrayNode all = list.deepCopy();
		int low = 0;
		int high = total;
		while (low < high) {
			int middle = (low + high + 1) / 2;
			keep(list, all, middle);
			if (JsonRpc.JSON.writeValueAsString(value).length() + 300 <= this.limit) {
				low = middle;
			}
			else {
				high = middle - 1;
			}
		}
		keep(list, all, low);
		String note = "\n\n[Cut: " + low + " of " + total + " items shown; the whole answer exceeds the " + this.limit
				+ "-character limit. Ask for fewer, e.g. with the operation's paging or filter parameters.]";
		return text(JsonRpc.JSON.writeValueAsString(value) + note, structured);
	}

	private static void keep(ArrayNode list, ArrayNode all, int count) {
		list.removeAll();
		for (int i = 0; i < count; i++) {
			list.add(all.get(i));
		}
	}

	/** The list to cut: the answer itself, or the longest list among its fields. */
	private static @Nullable ArrayNode largestList(JsonNode value) {
		if (value instanceof ArrayNode array) {
			return array;
		}
		ArrayNode largest = null;
		int largestLength = 0;
		for (Map.Entry<String, JsonNode> field : value.properties()) {
			if (field.getValue() instanceof ArrayNode array && !array.isEmpty()) {
				int length = JsonRpc.JSON.writeValueAsString(array).length();
				if (length > largestLength) {
					largest = array;
					largestLength = length;
				}
			}
		}
		return largest;
	}

	private String cutText(String text) {
		if (text.length() <= this.limit) {
			return text;
		}
		String note = "\n\n[Cut: " + (text.length() - this.limit) + " characters omitted at the " + this.limit
				+ "-character limit.]";
		return text.substring(0, Math.max(0, this.limit - note.length())) + note;
	}

	private static String excerpt(@Nullable MediaType type, byte[] body) {
		String text = new String(body, StandardCharsets.UTF_8);
		if (type != null && "html".equals(type.getSubtype())) {
			text = text.replaceAll("(?s)<(script|style)[^>]*>.*?</\\1>", " ").replaceAll("<[^>]+>", " ");
		}
		text = text.replaceAll("\\s+", " ").strip();
		return text.length() > ERROR_BODY_LIMIT ? text.substring(0, ERROR_BODY_LIMIT) + "…" : text;
	}

	/** The credential (and, for a bearer token, the token alone) never appears in what is shown. */
	private static String blank(String text, @Nullable String secret) {
		if (secret == null || secret.isEmpty()) {
			return text;
		}
		String blanked = text.replace(secret, "(credential)");
		int space = secret.indexOf(' ');
		if (space > 0 && secret.length() - space > 8) {
			blanked = blanked.replace(secret.substring(space + 1), "(credential)");
		}
		return blanked;
	}

	private static String statusLine(int status) {
		HttpStatus known = HttpStatus.resolve(status);
		return "HTTP " + status + (known == null ? "" : " " + known.getReasonPhrase());
	}

	static ObjectNode text(String text, @Nullable ObjectNode structured) {
		ObjectNode result = JsonRpc.JSON.createObjectNode();
		result.putArray("content").addObject().put("type", "text").put("text", text);
		if (structured != null) {
			result.set("structuredContent", structured);
		}
		return result.put("isError", false);
	}

	static ObjectNode error(String message) {
		ObjectNode result = JsonRpc.JSON.createObjectNode();
		result.putArray("content").addObject().put("type", "text").put("text", message);
		return result.put("isError", true);
	}

}
