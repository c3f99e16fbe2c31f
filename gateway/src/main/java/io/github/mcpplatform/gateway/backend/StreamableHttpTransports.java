package io.github.mcpplatform.gateway.backend;

import java.net.URI;
import java.util.function.Supplier;

import org.springframework.ai.mcp.client.webflux.transport.WebClientStreamableHttpTransport;
import reactor.core.publisher.Mono;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.modelcontextprotocol.spec.McpClientTransport;

/** MCP streamable HTTP client transports to backends. */
public final class StreamableHttpTransports {

	private StreamableHttpTransports() {
	}

	/** A transport without credentials, for backends that do not check who calls. */
	public static McpClientTransport to(BackendDefinition backend) {
		return to(backend, WebClient.builder());
	}

	/** A transport that sends the backend's credential, fetched afresh, with every request. */
	public static McpClientTransport to(BackendDefinition backend, Supplier<Mono<BackendCredential>> credential) {
		return to(backend, WebClient.builder().filter(BackendCredentials.sending(credential)));
	}

	private static McpClientTransport to(BackendDefinition backend, WebClient.Builder web) {
		URI url = backend.url();
		String origin = url.getScheme() + "://" + url.getRawAuthority();
		String endpoint = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
		return WebClientStreamableHttpTransport.builder(web.baseUrl(origin)).endpoint(endpoint).build();
	}

}
