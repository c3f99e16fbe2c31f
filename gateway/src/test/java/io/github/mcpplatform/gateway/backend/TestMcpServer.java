package io.github.mcpplatform.gateway.backend;

import java.io.IOException;
import java.net.ServerSocket;
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
 * A real MCP server (the Java SDK's, over streamable HTTP) on loopback, whose HTTP listener can be stopped
 * and started again on the same port to play a backend that goes down and comes back.
 */
final class TestMcpServer implements AutoCloseable {

	private final WebFluxStreamableServerTransportProvider transport = WebFluxStreamableServerTransportProvider.builder()
		.messageEndpoint("/mcp")
		.build();

	private final McpAsyncServer server;

	private final int port;

	private DisposableServer http;

	TestMcpServer(List<String> tools) throws IOException {
		this.server = McpServer.async(this.transport)
			.serverInfo("test-backend", "1.0.0")
			.capabilities(ServerCapabilities.builder().tools(true).build())
			.tools(tools.stream().map(TestMcpServer::tool).toList())
			.build();
		try (ServerSocket socket = new ServerSocket(0)) {
			this.port = socket.getLocalPort();
		}
		start();
	}

	void start() {
		this.http = HttpServer.create()
			.host("127.0.0.1")
			.port(this.port)
			.handle(new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(this.transport.getRouterFunction())))
			.bindNow();
	}

	void stop() {
		this.http.disposeNow();
	}

	void addTool(String name) {
		this.server.addTool(tool(name)).block();
	}

	String url() {
		return "http://127.0.0.1:" + this.port + "/mcp";
	}

	private static AsyncToolSpecification tool(String name) {
		return AsyncToolSpecification.builder()
			.tool(Tool.builder().name(name).description("test tool " + name).inputSchema(Map.of("type", "object")).build())
			.callHandler((exchange, request) -> Mono.just(CallToolResult.builder().addTextContent(name).build()))
			.build();
	}

	@Override
	public void close() {
		this.http.disposeNow();
		this.server.closeGracefully().block();
	}

}
