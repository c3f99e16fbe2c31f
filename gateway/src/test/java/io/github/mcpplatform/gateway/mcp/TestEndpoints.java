package io.github.mcpplatform.gateway.mcp;

import java.time.Clock;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunctions;

import io.github.mcpplatform.gateway.backend.BackendForwarder;
import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.identity.BackendTokens;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.identity.SigningKeys;
import io.github.mcpplatform.gateway.session.InMemorySessionStore;
import io.github.mcpplatform.gateway.resourceserver.LocalUserFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Serves an MCP endpoint on loopback with every request made by one user, as the resource server would, and
 * with the {@link DirectPath} in front of it, as in the gateway.
 */
final class TestEndpoints {

	/** The {@code _meta} every stateless (2026-07-28) request carries, for a client that declares no capabilities. */
	static final String STATELESS_ENVELOPE = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
			+ "\"io.modelcontextprotocol/clientCapabilities\":{}}";

	private TestEndpoints() {
	}

	/**
	 * The endpoint most tests serve: one replica, sessions in memory, the gateway's JWT (signed with a key of
	 * this process) for every backend that declares no other credential.
	 */
	static McpEndpoint endpoint(BackendRegistry registry) {
		return new McpEndpoint("/mcp", registry, new BackendForwarder(new ReactorClientHttpConnector()),
				new InMemorySessionStore(), new BackendTokens(SigningKeys.load(null), "http://gateway.test", Clock.systemUTC()),
				64 * 1024);
	}

	static DisposableServer serve(McpEndpoint endpoint, String user) {
		return serve(endpoint, GatewayUser.named(user, "http://gateway.test"));
	}

	static DisposableServer serve(McpEndpoint endpoint, GatewayUser user) {
		LocalUserFilter caller = new LocalUserFilter(user);
		HttpHandler full = RouterFunctions.toHttpHandler(endpoint.routes(), HandlerStrategies.builder().webFilter(caller).build());
		return HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle(new ReactorHttpHandlerAdapter(new DirectPath(endpoint, caller, new SimpleMeterRegistry()).apply(full)))
			.bindNow();
	}

}
