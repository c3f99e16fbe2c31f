package io.github.mcpplatform.cnpg.tools;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.mcpplatform.cnpg.output.Reply;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import reactor.core.publisher.Mono;

/**
 * A tool as data: its name, what it is for, its hints and parameters, and a handler that receives
 * validated arguments.
 */
record CnpgTool(String name, String title, String description, Hints hints, List<Param<?>> params, Handler handler) {

	/** Does the work of one validated call. */
	@FunctionalInterface
	interface Handler {

		Mono<Reply> handle(ToolCall call);

	}

	Tool toMcpTool() {
		Map<String, Object> properties = new LinkedHashMap<>();
		this.params.forEach(p -> properties.put(p.name(), p.schema()));
		Map<String, Object> schema = new LinkedHashMap<>();
		schema.put("type", "object");
		schema.put("properties", properties);
		schema.put("required", this.params.stream().filter(Param::required).map(Param::name).toList());
		schema.put("additionalProperties", false);
		return Tool.builder()
			.name(this.name)
			.title(this.title)
			.description(this.description)
			.inputSchema(schema)
			.annotations(this.hints.toAnnotations(this.title))
			.build();
	}

}
