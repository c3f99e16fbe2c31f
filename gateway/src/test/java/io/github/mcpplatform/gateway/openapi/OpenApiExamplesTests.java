package io.github.mcpplatform.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;

/**
 * The worked examples of {@code config-repo/examples/} against their real published documents (copies in the
 * test resources, since tests have no internet): the tool list they give, compared with a snapshot kept next to
 * the document. Regenerate the snapshot with {@code -DupdateSnapshots=true} after a deliberate change.
 */
class OpenApiExamplesTests {

	private static final Path EXAMPLES = Path.of("..", "config-repo", "examples");

	private static final Path SNAPSHOTS = Path.of("src", "test", "resources", "openapi");

	@TempDir
	Path root;

	private final OpenApiBackends backends = TestOpenApi.backends();

	@AfterEach
	void stop() {
		this.backends.close();
	}

	@Test
	void adGuardHomeGivesItsStatusQueryLogAndStatisticsReadOnly() throws Exception {
		JsonNode tools = tools("adguard-home");

		assertThat(tools.values()).extracting(tool -> tool.get("name").asString())
			.containsExactly("status", "queryLog", "getQueryLogConfig", "stats");
		assertThat(tools.values()).allMatch(tool -> tool.get("annotations").get("readOnlyHint").asBoolean()
				&& !tool.get("annotations").get("openWorldHint").asBoolean());
		matchesSnapshot("adguard-home", tools);
	}

	@Test
	void authentikGivesItsUsersAndApplicationsReadOnly() throws Exception {
		JsonNode tools = tools("authentik");

		assertThat(tools.values()).extracting(tool -> tool.get("name").asString())
			.containsExactly("core_applications_list", "core_applications_retrieve", "core_users_list", "core_users_retrieve");
		JsonNode type = tools.get(2).get("inputSchema").get("properties").get("type");
		assertThat(type.get("items").get("enum").values()).extracting(JsonNode::asString)
			.containsExactly("external", "internal", "internal_service_account", "service_account");
		matchesSnapshot("authentik", tools);
	}

	/** The example's tools, its spec read from the copy of the document it names. */
	private JsonNode tools(String example) throws Exception {
		String yaml = Files.readString(EXAMPLES.resolve(example + ".yaml"))
			.replaceAll("(?m)^  spec: .*$", "  spec: openapi/" + example + ".yaml");
		BackendDefinition backend = TestOpenApi.load(TestOpenApi.repo(this.root, yaml));
		return TestOpenApi.send(this.backends, backend, TestOpenApi.request(1, "tools/list", Map.of())).get("result").get("tools");
	}

	private static void matchesSnapshot(String example, JsonNode tools) throws Exception {
		Path snapshot = SNAPSHOTS.resolve(example + ".tools.json");
		String actual = JsonRpc.JSON.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(tools) + "\n";
		if (Boolean.getBoolean("updateSnapshots")) {
			Files.writeString(snapshot, actual);
		}
		assertThat(snapshot).as("run with -DupdateSnapshots=true to write it").exists();
		assertThat(actual).isEqualTo(Files.readString(snapshot));
	}

}
