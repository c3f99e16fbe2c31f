package io.github.mcpplatform.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ToolNamesTests {

	@Test
	void ofWhenNamesFitThenPrefixesThemAndRoutesBack() {
		ToolNames names = ToolNames.of("cnpg", List.of("list_postgres_clusters", "get-status"));

		assertThat(names.asMap()).containsOnlyKeys("cnpg_list_postgres_clusters", "cnpg_get-status");
		assertThat(names.backendName("cnpg_list_postgres_clusters")).contains("list_postgres_clusters");
		assertThat(names.backendName("cnpg_unknown")).isEmpty();
	}

	@Test
	void ofWhenANameIsTooLongThenShortensItDeterministicallyToSixtyFourCharacters() {
		String longName = "a_tool_name_that_is_much_longer_than_any_client_accepts_in_its_tool_list";

		String front = ToolNames.frontName("everything", longName);

		assertThat(front).hasSize(ToolNames.MAX_LENGTH).startsWith("everything_a_tool_name").matches("[A-Za-z0-9_-]+");
		assertThat(ToolNames.frontName("everything", longName)).isEqualTo(front);
		assertThat(ToolNames.of("everything", List.of(longName)).backendName(front)).contains(longName);
	}

	@Test
	void ofWhenLongNamesShareTheirStartThenTheyStayApart() {
		String start = "x".repeat(70);

		ToolNames names = ToolNames.of("p", List.of(start + "1", start + "2"));

		assertThat(names.asMap()).hasSize(2).allSatisfy((front, backend) -> assertThat(front).hasSizeLessThanOrEqualTo(64));
	}

	@Test
	void ofWhenNamesHaveCharactersClientsRefuseThenReplacesThemAndKeepsCollisionsApart() {
		ToolNames names = ToolNames.of("fs", List.of("files.read", "files_read", "héllo"));

		assertThat(names.asMap()).hasSize(3).containsEntry("fs_files_read", "files_read").containsValue("héllo");
		assertThat(names.asMap()).hasEntrySatisfying(ToolNames.frontName("fs", "files.read"),
				backend -> assertThat(backend).isEqualTo("files.read"));
		assertThat(ToolNames.frontName("fs", "files.read")).matches("fs_files_read_[0-9a-f]{8}");
		assertThat(names.asMap().keySet()).allSatisfy(front -> assertThat(front).matches("[A-Za-z0-9_-]{1,64}"));
	}

}
