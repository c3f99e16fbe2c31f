package io.github.mcpplatform.gateway.backend;

import java.util.List;

import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.Tool;

/**
 * What one backend offers, under its own names: each list is empty when the backend does not declare the
 * capability.
 */
public record Catalog(List<Tool> tools, List<Resource> resources, List<ResourceTemplate> resourceTemplates,
		List<Prompt> prompts) {

	public static final Catalog EMPTY = new Catalog(List.of(), List.of(), List.of(), List.of());

	public Catalog {
		tools = List.copyOf(tools);
		resources = List.copyOf(resources);
		resourceTemplates = List.copyOf(resourceTemplates);
		prompts = List.copyOf(prompts);
	}

	Catalog withTools(List<Tool> tools) {
		return new Catalog(tools, this.resources, this.resourceTemplates, this.prompts);
	}

	Catalog withResources(List<Resource> resources, List<ResourceTemplate> resourceTemplates) {
		return new Catalog(this.tools, resources, resourceTemplates, this.prompts);
	}

	Catalog withPrompts(List<Prompt> prompts) {
		return new Catalog(this.tools, this.resources, this.resourceTemplates, prompts);
	}

}
