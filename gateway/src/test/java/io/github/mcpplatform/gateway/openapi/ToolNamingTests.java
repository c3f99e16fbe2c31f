package io.github.mcpplatform.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.github.mcpplatform.gateway.protocol.ToolNames;

/**
 * Tool names from operations: in the characters clients take, within the gateway's budget so that the merged name
 * is never rehashed, told apart when two operations would share one, and made from the operation alone.
 */
class ToolNamingTests {

	@Test
	void anOperationIdIsTheNameInTheCharactersClientsTake() {
		assertThat(ToolNaming.name("getPetById", "GET", "/pet/{petId}", 40)).isEqualTo("getPetById");
		assertThat(ToolNaming.name("pets.list v2", "GET", "/pets", 40)).isEqualTo("pets_list_v2");
		assertThat(ToolNaming.name(null, "GET", "/pets/{id}/toys/", 40)).isEqualTo("get_pets_id_toys");
	}

	@Test
	void aLongNameIsCutWithAHashSoThatThePrefixedNameFitsAsItIs() {
		String prefix = "a-prefix-of-twenty-c";
		int budget = ToolNaming.budget(prefix);
		String id = "core_applications_entitlements_partial_update_for_a_very_long_reason";

		String name = ToolNaming.name(id, "PATCH", "/x", budget);

		assertThat(name).hasSize(budget).startsWith("core_applications").matches("[A-Za-z0-9_-]+_[0-9a-f]{8}");
		assertThat((prefix + "_" + name).length()).isEqualTo(ToolNames.MAX_LENGTH);
		assertThat(ToolNames.of(prefix, java.util.List.of(name)).asMap()).containsKey(prefix + "_" + name);
		assertThat(ToolNaming.name(id, "GET", "/elsewhere", budget)).as("the same operationId, the same name").isEqualTo(name);
	}

	@Test
	void twoOperationsWithTheSameNameAreToldApartByTheirMethodAndPath() {
		String a = ToolNaming.distinct("list", "GET", "/a", 40);
		String b = ToolNaming.distinct("list", "GET", "/b", 40);

		assertThat(a).isNotEqualTo(b).startsWith("list_").hasSize("list_".length() + 6);
		assertThat(ToolNaming.distinct("list", "GET", "/a", 40)).isEqualTo(a);
	}

}
