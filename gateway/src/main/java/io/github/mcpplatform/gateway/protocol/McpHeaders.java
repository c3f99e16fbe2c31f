package io.github.mcpplatform.gateway.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The MCP HTTP headers, named once, and the values of those that repeat body fields ({@code Mcp-Name}): a value
 * that is not plain printable ASCII travels as {@code =?base64?<UTF-8 as base64>?=}.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/transports">MCP transports</a>
 */
public final class McpHeaders {

	/** The session a request belongs to (session era). */
	public static final String SESSION_ID = "Mcp-Session-Id";

	/** The protocol version a request speaks, after {@code initialize}, and on every stateless request. */
	public static final String PROTOCOL_VERSION = "MCP-Protocol-Version";

	/** A stateless request's method, for routing without reading the body (SEP-2243). */
	public static final String METHOD = "Mcp-Method";

	/** A stateless request's tool or prompt name, or resource URI (SEP-2243). */
	public static final String NAME = "Mcp-Name";

	private static final String BASE64_PREFIX = "=?base64?";

	private static final String BASE64_SUFFIX = "?=";

	private McpHeaders() {
	}

	/** The header value for a body field: as it is when it is plain printable ASCII, else base64-wrapped. */
	public static String encode(String value) {
		boolean plain = !value.isEmpty() && value.equals(value.strip()) && !value.startsWith(BASE64_PREFIX)
				&& value.chars().allMatch(c -> c == '\t' || (c >= 32 && c <= 126));
		return plain ? value : BASE64_PREFIX + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))
				+ BASE64_SUFFIX;
	}

	public static String decode(String value) {
		if (value.startsWith(BASE64_PREFIX) && value.endsWith(BASE64_SUFFIX) && value.length() >= BASE64_PREFIX.length()
				+ BASE64_SUFFIX.length()) {
			try {
				return new String(Base64.getDecoder()
					.decode(value.substring(BASE64_PREFIX.length(), value.length() - BASE64_SUFFIX.length())),
						StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException e) {
				return value;
			}
		}
		return value;
	}

}
