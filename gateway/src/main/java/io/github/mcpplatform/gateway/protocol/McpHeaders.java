package io.github.mcpplatform.gateway.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Values of the MCP request headers that repeat body fields ({@code Mcp-Name}): a value that is not plain
 * printable ASCII travels as {@code =?base64?<UTF-8 as base64>?=}.
 */
public final class McpHeaders {

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
