package io.github.mcpplatform.gateway.backend;

import java.net.URI;
import java.util.function.Supplier;

import org.springframework.ai.mcp.client.webflux.transport.WebFluxSseClientTransport;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.BackendTransport;
import io.modelcontextprotocol.client.transport.DefaultSseMessageEndpointValidator;
import io.modelcontextprotocol.spec.McpClientTransport;
import reactor.core.publisher.Mono;

/**
 * The MCP client transport of the gateway's own catalog session with a backend, of the kind the backend declares:
 * streamable HTTP ({@link StreamableHttpTransports}), or the legacy HTTP+SSE transport (MCP 2024-11-05) through
 * Spring AI's {@link WebFluxSseClientTransport}, whose message endpoint must be on the url's own origin.
 */
public final class CatalogTransports {

	private CatalogTransports() {
	}

	/** A transport without credentials, for backends that do not check who calls. */
	public static McpClientTransport to(BackendDefinition backend) {
		return backend.transport() instanceof BackendTransport.Sse ? sse(backend, WebClient.builder())
				: StreamableHttpTransports.to(backend);
	}

	/** A transport that sends the backend's credential, fetched afresh, with every request. */
	public static McpClientTransport to(BackendDefinition backend, Supplier<Mono<BackendCredential>> credential) {
		return backend.transport() instanceof BackendTransport.Sse
				? sse(backend, WebClient.builder().filter(BackendCredentials.sending(credential)))
				: StreamableHttpTransports.to(backend, credential);
	}

	private static McpClientTransport sse(BackendDefinition backend, WebClient.Builder web) {
		URI url = backend.url();
		String origin = url.getScheme() + "://" + url.getRawAuthority();
		String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
		return WebFluxSseClientTransport.builder(web.baseUrl(origin))
			.sseEndpoint(url.getRawQuery() == null ? path : path + "?" + url.getRawQuery())
			.messageEndpointValidator(new DefaultSseMessageEndpointValidator())
			.build();
	}

}
