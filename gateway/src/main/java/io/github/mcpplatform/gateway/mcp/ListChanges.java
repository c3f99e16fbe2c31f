package io.github.mcpplatform.gateway.mcp;

import java.util.ArrayList;
import java.util.List;

import io.github.mcpplatform.gateway.backend.MergedCatalog;

/** The {@code list_changed} notifications a change of the merged catalog calls for, one per list that changed. */
final class ListChanges {

	private ListChanges() {
	}

	static List<String> between(MergedCatalog before, MergedCatalog after) {
		List<String> methods = new ArrayList<>(3);
		if (!before.tools().equals(after.tools())) {
			methods.add("notifications/tools/list_changed");
		}
		if (!before.resources().equals(after.resources())
				|| !before.resourceTemplates().equals(after.resourceTemplates())) {
			methods.add("notifications/resources/list_changed");
		}
		if (!before.prompts().equals(after.prompts())) {
			methods.add("notifications/prompts/list_changed");
		}
		return methods;
	}

}
