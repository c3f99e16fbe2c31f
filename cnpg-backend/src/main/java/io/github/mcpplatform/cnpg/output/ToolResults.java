package io.github.mcpplatform.cnpg.output;

import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds tool results: text in the requested {@link Format} plus the same data as structured content,
 * kept under {@value #CHARACTER_LIMIT} characters so one answer cannot flood the model's context.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/server/tools#structured-content">MCP
 *     structured content</a>
 */
public final class ToolResults {

	/** The most characters of text one tool result carries. */
	public static final int CHARACTER_LIMIT = 25_000;

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final int limit;

	public ToolResults() {
		this(CHARACTER_LIMIT);
	}

	ToolResults(int limit) {
		this.limit = limit;
	}

	public CallToolResult success(Reply reply, Format format) {
		int shown = reply.items();
		String text = render(reply, format, shown);
		if (text.length() > this.limit && reply.isList()) {
			shown = largestPrefixThatFits(reply, format);
			text = render(reply, format, shown);
		}
		if (text.length() > this.limit) {
			String note = "\n\n[Truncated: " + (text.length() - this.limit) + " characters omitted at the "
					+ this.limit + "-character limit. " + (reply.isList() ? reply.narrowHint()
							: "Ask for less: use detail_level=concise or name one object.") + "]";
			text = text.substring(0, Math.max(0, this.limit - note.length())) + note;
		}
		return CallToolResult.builder()
			.content(List.of(new TextContent(text)))
			.structuredContent(plain(reply.structured(shown)))
			.isError(false)
			.build();
	}

	public CallToolResult failure(String message) {
		return CallToolResult.builder()
			.content(List.of(new TextContent(message)))
			.structuredContent(Map.of("error", message))
			.isError(true)
			.build();
	}

	/**
	 * A failure with text only, for tools that declare an {@code outputSchema}: MCP does not hold error
	 * results to the schema, but clients check any structured content against it, errors included (the
	 * TypeScript SDK's client does), and would report a mismatch instead of the message.
	 */
	public CallToolResult textFailure(String message) {
		return CallToolResult.builder().content(List.of(new TextContent(message))).isError(true).build();
	}

	private String toJson(Object value) {
		return this.json.writeValueAsString(value);
	}

	private String render(Reply reply, Format format, int shown) {
		String text = format == Format.JSON ? toJson(reply.structured(shown)) : reply.text(shown);
		if (format == Format.TEXT && shown < reply.items()) {
			text += "\n\n[Truncated: showing " + shown + " of " + reply.items() + " at the " + this.limit
					+ "-character limit. " + reply.narrowHint() + "]";
		}
		return text;
	}

	private int largestPrefixThatFits(Reply reply, Format format) {
		int low = 0;
		int high = reply.items() - 1;
		while (low < high) {
			int mid = (low + high + 1) >>> 1;
			if (render(reply, format, mid).length() <= this.limit) {
				low = mid;
			}
			else {
				high = mid - 1;
			}
		}
		return low;
	}

	private Map<String, Object> plain(Map<String, Object> structured) {
		return this.json.convertValue(structured, MAP);
	}

}
