package io.github.mcpplatform.gateway.training;

import java.util.List;
import java.util.Map;

import org.springframework.ai.mcp.server.webflux.transport.WebFluxStreamableServerTransportProvider;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunctions;

import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The backend of the training run: the MCP Java SDK's server over streamable HTTP on a free loopback port, with
 * one tool that answers with its {@code message} argument, as trivial as the benchmark's.
 */
final class TrainingBackend implements AutoCloseable {

	static final String TOOL = "echo";

	private final McpAsyncServer server;

	private final DisposableServer http;

	private TrainingBackend(McpAsyncServer server, DisposableServer http) {
		this.server = server;
		this.http = http;
	}

	static TrainingBackend start() {
		WebFluxStreamableServerTransportProvider transport = WebFluxStreamableServerTransportProvider.builder()
			.messageEndpoint("/mcp")
			.build();
		Tool echo = Tool.builder()
			.name(TOOL)
			.description("Answers with its message")
			.inputSchema(Map.of("type", "object", "properties", Map.of("message", Map.of("type", "string")),
					"required", List.of("message")))
			.build();
		McpAsyncServer server = McpServer.async(transport)
			.serverInfo("training-backend", "1.0.0")
			.capabilities(ServerCapabilities.builder().tools(false).build())
			.tools(AsyncToolSpecification.builder()
				.tool(echo)
				.callHandler((exchange, request) -> Mono.just(CallToolResult.builder()
					.addTextContent(String.valueOf(request.arguments().get("message")))
					.build()))
				.build())
			.build();
		DisposableServer http = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle(new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(transport.getRouterFunction())))
			.bindNow();
		return new TrainingBackend(server, http);
	}

	String url() {
		return "http://127.0.0.1:" + this.http.port() + "/mcp";
	}

	@Override
	public void close() {
		this.http.disposeNow();
		this.server.closeGracefully().block(java.time.Duration.ofSeconds(5));
	}

}
