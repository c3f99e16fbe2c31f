package io.github.mcpplatform.cnpg.server;

import java.time.Clock;

import org.springframework.ai.mcp.customizer.McpAsyncServerCustomizer;
import org.springframework.ai.mcp.server.webflux.transport.WebFluxStreamableServerTransportProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.mcpplatform.cnpg.kube.Impersonation;
import io.github.mcpplatform.cnpg.kube.KubernetesConnection;
import io.github.mcpplatform.cnpg.security.AuthProperties;

/** MCP server settings that depend on how the backend runs. */
@Configuration(proxyBeanMethods = false)
class ServerConfiguration {

	@Bean
	McpAsyncServerCustomizer instructionsCustomizer(KubernetesConnection connection, Impersonation impersonation) {
		// Our own validation gives specific messages and lists every problem at once; the SDK's generic
		// schema check would answer first with a less helpful one.
		return spec -> spec.instructions(ServerInstructions.of(connection, impersonation.enabled()))
			.validateToolInputs(false);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnProperty(name = "spring.ai.mcp.server.stdio", havingValue = "false", matchIfMissing = true)
	SessionReaper sessionReaper(WebFluxStreamableServerTransportProvider transport, McpSessionProperties properties,
			@Value("${spring.ai.mcp.server.streamable-http.mcp-endpoint:/mcp}") String endpoint) {
		return new SessionReaper(transport, endpoint, properties, Clock.systemUTC());
	}

	@Bean
	StartupBanner startupBanner(KubernetesConnection connection, AuthProperties auth) {
		return new StartupBanner(connection, auth);
	}

}
