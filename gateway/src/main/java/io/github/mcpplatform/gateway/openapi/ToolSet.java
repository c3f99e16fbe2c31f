package io.github.mcpplatform.gateway.openapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The tools one OpenAPI document gives, as selected by the backend's entry.
 *
 * @param title the API's title ({@code info.title})
 * @param version the document's version ({@code info.version})
 * @param instructions what the API says about itself ({@code info.description}), cut short
 * @param tools the tools, in the document's order
 * @param left the operations not offered, each with why (for the log and tests)
 * @param byName the tools by name
 */
record ToolSet(String title, String version, @Nullable String instructions, List<OpenApiTool> tools, List<String> left,
		Map<String, OpenApiTool> byName) {

	ToolSet {
		tools = List.copyOf(tools);
		left = List.copyOf(left);
		byName = Map.copyOf(byName);
	}

	ToolSet(String title, String version, @Nullable String instructions, List<OpenApiTool> tools, List<String> left) {
		this(title, version, instructions, tools, left, byName(tools));
	}

	private static Map<String, OpenApiTool> byName(List<OpenApiTool> tools) {
		Map<String, OpenApiTool> byName = new LinkedHashMap<>();
		tools.forEach(tool -> byName.put(tool.name(), tool));
		return byName;
	}

}
