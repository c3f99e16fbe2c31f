package io.github.mcpplatform.cnpg.server;

import org.springframework.ai.mcp.customizer.McpAsyncServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.mcpplatform.cnpg.kube.KubernetesConnection;

/** MCP server settings that depend on how the backend runs. */
@Configuration(proxyBeanMethods = false)
class ServerConfiguration {

	@Bean
	McpAsyncServerCustomizer instructionsCustomizer(KubernetesConnection connection) {
		// Our own validation gives specific messages and lists every problem at once; the SDK's generic
		// schema check would answer first with a less helpful one.
		return spec -> spec.instructions(ServerInstructions.of(connection)).validateToolInputs(false);
	}

	@Bean
	StartupBanner startupBanner(KubernetesConnection connection) {
		return new StartupBanner(connection);
	}

}
