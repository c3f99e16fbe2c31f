package io.github.mcpplatform.gateway.mcp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Values of the MCP request headers that repeat body fields ({@code Mcp-Name}): a value that is not plain
 * printable ASCII travels as {@code =?base64?<UTF-8 as base64>?=}.
 */
final class McpHeaders {

	private static final String BASE64_PREFIX = "=?base64?";

	private static final String BASE64_SUFFIX = "?=";

	private McpHeaders() {
	}

	static String decode(String value) {
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
