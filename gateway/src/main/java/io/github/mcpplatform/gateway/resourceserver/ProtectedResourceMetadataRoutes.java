package io.github.mcpplatform.gateway.resourceserver;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import reactor.core.publisher.Mono;

/**
 * Serves RFC 9728 metadata for every protected endpoint at its path-inserted well-known URL
 * ({@code /.well-known/oauth-protected-resource/mcp}), and the main endpoint's at the root well-known URL,
 * the fallback MCP clients try next. Unknown paths get a JSON 404 (some clients choke on anything else).
 */
public final class ProtectedResourceMetadataRoutes {

	private final List<ProtectedResource> resources;

	private final String mainPath;

	/**
	 * @param mainPath the endpoint whose metadata the root well-known URL returns
	 */
	public ProtectedResourceMetadataRoutes(List<ProtectedResource> resources, String mainPath) {
		this.resources = List.copyOf(resources);
		this.mainPath = mainPath;
	}

	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.GET(ProtectedResource.WELL_KNOWN, request -> metadata(this.mainPath))
			.GET(ProtectedResource.WELL_KNOWN + "/**", this::pathInserted)
			.build();
	}

	private Mono<ServerResponse> pathInserted(ServerRequest request) {
		String path = request.path().substring(ProtectedResource.WELL_KNOWN.length());
		return metadata(path);
	}

	private Mono<ServerResponse> metadata(String path) {
		return this.resources.stream()
			.filter(resource -> resource.matches(path))
			.findFirst()
			.map(resource -> ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(resource.metadata(path)))
			.orElseGet(() -> ServerResponse.status(HttpStatus.NOT_FOUND)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("error", "not_found", "error_description", "No protected resource at " + path)));
	}

}
