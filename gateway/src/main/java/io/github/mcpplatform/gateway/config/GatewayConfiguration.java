package io.github.mcpplatform.gateway.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.github.mcpplatform.gateway.auth.AuthorizationServer;
import io.github.mcpplatform.gateway.backend.BackendCredentials;
import io.github.mcpplatform.gateway.backend.BackendForwarder;
import io.github.mcpplatform.gateway.backend.ColocatedConnector;
import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.backend.BackendSettings;
import io.github.mcpplatform.gateway.backend.CatalogTransports;
import io.github.mcpplatform.gateway.configrepo.BackendTransport;
import io.github.mcpplatform.gateway.configrepo.ConfigSnapshot;
import io.github.mcpplatform.gateway.identity.BackendTokens;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.identity.SessionBinding;
import io.github.mcpplatform.gateway.identity.SignedInTokens;
import io.github.mcpplatform.gateway.identity.SigningKeys;
import io.github.mcpplatform.gateway.mcp.DirectPath;
import io.github.mcpplatform.gateway.metrics.CallMetrics;
import io.github.mcpplatform.gateway.mcp.McpEndpoint;
import io.github.mcpplatform.gateway.openapi.OpenApiBackends;
import io.github.mcpplatform.gateway.resourceserver.CallerFilter;
import io.github.mcpplatform.gateway.perbackend.BackendRoutes;
import io.github.mcpplatform.gateway.session.Continuations;
import io.github.mcpplatform.gateway.session.InMemoryContinuations;
import io.github.mcpplatform.gateway.session.InMemorySessionStore;
import io.github.mcpplatform.gateway.session.TracedSessionStore;
import io.github.mcpplatform.gateway.tracing.CallTraces;
import io.github.mcpplatform.gateway.session.RedisContinuations;
import io.github.mcpplatform.gateway.session.RedisSessionStore;
import io.github.mcpplatform.gateway.session.SessionStore;
import io.github.mcpplatform.gateway.stdio.StdioChannels;
import io.micrometer.core.instrument.MeterRegistry;

