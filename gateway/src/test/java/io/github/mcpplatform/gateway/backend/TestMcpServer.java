package io.github.mcpplatform.gateway.backend;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.ai.mcp.server.webflux.transport.WebFluxStreamableServerTransportProvider;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunctions;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.concurrent.GlobalEventExecutor;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A real MCP server (the Java SDK's, over streamable HTTP) on loopback, whose HTTP listener can be stopped
 * and started again on the same port to play a backend that goes down and comes back.
 */
public final class TestMcpServer implements AutoCloseable {

	private volatile String lastAuthorization;

	private volatile String toolCallAuthorization;

	private volatile String toolCallTraceparentHeader;

	private volatile Map<String, Object> toolCallMeta;

	private final java.util.Set<String> sessionIds = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private final java.util.Set<String> userIds = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private final WebFluxStreamableServerTransportProvider transport = WebFluxStreamableServerTransportProvider.builder()
		.messageEndpoint("/mcp")
		.contextExtractor(request -> {
			String authorization = request.headers().firstHeader("Authorization");
			// Requests without credentials (the gateway's own catalog session in unit tests) leave the last one be.
			if (authorization != null) {
				this.lastAuthorization = authorization;
				this.userIds.add(claim(authorization, "user_id"));
			}
			String session = request.headers().firstHeader("Mcp-Session-Id");
			if (session != null) {
				this.sessionIds.add(session);
			}
			Map<String, Object> context = new java.util.HashMap<>();
			if (authorization != null) {
				context.put("authorization", authorization);
			}
			String traceparent = request.headers().firstHeader("traceparent");
			if (traceparent != null) {
				context.put("traceparent", traceparent);
			}
			return context.isEmpty() ? McpTransportContext.EMPTY : McpTransportContext.create(context);
		})
		.build();

	private final McpAsyncServer server;

	/** The port: chosen by the system at the first start (when given as 0), kept for restarts. */
	private volatile int port;

	private DisposableServer http;

	private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

	private final AtomicInteger stalls = new AtomicInteger();

	private final AtomicInteger toolCalls = new AtomicInteger();

	/** Open listening streams (GET), by the subject of the token they came with. */
	private final Map<String, Integer> listening = new java.util.concurrent.ConcurrentHashMap<>();

	private volatile Duration stall = Duration.ZERO;

	public TestMcpServer(List<String> tools) {
		this(tools, 0);
	}

	/**
	 * A server on a given port (0: any free one), e.g. to play a backend that restarted and forgot its
	 * sessions.
	 */
	public TestMcpServer(List<String> tools, int port) {
		this(tools, port, true);
	}

	/**
	 * @param announcesChanges whether the server sends {@code list_changed} when its tools change; one that
	 *     does not plays a backend whose notification was lost
	 */
	public TestMcpServer(List<String> tools, int port, boolean announcesChanges) {
		this.server = McpServer.async(this.transport)
			.serverInfo("test-backend", "1.0.0")
			.instructions("Test backend with tools " + tools)
			.capabilities(ServerCapabilities.builder().tools(announcesChanges).resources(false, true).prompts(true).build())
			.tools(tools.stream().map(this::tool).toList())
			.resources(new AsyncResourceSpecification(Resource.builder("test://docs/readme", "readme").mimeType("text/plain").build(),
					(exchange, request) -> Mono.just(new ReadResourceResult(
							List.of(new TextResourceContents(request.uri(), "text/plain", "read " + request.uri()))))))
			.prompts(new AsyncPromptSpecification(new Prompt("greet", "Greets", List.of()),
					(exchange, request) -> Mono.just(new GetPromptResult("greeting",
							List.of(new PromptMessage(Role.USER, new TextContent("hello from " + tools)))))))
			.build();
		this.port = port;
		start();
	}

	public int port() {
		return this.port;
	}

	public void start() {
		ReactorHttpHandlerAdapter mcp = new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(this.transport.getRouterFunction()));
		this.http = HttpServer.create()
			.host("127.0.0.1")
			.port(this.port)
			.doOnConnection(connection -> this.connections.add(connection.channel()))
			.handle((request, response) -> {
				Mono<Void> handled = this.stalls.getAndUpdate(left -> Math.max(0, left - 1)) > 0
						? Mono.delay(this.stall).then(mcp.apply(request, response)) : mcp.apply(request, response);
				if (request.method() != HttpMethod.GET) {
					return handled;
				}
				String subject = subject(request.requestHeaders().get("Authorization"));
				this.listening.merge(subject, 1, Integer::sum);
				return handled.doFinally(signal -> this.listening.merge(subject, -1, Integer::sum));
			})
			.bindNow();
		// Bound by the system rather than picked before: no other process can take the port in between.
		this.port = this.http.port();
	}

	/** How many of the requests {@link #stallNext} asked to delay have not come yet. */
	public int stallsLeft() {
		return this.stalls.get();
	}

	/** The next {@code requests} requests are answered only after {@code delay}: a backend too busy to keep up. */
	public void stallNext(int requests, Duration delay) {
		this.stall = delay;
		this.stalls.set(requests);
	}

	/**
	 * Stops listening and drops every open connection, as a backend that dies does: the listener alone would
	 * leave kept-alive connections served, and the gateway's pings answered.
	 */
	public void stop() {
		this.http.disposeNow();
		this.connections.close().awaitUninterruptibly();
	}

	public void addTool(String name) {
		this.server.addTool(tool(name)).block();
	}

	/** How many listening streams (GET) are open for the user a token names as {@code sub}. */
	public int listeningStreamsOf(String subject) {
		return this.listening.getOrDefault(subject, 0);
	}

	/** The {@code sub} of a bearer JWT, read without checking it; "" when there is none. */
	private static String subject(String authorization) {
		return claim(authorization, "sub");
	}

	/** A string claim of a bearer JWT, read without checking it; "" when there is none. */
	private static String claim(String authorization, String name) {
		if (authorization == null || authorization.split("\\.").length < 2) {
			return "";
		}
		String payload = new String(java.util.Base64.getUrlDecoder().decode(authorization.split("\\.")[1]),
				java.nio.charset.StandardCharsets.UTF_8);
		java.util.regex.Matcher value = java.util.regex.Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(payload);
		return value.find() ? value.group(1) : "";
	}

	/** The Authorization header the last tool call came with: "" when it had none, null before any call. */
	public String toolCallAuthorization() {
		return this.toolCallAuthorization;
	}

	/** The W3C {@code traceparent} header the last tool call came with: "" when none, null before any call. */
	public String toolCallTraceparentHeader() {
		return this.toolCallTraceparentHeader;
	}

	/** The {@code params._meta.traceparent} of the last tool call (SEP-414): "" when none, null before any call. */
	public String toolCallTraceparentMeta() {
		Map<String, Object> meta = this.toolCallMeta;
		return meta == null ? null : String.valueOf(meta.getOrDefault("traceparent", ""));
	}

	/** The {@code user_id} of every gateway token that came with a request. */
	public java.util.Set<String> userIdsSeen() {
		return java.util.Set.copyOf(this.userIds);
	}

	/** The {@code _meta} of the last tool call as this server received it: empty when it had none. */
	public Map<String, Object> toolCallMeta() {
		return this.toolCallMeta;
	}

	/** How many tool calls have reached this server, answered or not. */
	public int toolCallsReceived() {
		return this.toolCalls.get();
	}

	/** Every MCP session id clients used with this server. */
	public java.util.Set<String> sessionIdsSeen() {
		return java.util.Set.copyOf(this.sessionIds);
	}

	/** The Authorization header of the last request that carried one, as the backend saw it. */
	public String lastAuthorization() {
		return this.lastAuthorization;
	}

	public String url() {
		return "http://127.0.0.1:" + this.port + "/mcp";
	}

	/**
	 * A tool that answers its own name; a tool named {@code ask} asks the user first (elicitation), one named
	 * {@code slow} takes 1.5 seconds ({@code slower} 5), one named {@code fail} answers with {@code isError: true},
	 * and one named {@code work} works for {@code millis} (argument), reporting progress every 200 ms to a caller
	 * that asked for it.
	 */
	private AsyncToolSpecification tool(String name) {
		return AsyncToolSpecification.builder()
			.tool(Tool.builder().name(name).description("test tool " + name).inputSchema(Map.of("type", "object")).build())
			.callHandler((exchange, request) -> {
				this.toolCalls.incrementAndGet();
				Object authorization = exchange.transportContext().get("authorization");
				this.toolCallAuthorization = authorization == null ? "" : authorization.toString();
				Object header = exchange.transportContext().get("traceparent");
				this.toolCallTraceparentHeader = header == null ? "" : header.toString();
				this.toolCallMeta = request.meta() == null ? Map.of() : Map.copyOf(request.meta());
				if ("work".equals(name)) {
					return work(exchange, request);
				}
				return "ask".equals(name)
						? exchange.createElicitation(ElicitFormRequest.builder("Your name?", Map.of("type", "object",
								"properties", Map.of("name", Map.of("type", "string")))).build())
							.map(answer -> CallToolResult.builder().addTextContent("hello " + answer.content().get("name")).build())
						: Mono.delay(Duration.ofMillis("slow".equals(name) ? 1500 : "slower".equals(name) ? 5000 : 0))
							.thenReturn(CallToolResult.builder().addTextContent(name).isError("fail".equals(name)).build());
			})
			.build();
	}

	private static Mono<CallToolResult> work(io.modelcontextprotocol.server.McpAsyncServerExchange exchange,
			io.modelcontextprotocol.spec.McpSchema.CallToolRequest request) {
		long millis = ((Number) request.arguments().getOrDefault("millis", 2000)).longValue();
		Object token = request.progressToken();
		return reactor.core.publisher.Flux.interval(Duration.ofMillis(200))
			.take(Duration.ofMillis(millis))
			.concatMap(tick -> token == null ? Mono.empty()
					: exchange.progressNotification(new io.modelcontextprotocol.spec.McpSchema.ProgressNotification(token,
							(tick + 1) * 200.0, (double) millis, "working")))
			.then(Mono.just(CallToolResult.builder().addTextContent("worked " + millis + " ms").build()));
	}

	@Override
	public void close() {
		stop();
		this.server.closeGracefully().block();
	}

}
