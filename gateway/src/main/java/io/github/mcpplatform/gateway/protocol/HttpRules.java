package io.github.mcpplatform.gateway.protocol;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

import tools.jackson.databind.JsonNode;

/**
 * What the streamable HTTP transport requires of a request before its body is looked at, and of a message's
 * {@code id}, each broken rule as the {@link JsonRpcError} the official SDKs answer it with.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#sending-messages-to-the-server">MCP
 *     transports: sending messages to the server</a>
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic#requests">MCP requests: the id is a
 *     string or an integer, never null</a>
 */
public final class HttpRules {

	private HttpRules() {
	}

	/** Why a POST cannot be taken before it is read (media type, Accept), or null when it can. */
	public static @Nullable JsonRpcError postProblem(HttpHeaders headers) {
		if (!declaresJson(headers)) {
			return JsonRpcError.unsupportedMediaType();
		}
		List<MediaType> accepted = accepted(headers);
		if (accepted != null && accepted.stream()
			.noneMatch(media -> media.isCompatibleWith(MediaType.APPLICATION_JSON) || media.isCompatibleWith(MediaType.TEXT_EVENT_STREAM))) {
			return JsonRpcError.notAcceptable("application/json or text/event-stream");
		}
		return null;
	}

	/** Why a GET (a listening stream) cannot be served as far as its Accept goes, or null when it can. */
	public static @Nullable JsonRpcError streamProblem(HttpHeaders headers) {
		List<MediaType> accepted = accepted(headers);
		if (accepted != null && accepted.stream().noneMatch(media -> media.isCompatibleWith(MediaType.TEXT_EVENT_STREAM))) {
			return JsonRpcError.notAcceptable("text/event-stream");
		}
		return null;
	}

	/** Whether a message's {@code id}, when it has one, is a string or an integer, as MCP requires. */
	public static boolean isValidId(@Nullable JsonNode id) {
		return id == null || id.isString() || id.isIntegralNumber();
	}

	/** The media types the Accept header lists; null when there is none (which accepts anything). */
	private static @Nullable List<MediaType> accepted(HttpHeaders headers) {
		if (!headers.containsHeader(HttpHeaders.ACCEPT)) {
			return null;
		}
		try {
			return headers.getAccept();
		}
		catch (InvalidMediaTypeException e) {
			return List.of();
		}
	}

	/**
	 * Whether the body is declared as JSON: {@code application/json} or a {@code +json} type. A missing or
	 * unreadable {@code Content-Type} is not.
	 */
	public static boolean declaresJson(HttpHeaders headers) {
		MediaType type;
		try {
			type = headers.getContentType();
		}
		catch (InvalidMediaTypeException e) {
			return false;
		}
		return type != null && (MediaType.APPLICATION_JSON.isCompatibleWith(type) || "json".equals(type.getSubtypeSuffix()));
	}

}