/** Wires the gateway: backends from the config repo, their connections, sessions and the MCP endpoint. */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

	private static final Logger log = LoggerFactory.getLogger(GatewayConfiguration.class);

	/** Per backend address and event loop; Reactor Netty's own default for one whole pool is 500. */
	private static final int BACKEND_CONNECTIONS_PER_LOOP = 256;

	/** The user every request runs as while {@code gateway.auth.mode=none}. */
	static final String LOCAL_USER = "local";

	/** Who the gateway is when it keeps a backend's catalog for everyone. */
	static final String SERVICE_USER = "mcp-gateway";

	@Bean
	SigningKeys signingKeys(GatewayProperties properties) {
		return SigningKeys.load(properties.identity().signingKeyFile());
	}

	@Bean
	BackendTokens backendTokens(SigningKeys keys, GatewayProperties properties) {
		return new BackendTokens(keys, properties.publicUrl().toString(), Clock.systemUTC());
	}

	/**
	 * What the gateway sends each backend to prove itself: the backend's {@code auth} in the config repo. Token
	 * exchanges start from the upstream tokens the authorization server keeps; without sign-in there are none.
	 */
	@Bean
	BackendCredentials backendCredentials(BackendTokens tokens, ObjectProvider<AuthorizationServer> authorizationServer) {
		AuthorizationServer server = authorizationServer.getIfAvailable();
		return new BackendCredentials(tokens, WebClient.create(),
				server == null ? SignedInTokens.NONE : server.signedInTokens(), Clock.systemUTC());
	}

	/**
	 * The processes of stdio backends; stopped (SIGTERM, then SIGKILL after the grace) when the context closes,
	 * after the backend registry that uses them.
	 */
	@Bean(destroyMethod = "close")
	StdioChannels stdioChannels(GatewayProperties properties) {
		return new StdioChannels(properties.backends().stdio(), System::getenv,
				GatewayUser.named(SERVICE_USER, properties.publicUrl().toString()));
	}

	/** The REST APIs the config repo declares by their OpenAPI documents, answered in the gateway's process. */
	@Bean(destroyMethod = "close")
	OpenApiBackends openApiBackends(GatewayProperties properties, ColocatedConnector connector, BackendCredentials credentials) {
		return new OpenApiBackends(properties.backends().openapi(), connector, credentials, SERVICE_USER,
				GatewayUser.named(SERVICE_USER, properties.publicUrl().toString()));
	}

	/** Starts empty: the config repo brings the backends (see {@link ConfigRepoConfiguration}). */
	@Bean(destroyMethod = "close")
	BackendRegistry backendRegistry(GatewayProperties properties, BackendCredentials credentials, StdioChannels stdio,
			OpenApiBackends openApi) {
		GatewayProperties.Backends backends = properties.backends();
		// The catalog session is the gateway's own, under its service identity; a stdio backend's is a session on
		// the process the gateway supervises, never one the SDK would start.
		return new BackendRegistry(new ConfigSnapshot(List.of()), new BackendSettings(backends.healthInterval(),
				backends.healthTimeout(), Duration.ofMillis(500), backends.maxBackoff(), backends.catalogRefresh()),
				backend -> backend.transport() instanceof BackendTransport.Stdio ? stdio.catalogTransport(backend)
						: backend.transport() instanceof BackendTransport.OpenApi ? openApi.catalogTransport(backend)
								: CatalogTransports.to(backend, () -> credentials.forService(SERVICE_USER, backend)),
				backend -> credentials.forService(SERVICE_USER, backend));
	}

	/** Shared by the Redis-backed channels (continuations, config repo signals); closed with the context. */
	@Bean
	@ConditionalOnProperty(name = "gateway.store", havingValue = "redis")
	ReactiveRedisMessageListenerContainer redisListeners(ReactiveRedisConnectionFactory connections) {
		return new ReactiveRedisMessageListenerContainer(connections);
	}

	@Bean
	SessionStore sessionStore(GatewayProperties properties, ObjectProvider<ReactiveStringRedisTemplate> redis,
			CallTraces traces) {
		SessionStore store = switch (properties.store()) {
			case MEMORY -> new InMemorySessionStore(properties.sessionIdleTimeout(), Clock.systemUTC());
			case REDIS -> new RedisSessionStore(redis.getObject(), properties.sessionIdleTimeout());
		};
		// Only with tracing on: otherwise each operation would look for a trace that is never there.
		return traces.on() ? new TracedSessionStore(store, properties.store().name().toLowerCase(Locale.ROOT)) : store;
	}

	@Bean(destroyMethod = "")
	Continuations continuations(GatewayProperties properties, ObjectProvider<ReactiveStringRedisTemplate> redis,
			ObjectProvider<ReactiveRedisMessageListenerContainer> listeners) {
		return switch (properties.store()) {
			case MEMORY -> new InMemoryContinuations();
			case REDIS -> new RedisContinuations(redis.getObject(), listeners.getObject());
		};
	}

	/**
	 * Backend connections from the event loops that serve clients, one pool per loop (see
	 * {@link ColocatedConnector}).
	 */
	@Bean(destroyMethod = "close")
	ColocatedConnector backendConnector(ReactorResourceFactory resources) {
		return new ColocatedConnector(resources.getLoopResources().onServer(true), BACKEND_CONNECTIONS_PER_LOOP);
	}

	@Bean
	BackendForwarder backendForwarder(ColocatedConnector connector) {
		return new BackendForwarder(connector);
	}

	@Bean
	McpEndpoint mcpEndpoint(BackendRegistry backends, BackendForwarder forwarder, SessionStore sessions, Continuations continuations,
			BackendCredentials credentials, SigningKeys keys, GatewayProperties properties, CallMetrics metrics,
			StdioChannels stdio, OpenApiBackends openApi) {
		return new McpEndpoint(AuthConfiguration.MCP_PATH, backends, forwarder, sessions, continuations,
				SessionBinding.from(keys), credentials, Math.toIntExact(properties.maxRequestSize().toBytes()), metrics,
				Map.of("stdio", stdio), Map.of("openapi", openApi));
	}

	@Bean
	RouterFunction<ServerResponse> mcpRoutes(McpEndpoint endpoint) {
		return endpoint.routes();
	}

	/** Routine calls to backends skip the web framework's layers; everything else takes them. */
	@Bean
	DirectPath mcpDirectPath(McpEndpoint endpoint, CallerFilter callers, MeterRegistry meters) {
		return new DirectPath(endpoint, callers, meters);
	}

	/** {@code /backends/{name}/mcp}: one backend, unmerged, through spring-cloud-gateway. */
	@Bean
	RouteLocator backendRoutes(RouteLocatorBuilder builder, BackendRegistry backends, BackendCredentials credentials,
			SigningKeys keys) {
		return BackendRoutes.of(builder, backends, credentials, SessionBinding.from(keys));
	}

	/** The public keys backends verify the gateway's tokens with. */
	@Bean
	RouterFunction<ServerResponse> jwksRoute(SigningKeys keys) {
		String jwks = keys.jwks();
		return RouterFunctions.route()
			.GET("/jwks.json", request -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(jwks))
			.build();
	}

	/**
	 * Without sign-in everyone is the same user, so the gateway must not be reachable from other machines.
	 */
	static void refuseUnauthenticatedNetworkAccess(GatewayProperties properties, Environment environment) {
		if (properties.auth().mode() != GatewayProperties.Auth.Mode.NONE) {
			return;
		}
		String address = environment.getProperty("server.address");
		boolean loopback;
		try {
			loopback = address != null && InetAddress.getByName(address).isLoopbackAddress();
		}
		catch (UnknownHostException e) {
			loopback = false;
		}
		if (!loopback) {
			throw new StartupRefusedException("gateway.auth.mode=none lets anyone who can reach the gateway act as the "
					+ "local user, so it is allowed only on loopback: set server.address=127.0.0.1 (it is "
					+ (address == null ? "unset, which means every interface" : address) + ").");
		}
	}

}
