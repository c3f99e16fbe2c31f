package io.github.mcpplatform.gateway.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.spec.McpSchema.ListPromptsResult;
import io.modelcontextprotocol.spec.McpSchema.ListResourceTemplatesResult;
import io.modelcontextprotocol.spec.McpSchema.ListResourcesResult;
import io.modelcontextprotocol.spec.McpSchema.ListToolsResult;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import reactor.core.publisher.Mono;

/**
 * Reads a session-era backend's catalog through the gateway's own MCP session with it, every list to its last
 * page.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/server/utilities/pagination">MCP
 *     pagination</a>
 */
final class SessionCatalogs {

	private SessionCatalogs() {
	}

	/** Everything the backend declares, each list read to its last page. */
	static Mono<Catalog> read(McpAsyncClient client, ServerCapabilities capabilities) {
		Mono<List<Tool>> tools = capabilities.tools() == null ? Mono.just(List.of())
				: all(client::listTools, ListToolsResult::tools, ListToolsResult::nextCursor);
		boolean resources = capabilities.resources() != null;
		Mono<List<Resource>> resourceList = resources
				? all(client::listResources, ListResourcesResult::resources, ListResourcesResult::nextCursor) : Mono.just(List.of());
		Mono<List<ResourceTemplate>> templates = resources ? templates(client) : Mono.just(List.of());
		Mono<List<Prompt>> prompts = capabilities.prompts() == null ? Mono.just(List.of())
				: all(client::listPrompts, ListPromptsResult::prompts, ListPromptsResult::nextCursor);
		return Mono.zip(tools, resourceList, templates, prompts)
			.map(lists -> new Catalog(lists.getT1(), lists.getT2(), lists.getT3(), lists.getT4()));
	}

	/** The backend's resource templates, all pages. */
	static Mono<List<ResourceTemplate>> templates(McpAsyncClient client) {
		return all(client::listResourceTemplates, ListResourceTemplatesResult::resourceTemplates,
				ListResourceTemplatesResult::nextCursor);
	}

	/** Reads a paginated list to its end; each subscription reads it afresh. */
	private static <P, T> Mono<List<T>> all(Function<@Nullable String, Mono<P>> page, Function<P, List<T>> items,
			Function<P, @Nullable String> next) {
		return Mono.defer(() -> {
			List<T> all = new ArrayList<>();
			return page.apply(null)
				.expand(current -> next.apply(current) == null ? Mono.empty() : page.apply(next.apply(current)))
				.doOnNext(current -> all.addAll(items.apply(current)))
				.then(Mono.fromSupplier(() -> List.copyOf(all)));
		});
	}

}
