package io.github.mcpplatform.gateway.tracing;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A client of the gateway's MCP endpoint, as the tests of traces need it: open a session, call a tool. */
final class TestFrontClient {

	private final WebTestClient web;

	TestFrontClient(int port) {
		this.web = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(20))
			.build();
	}

	/** A new session's id. */
	String initialize() {
		return this.web.post().uri("/mcp").header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
					+ "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}")
			.exchange().expectStatus().isOk().returnResult(String.class).getResponseHeaders().getFirst("Mcp-Session-Id");
	}

	/** The answer to a call of {@code tool} with no arguments. */
	String call(String session, String tool) {
		return call(session, tool, "");
	}

	/** The answer to a call of {@code tool} with no arguments, in the client's trace (SEP-414 {@code _meta}). */
	String call(String session, String tool, String traceparent) {
		String meta = traceparent.isEmpty() ? "" : ",\"_meta\":{\"traceparent\":\"" + traceparent + "\"}";
		return this.web.post().uri("/mcp").headers(headers -> {
			headers.set("Mcp-Session-Id", session);
			headers.set("MCP-Protocol-Version", "2025-11-25");
			headers.set(HttpHeaders.CONTENT_TYPE, "application/json");
			headers.set(HttpHeaders.ACCEPT, "application/json, text/event-stream");
		})
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
					+ "\",\"arguments\":{}" + meta + "}}")
			.exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
	}

}
