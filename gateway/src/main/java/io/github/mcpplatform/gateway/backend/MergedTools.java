package io.github.mcpplatform.gateway.backend;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.mcpplatform.gateway.mcp.ToolNames;
import io.modelcontextprotocol.spec.McpSchema.Tool;

/**
 * The tools of every ready backend under their merged names, and where each one routes to.
 *
 * @param tools what {@code tools/list} answers, in backend order (the config repo's) then each backend's order
 * @param routes merged name to the backend and the backend's own name for the tool
 */
public record MergedTools(List<Tool> tools, Map<String, Route> routes) {

	/** Where a merged tool name leads. */
	public record Route(String backend, String tool) {
	}

	public static final MergedTools EMPTY = new MergedTools(List.of(), Map.of());

	public MergedTools {
		tools = List.copyOf(tools);
		routes = Map.copyOf(routes);
	}

	/** Merges the ready backends' tools; backends that are not ready contribute nothing. */
	static MergedTools of(List<BackendConnection> connections) {
		List<Tool> tools = new ArrayList<>();
		Map<String, Route> routes = new LinkedHashMap<>();
		for (BackendConnection connection : connections) {
			BackendStatus status = connection.status();
			if (status.state() != BackendStatus.State.READY) {
				continue;
			}
			Map<String, Tool> byName = new LinkedHashMap<>();
			status.tools().forEach(tool -> byName.putIfAbsent(tool.name(), tool));
			ToolNames.of(connection.backend().prefix(), byName.keySet()).asMap().forEach((merged, own) -> {
				tools.add(renamed(byName.get(own), merged));
				routes.put(merged, new Route(connection.backend().name(), own));
			});
		}
		return new MergedTools(tools, routes);
	}

	public Optional<Route> route(String mergedName) {
		return Optional.ofNullable(this.routes.get(mergedName));
	}

	private static Tool renamed(Tool tool, String name) {
		return Tool.builder()
			.name(name)
			.title(tool.title())
			.description(tool.description())
			.inputSchema(tool.inputSchema())
			.outputSchema(tool.outputSchema())
			.annotations(tool.annotations())
			.icons(tool.icons())
			.meta(tool.meta())
			.build();
	}

}
