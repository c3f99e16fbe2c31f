package io.github.mcpplatform.cnpg.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import tools.jackson.databind.json.JsonMapper;

class ToolResultsTests {

	private final ToolResults results = new ToolResults();

	private final List<String> items = IntStream.range(0, 2_000).mapToObj(i -> "cluster-" + i).toList();

	private Reply bigList() {
		return Reply.list("clusters", this.items, Map.of("scope", "all namespaces"),
				shown -> String.join("\n", shown.stream().map(s -> "- " + s + " is healthy and has three instances").toList()),
				"Pass one namespace.");
	}

	@Test
	void successWhenSmallThenNothingIsCut() {
		CallToolResult result = this.results.success(Reply.of("ok", Map.of("a", 1)), Format.TEXT);

		assertThat(text(result)).isEqualTo("ok");
		assertThat(result.structuredContent()).isEqualTo(Map.of("a", 1));
		assertThat(result.isError()).isFalse();
	}

	@Test
	void successWhenAListIsTooLongThenShowsWholeItemsUpToTheLimitAndSaysHowToNarrow() {
		CallToolResult result = this.results.success(bigList(), Format.TEXT);

		assertThat(text(result)).hasSizeLessThanOrEqualTo(ToolResults.CHARACTER_LIMIT)
			.endsWith("at the 25000-character limit. Pass one namespace.]")
			.contains("[Truncated: showing ");
		@SuppressWarnings("unchecked")
		Map<String, Object> truncated = (Map<String, Object>) ((Map<String, Object>) result.structuredContent()).get("truncated");
		int shown = (int) truncated.get("shown");
		assertThat(shown).isBetween(400, 2_000 - 1);
		assertThat(truncated).containsEntry("omitted", 2_000 - shown);
		assertThat((Map<String, Object>) result.structuredContent()).containsEntry("count", 2_000);
	}

	@Test
	void successWhenAJsonListIsTooLongThenTheTextIsStillValidJson() throws Exception {
		CallToolResult result = this.results.success(bigList(), Format.JSON);

		assertThat(text(result)).hasSizeLessThanOrEqualTo(ToolResults.CHARACTER_LIMIT);
		assertThat(JsonMapper.builder().build().readValue(text(result), Map.class)).isEqualTo(result.structuredContent())
			.containsKey("truncated");
	}

	@Test
	void successWhenOneTextIsTooLongThenCutsItWithANote() {
		CallToolResult result = this.results.success(Reply.of("x".repeat(30_000), Map.of()), Format.TEXT);

		assertThat(text(result)).hasSize(ToolResults.CHARACTER_LIMIT).contains("[Truncated: ").endsWith("name one object.]");
	}

	@Test
	void failureIsAnErrorResultWithTheMessage() {
		CallToolResult result = this.results.failure("Could not do it: because.");

		assertThat(result.isError()).isTrue();
		assertThat(text(result)).isEqualTo("Could not do it: because.");
	}

	private static String text(CallToolResult result) {
		return ((TextContent) result.content().get(0)).text();
	}

}
