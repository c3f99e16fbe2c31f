package io.github.mcpplatform.gateway.backend;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.protocol.ResourceUris;
import io.github.mcpplatform.gateway.protocol.ToolNames;
import io.github.mcpplatform.gateway.policy.BackendAccess;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.Tool;

/**
 * What every ready backend offers, under gateway names, and where each name leads. Tools and prompts are
 * named {@code <prefix>_<name>}; resource URIs and templates get the prefix in front of their scheme
 * ({@code <prefix>+<scheme>:...}), so every name routes back to exactly one backend.
 *
 * @param tools what {@code tools/list} answers, in backend order (the config repo's) then each backend's order
 * @param toolRoutes gateway tool name to the backend and the backend's own name
 * @param promptRoutes gateway prompt name to the backend and the backend's own name
 * @param backendsByPrefix the ready backends by prefix, to route resource URIs
 * @param restricted the ready backends that not every signed-in user may use, by name, and who may
 */
public record MergedCatalog(List<Tool> tools, List<Prompt> prompts, List<Resource> resources,
		List<ResourceTemplate> resourceTemplates, Map<String, Route> toolRoutes, Map<String, Route> promptRoutes,
		Map<String, String> backendsByPrefix, Map<String, BackendAccess> restricted) {

	/** Where a gateway name leads: a backend, and the name (or URI) that backend knows it by. */
	public record Route(String backend, String name) {
	}

	public static final MergedCatalog EMPTY = new MergedCatalog(List.of(), List.of(), List.of(), List.of(), Map.of(),
			Map.of(), Map.of(), Map.of());

	public MergedCatalog {
		tools = List.copyOf(tools);
		prompts = List.copyOf(prompts);
		resources = List.copyOf(resources);
		resourceTemplates = List.copyOf(resourceTemplates);
		toolRoutes = Map.copyOf(toolRoutes);
		promptRoutes = Map.copyOf(promptRoutes);
		backendsByPrefix = Map.copyOf(backendsByPrefix);
		restricted = Map.copyOf(restricted);
	}

	/** Merges the ready backends' catalogs; backends that are not ready contribute nothing. */
	static MergedCatalog of(List<BackendConnection> connections) {
		List<Tool> tools = new ArrayList<>();
		List<Prompt> prompts = new ArrayList<>();
		List<Resource> resources = new ArrayList<>();
		List<ResourceTemplate> templates = new ArrayList<>();
		Map<String, Route> toolRoutes = new LinkedHashMap<>();
		Map<String, Route> promptRoutes = new LinkedHashMap<>();
		Map<String, String> backendsByPrefix = new LinkedHashMap<>();
		Map<String, BackendAccess> restricted = new LinkedHashMap<>();
		for (BackendConnection connection : connections) {
			BackendStatus status = connection.status();
			if (status.state() != BackendStatus.State.READY) {
				continue;
			}
			String backend = connection.backend().name();
			String prefix = connection.backend().prefix();
			backendsByPrefix.put(prefix, backend);
			if (!connection.backend().access().isEveryone()) {
				restricted.put(backend, connection.backend().access());
			}
			Catalog catalog = status.catalog();
			prefixed(prefix, backend, catalog.tools(), Tool::name, MergedCatalog::renamed, tools, toolRoutes);
			prefixed(prefix, backend, catalog.prompts(), Prompt::name, MergedCatalog::renamed, prompts, promptRoutes);
			catalog.resources().forEach(resource -> {
				String uri = ResourceUris.toGateway(prefix, resource.uri());
				if (uri != null) {
					resources.add(new Resource(uri, resource.name(), resource.title(), resource.description(),
							resource.mimeType(), resource.size(), resource.annotations(), resource.meta(), resource.icons()));
				}
			});
			catalog.resourceTemplates().forEach(template -> {
				String uriTemplate = ResourceUris.toGateway(prefix, template.uriTemplate());
				if (uriTemplate != null) {
					templates.add(new ResourceTemplate(uriTemplate, template.name(), template.title(), template.description(),
							template.mimeType(), template.annotations(), template.meta(), template.icons()));
				}
			});
		}
		return new MergedCatalog(tools, prompts, resources, templates, toolRoutes, promptRoutes, backendsByPrefix,
				restricted);
	}

	/** Whether this user may see and use a backend of this catalog. */
	public boolean admits(String backend, GatewayUser user) {
		BackendAccess access = this.restricted.get(backend);
		return access == null || access.admits(user);
	}

	/**
	 * What this user may see: the catalog without the backends it does not admit them to (the same catalog
	 * when it admits them to all). Meant for lists; a single name is checked with {@link #admits}.
	 */
	public MergedCatalog visibleTo(GatewayUser user) {
		Set<String> hidden = new HashSet<>();
		this.restricted.forEach((backend, access) -> {
			if (!access.admits(user)) {
				hidden.add(backend);
			}
		});
		if (hidden.isEmpty()) {
			return this;
		}
		Predicate<Route> shown = route -> !hidden.contains(route.backend());
		Predicate<String> shownUri = uri -> resource(uri).filter(shown).isPresent();
		return new MergedCatalog(
				this.tools.stream().filter(tool -> shown.test(this.toolRoutes.get(tool.name()))).toList(),
				this.prompts.stream().filter(prompt -> shown.test(this.promptRoutes.get(prompt.name()))).toList(),
				this.resources.stream().filter(resource -> shownUri.test(resource.uri())).toList(),
				this.resourceTemplates.stream().filter(template -> shownUri.test(template.uriTemplate())).toList(),
				shownOnly(this.toolRoutes, (name, route) -> shown.test(route)),
				shownOnly(this.promptRoutes, (name, route) -> shown.test(route)),
				shownOnly(this.backendsByPrefix, (prefix, backend) -> !hidden.contains(backend)),
				shownOnly(this.restricted, (backend, access) -> !hidden.contains(backend)));
	}

	private static <V> Map<String, V> shownOnly(Map<String, V> map, BiPredicate<String, V> shown) {
		Map<String, V> kept = new LinkedHashMap<>();
		map.forEach((key, value) -> {
			if (shown.test(key, value)) {
				kept.put(key, value);
			}
		});
		return kept;
	}

	/** Adds one backend's named items under {@code <prefix>_<name>}, first one wins on a duplicate name. */
	private static <T> void prefixed(String prefix, String backend, List<T> items, Function<T, String> name,
			RenameFunction<T> rename, List<T> merged, Map<String, Route> routes) {
		Map<String, T> byName = new LinkedHashMap<>();
		items.forEach(item -> byName.putIfAbsent(name.apply(item), item));
		ToolNames.of(prefix, byName.keySet()).asMap().forEach((gatewayName, own) -> {
			merged.add(rename.apply(byName.get(own), gatewayName));
			routes.put(gatewayName, new Route(backend, own));
		});
	}

	private interface RenameFunction<T> {

		T apply(T item, String name);

	}

	public Optional<Route> tool(String gatewayName) {
		return Optional.ofNullable(this.toolRoutes.get(gatewayName));
	}

	public Optional<Route> prompt(String gatewayName) {
		return Optional.ofNullable(this.promptRoutes.get(gatewayName));
	}

	/** The backend that serves a gateway resource URI (or URI template), and the URI as that backend knows it. */
	public Optional<Route> resource(String gatewayUri) {
		ResourceUris.Split split = ResourceUris.fromGateway(gatewayUri);
		if (split == null) {
			return Optional.empty();
		}
		@Nullable String backend = this.backendsByPrefix.get(split.prefix());
		return backend == null ? Optional.empty() : Optional.of(new Route(backend, split.uri()));
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

	private static Prompt renamed(Prompt prompt, String name) {
		return new Prompt(name, prompt.title(), prompt.description(), prompt.arguments(), prompt.meta(), prompt.icons());
	}

}
