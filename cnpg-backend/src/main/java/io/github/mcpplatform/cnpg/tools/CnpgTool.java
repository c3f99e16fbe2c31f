package io.github.mcpplatform.cnpg.tools;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.mcpplatform.cnpg.output.Reply;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import reactor.core.publisher.Mono;

/**
 * A tool as data: its name, what it is for, its hints and parameters, and a handler that receives
 * validated arguments.
 *
 * @param outputSchema the shape of every structured content the tool answers with when it succeeds, for
 *     tools whose answers have one; null for tools whose answers differ by path (a dry run shows a
 *     manifest, a real call the object)
 */
record CnpgTool(String name, String title, String description, Hints hints, List<Param<?>> params, Handler handler,
		@Nullable Map<String, Object> outputSchema) {

	/** Does the work of one validated call. */
	@FunctionalInterface
	interface Handler {

		Mono<Reply> handle(ToolCall call);

	}

	CnpgTool(String name, String title, String description, Hints hints, List<Param<?>> params, Handler handler) {
		this(name, title, description, hints, params, handler, null);
	}

	/** The same tool, declaring the shape of its structured content (MCP requires that content to conform). */
	CnpgTool withOutputSchema(Map<String, Object> schema) {
		return new CnpgTool(this.name, this.title, this.description, this.hints, this.params, this.handler, schema);
	}

	Tool toMcpTool() {
		Map<String, Object> properties = new LinkedHashMap<>();
		this.params.forEach(p -> {
			properties.put(p.name(), p.schema());
			if (p.alias() != null) {
				properties.put(p.alias().name(), p.aliasSchema());
			}
		});
		Map<String, Object> schema = new LinkedHashMap<>();
		schema.put("type", "object");
		schema.put("properties", properties);
		// A parameter with two spellings is required as one or the other, which a flat "required" list cannot
		// say (and some clients refuse anyOf at the top of an input schema): its description says it instead.
		schema.put("required", this.params.stream().filter(p -> p.required() && p.alias() == null).map(Param::name).toList());
		schema.put("additionalProperties", false);
		return Tool.builder()
			.name(this.name)
			.title(this.title)
			.description(this.description)
			.inputSchema(schema)
			.outputSchema(this.outputSchema)
			.annotations(this.hints.toAnnotations(this.title))
			.build();
	}

}
