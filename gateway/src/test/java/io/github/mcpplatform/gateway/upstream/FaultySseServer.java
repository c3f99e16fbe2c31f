package io.github.mcpplatform.gateway.upstream;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import io.github.mcpplatform.gateway.protocol.JsonRpc;
import io.netty.handler.codec.http.QueryStringDecoder;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A legacy HTTP+SSE MCP server written by hand, to misbehave on purpose where no real server would: it can
 * announce its message endpoint on another host, and its tools {@code drop} (the stream ends mid-call),
 * {@code garbage} (an event that is not JSON) and {@code huge} (a message of {@code hugeBytes}) do what they say;
 * {@code echo} answers properly. Everything else a client needs (initialize, tools/list, ping) works.
 */
public final class FaultySseServer implements AutoCloseable {

	private final Map<Integer, Sinks.Many<String>> streams = new ConcurrentHashMap<>();

	private final AtomicInteger connections = new AtomicInteger();

	private final DisposableServer http;

	private volatile IntFunction<String> endpoint = session -> "/messages?session=" + session;

	private volatile int hugeBytes = 1024;

	public FaultySseServer() {
		this.http = HttpServer.create().host("127.0.0.1").port(0).route(routes -> routes
			.get("/sse", (request, response) -> {
				int session = this.connections.incrementAndGet();
				Sinks.Many<String> events = Sinks.many().unicast().onBackpressureBuffer();
				this.streams.put(session, events);
				events.tryEmitNext("event: endpoint\ndata: " + this.endpoint.apply(session) + "\n\n");
				return response.header("Content-Type", "text/event-stream")
					.sendString(events.asFlux())
					.then()
					.doFinally(signal -> this.streams.remove(session, events));
			})
			.route(request -> request.uri().startsWith("/messages"), (request, response) -> {
				int session = Integer.parseInt(new QueryStringDecoder(request.uri()).parameters().get("session").get(0));
				return request.receive().aggregate().asString(StandardCharsets.UTF_8).flatMap(body -> {
					Sinks.Many<String> events = this.streams.get(session);
					if (events == null) {
						return response.status(404).send();
					}
					answer(events, (ObjectNode) JsonRpc.JSON.readTree(body));
					return response.status(202).send();
				});
			})).bindNow();
	}

	public String url() {
		return "http://127.0.0.1:" + this.http.port() + "/sse";
	}

	public int port() {
		return this.http.port();
	}

	/** What the {@code endpoint} event of each new connection says. */
	public void announce(IntFunction<String> endpoint) {
		this.endpoint = endpoint;
	}

	public void hugeBytes(int bytes) {
		this.hugeBytes = bytes;
	}

	/** How many SSE connections were opened since the start. */
	public int connections() {
		return this.connections.get();
	}

	/** How many SSE connections are open now. */
	public int open() {
		return this.streams.size();
	}

	private void answer(Sinks.Many<String> events, ObjectNode message) {
		JsonNode id = message.get("id");
		String method = message.path("method").asString("");
		if (id == null) {
			return;
		}
		switch (method) {
			case "initialize" -> send(events, JsonRpc.result(id, Map.of("protocolVersion",
					message.path("params").path("protocolVersion").asString("2024-11-05"), "capabilities",
					Map.of("tools", Map.of()), "serverInfo", Map.of("name", "faulty", "version", "1"))));
			case "tools/list" -> send(events, JsonRpc.result(id, Map.of("tools", java.util.List.of(
					tool("echo"), tool("drop"), tool("garbage"), tool("huge")))));
			case "tools/call" -> call(events, id, message.path("params").path("name").asString(""));
			default -> send(events, JsonRpc.result(id, Map.of()));
		}
	}

	private void call(Sinks.Many<String> events, JsonNode id, String tool) {
		switch (tool) {
			case "drop" -> {
				// Started, then gone: a log message of the call's, and the stream ends.
				send(events, JsonRpc.notification("notifications/message", Map.of("level", "info", "data", "working")));
				events.tryEmitComplete();
			}
			case "garbage" -> events.tryEmitNext("event: message\ndata: this is not json\n\n");
			case "huge" -> send(events, JsonRpc.result(id, text("x".repeat(this.hugeBytes))));
			default -> send(events, JsonRpc.result(id, text("echo")));
		}
	}

	private static Map<String, Object> text(String text) {
		return Map.of("content", java.util.List.of(Map.of("type", "text", "text", text)));
	}

	private static Map<String, Object> tool(String name) {
		return Map.of("name", name, "inputSchema", Map.of("type", "object"));
	}

	private static void send(Sinks.Many<String> events, String message) {
		events.tryEmitNext("event: message\ndata: " + message + "\n\n");
	}

	@Override
	public void close() {
		this.http.disposeNow();
	}

}
