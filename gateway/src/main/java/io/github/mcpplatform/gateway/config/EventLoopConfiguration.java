package io.github.mcpplatform.gateway.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.reactor.netty.autoconfigure.ReactorNettyProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

import reactor.netty.resources.LoopResources;

/**
 * The event loops of the gateway's HTTP server, which also call backends from the loop that serves the
 * client ({@link io.github.mcpplatform.gateway.backend.ColocatedConnector}): one per CPU the process may use,
 * unless {@code gateway.event-loops} says otherwise.
 * <p>
 * Reactor Netty's own default is at least four loops, whatever the CPUs. On a replica with one or two CPUs
 * the loops then take turns on them, each wakes for fewer events and goes back to {@code epoll_wait} more
 * often, and a routed call costs about a fifth more CPU (docs/development.md, the gateway benchmark). Nothing
 * blocks on these loops (blocking libraries run on their own bounded schedulers), so more loops than CPUs buy
 * nothing.
 * <p>
 * The loops are this application's own, not Reactor Netty's global ones, so that they end with it. Calls to
 * backends in client sessions and OpenAPI backends' REST calls use them; clients built with
 * {@code HttpClient.create()} or {@code WebClient.create()} elsewhere (the gateway's own catalog sessions, SSE
 * channels, token exchanges, the identity provider) keep the global loops, which only start when first used.
 *
 * @see <a href="https://projectreactor.io/docs/netty/release/reference/http-server.html#event-loop-group">Reactor
 *     Netty: event loop group</a>
 */
@Configuration(proxyBeanMethods = false)
class EventLoopConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EventLoopConfiguration.class);

	/** Replaces Spring Boot's factory, which would take the global loops; keeps its shutdown quiet period. */
	@Bean
	ReactorResourceFactory reactorResourceFactory(GatewayProperties properties, ReactorNettyProperties netty) {
		int loops = count(properties.eventLoops(), Runtime.getRuntime().availableProcessors());
		log.info("{} event loops serve clients and call backends (gateway.event-loops={})", loops,
				properties.eventLoops());
		ReactorResourceFactory factory = new ReactorResourceFactory();
		factory.setUseGlobalResources(false);
		factory.setLoopResourcesSupplier(() -> LoopResources.create("gateway-http", loops, true));
		if (netty.getShutdownQuietPeriod() != null) {
			factory.setShutdownQuietPeriod(netty.getShutdownQuietPeriod());
		}
		return factory;
	}

	/** The setting, or with 0 the processors this JVM may use (container-aware since JDK 10), at least one. */
	static int count(int configured, int availableProcessors) {
		return configured > 0 ? configured : Math.max(1, availableProcessors);
	}

}
