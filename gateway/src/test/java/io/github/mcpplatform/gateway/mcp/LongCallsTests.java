package io.github.mcpplatform.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.ai.mcp.client.webflux.transport.WebClientStreamableHttpTransport;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.backend.BackendSettings;
import io.github.mcpplatform.gateway.backend.StreamableHttpTransports;
import io.github.mcpplatform.gateway.backend.TestMcpServer;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.BackendTransport;
import io.github.mcpplatform.gateway.configrepo.ConfigSnapshot;
import io.github.mcpplatform.gateway.configrepo.LongCalls;
import io.github.mcpplatform.gateway.configrepo.BackendAuth;
import io.github.mcpplatform.gateway.policy.BackendAccess;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/**
 * Calls that take long: the backend's {@code timeout} bounds only the wait for its answer to start, a call it
 * accepted may run up to its {@code max-call-duration}, and a call that fails once it may have arrived says so
 * (the work may be done) instead of that it did not reach the backend.
 */
class LongCallsTests {

	private static final BackendSettings FAST = new BackendSettings(Duration.ofMillis(200), Duration.ofMillis(500),
			Duration.ofMillis(100), Duration.ofMillis(500));

	private static TestMcpServer backend;

	private static BackendRegistry registry;

	private static DisposableServer gateway;

	private static McpAsyncClient client;

	private static final List<ProgressNotification> progress = new CopyOnWriteArrayList<>();

	@BeforeAll
	static void start() {
		backend = new TestMcpServer(List.of("work"));
		// Answers must start within 3 s; accepted calls may run 1.5 s, but the work tool 10 s.
		BackendDefinition ops = new BackendDefinition("ops", URI.create(backend.url()), "ops", true, Duration.ofSeconds(3),
				new LongCalls(Duration.ofMillis(1500), Map.of("work", Duration.ofSeconds(10))), null, BackendAccess.EVERYONE,
				BackendAuth.GATEWAY_JWT, BackendTransport.STREAMABLE_HTTP, "test:1");
		BackendDefinition tight = new BackendDefinition("tight", URI.create(backend.url()), "tight", true,
				Duration.ofSeconds(3), new LongCalls(Duration.ofSeconds(1), Map.of()), null, BackendAccess.EVERYONE,
				BackendAuth.GATEWAY_JWT, BackendTransport.STREAMABLE_HTTP, "test:2");
		registry = new BackendRegistry(new ConfigSnapshot(List.of(ops, tight)), FAST, StreamableHttpTransports::to).start();
		registry.catalogChanges().filter(catalog -> catalog.tools().size() == 2).blockFirst(Duration.ofSeconds(30));
		gateway = TestEndpoints.serve(TestEndpoints.endpoint(registry), "local");
		client = McpClient
			.async(WebClientStreamableHttpTransport.builder(WebClient.builder().baseUrl("http://127.0.0.1:" + gateway.port()))
				.endpoint("/mcp")
				.build())
			.requestTimeout(Duration.ofSeconds(15))
			.progressConsumer(notification -> Mono.fromRunnable(() -> progress.add(notification)))
			.build();
		client.initialize().block(Duration.ofSeconds(5));
	}

	@AfterAll
	static void stop() {
		client.closeGracefully().onErrorComplete().block(Duration.ofSeconds(5));
		gateway.disposeNow();
		registry.close();
		backend.close();
	}

	@Test
	void aCallThatReportsProgressRunsPastTheBackendTimeoutUpToItsToolsOwnBound() {
		CallToolResult result = client.callTool(work("ops_work", 4000, "long")).block(Duration.ofSeconds(15));

		assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
		assertThat(text(result)).isEqualTo("worked 4000 ms");
		assertThat(progress).filteredOn(notification -> "long".equals(notification.progressToken())).hasSizeGreaterThan(5);
	}

	@Test
	void aCallStillWorkingAtItsBoundEndsWithAnErrorSayingTheWorkMayBeDone() {
		CallToolResult result = client.callTool(work("tight_work", 3000, "cut")).block(Duration.ofSeconds(10));

		assertThat(result.isError()).isTrue();
		assertThat(text(result)).startsWith("Backend 'tight' accepted the request but was still working on it after 1 s, "
				+ "the longest a call to it may run.")
			.contains("check the current state")
			.doesNotContain("did not reach");
	}

	@Test
	void aCallWhoseAnswerDoesNotStartInTimeSaysItMayHaveArrivedNotThatItDidNotReach() {
		// Asked for no progress, the tool sends nothing until its result: its answer starts after 4 s.
		CallToolResult result = client.callTool(new CallToolRequest("tight_work", Map.of("millis", 4000)))
			.block(Duration.ofSeconds(10));

		assertThat(result.isError()).isTrue();
		assertThat(text(result)).startsWith("Backend 'tight' did not start answering within 3000 ms. It may have received "
				+ "the request and done the work")
			.doesNotContain("did not reach");
	}

	private static CallToolRequest work(String tool, int millis, String token) {
		return new CallToolRequest(tool, Map.of("millis", millis), Map.of("progressToken", token));
	}

	private static String text(CallToolResult result) {
		return ((TextContent) result.content().get(0)).text();
	}

}
