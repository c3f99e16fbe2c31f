package io.github.mcpplatform.gateway.perbackend;

import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;

import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.backend.BackendCredentials;
import io.github.mcpplatform.gateway.identity.SessionBinding;

/**
 * The per-backend routes. One route serves every backend: the backend is looked up by name on each request,
 * so backends that come and go with the config repo need no route refresh.
 */
public final class BackendRoutes {

	/** Where the per-backend endpoints live; {@code {name}} is a backend's name in the config repo. */
	public static final String PATH = "/backends/{name}/mcp";

	private BackendRoutes() {
	}

	public static RouteLocator of(RouteLocatorBuilder builder, BackendRegistry backends, BackendCredentials credentials,
			SessionBinding sessions) {
		BackendRouteFilter filter = new BackendRouteFilter(backends, credentials, sessions);
		// The URI is replaced per request by the backend's own; this one only satisfies the route builder.
		return builder.routes()
			.route("backends", route -> route.path(PATH).filters(f -> f.filter(filter)).uri("http://backend.invalid"))
			.build();
	}

}
