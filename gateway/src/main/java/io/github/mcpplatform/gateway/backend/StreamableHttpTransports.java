package io.github.mcpplatform.gateway.backend;

import java.net.URI;

import org.springframework.ai.mcp.client.webflux.transport.WebClientStreamableHttpTransport;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.modelcontextprotocol.spec.McpClientTransport;

/** MCP streamable HTTP client transports to backends. */
public final class StreamableHttpTransports {

	private StreamableHttpTransports() {
	}

	public static McpClientTransport to(BackendDefinition backend) {
		URI url = backend.url();
		String origin = url.getScheme() + "://" + url.getRawAuthority();
		String endpoint = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
		return WebClientStreamableHttpTransport.builder(WebClient.builder().baseUrl(origin)).endpoint(endpoint).build();
	}

}
