package io.github.mcpplatform.gateway.metrics;

import java.nio.charset.StandardCharsets;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * Reads a backend's answer as it streams past, without consuming or copying it, for the two marks that set a
 * call's outcome: a tool result with {@code "isError":true}, and a JSON-RPC error object ({@code "error":{"code":}).
 * Both are found byte by byte across chunk boundaries (Knuth-Morris-Pratt), so an answer that is passed through
 * unread stays unread. The marks are what the MCP SDKs write (compact JSON, {@code code} first in an error).
 */
final class AnswerScan {

	private static final byte[] TOOL_ERROR = "\"isError\":true".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] JSON_RPC_ERROR = "\"error\":{\"code\":".getBytes(StandardCharsets.US_ASCII);

	private static final int[] TOOL_ERROR_FALLBACK = fallback(TOOL_ERROR);

	private static final int[] JSON_RPC_ERROR_FALLBACK = fallback(JSON_RPC_ERROR);

	private int toolErrorMatched;

	private int jsonRpcErrorMatched;

	private boolean toolError;

	private boolean jsonRpcError;

	/** Looks at a chunk's readable bytes, leaving its read position where it was. */
	void feed(DataBuffer chunk) {
		int start = chunk.readPosition();
		int end = start + chunk.readableByteCount();
		for (int i = start; i < end && !(this.toolError && this.jsonRpcError); i++) {
			byte b = chunk.getByte(i);
			if (!this.toolError) {
				this.toolErrorMatched = advance(TOOL_ERROR, TOOL_ERROR_FALLBACK, this.toolErrorMatched, b);
				this.toolError = this.toolErrorMatched == TOOL_ERROR.length;
			}
			if (!this.jsonRpcError) {
				this.jsonRpcErrorMatched = advance(JSON_RPC_ERROR, JSON_RPC_ERROR_FALLBACK, this.jsonRpcErrorMatched, b);
				this.jsonRpcError = this.jsonRpcErrorMatched == JSON_RPC_ERROR.length;
			}
		}
	}

	boolean sawToolError() {
		return this.toolError;
	}

	boolean sawJsonRpcError() {
		return this.jsonRpcError;
	}

	private static int advance(byte[] pattern, int[] fallback, int matched, byte b) {
		int m = matched;
		while (m > 0 && pattern[m] != b) {
			m = fallback[m - 1];
		}
		return pattern[m] == b ? m + 1 : 0;
	}

	/** For each prefix, the length of its longest proper prefix that is also its suffix. */
	private static int[] fallback(byte[] pattern) {
		int[] table = new int[pattern.length];
		for (int i = 1, k = 0; i < pattern.length; i++) {
			while (k > 0 && pattern[i] != pattern[k]) {
				k = table[k - 1];
			}
			if (pattern[i] == pattern[k]) {
				k++;
			}
			table[i] = k;
		}
		return table;
	}

}
