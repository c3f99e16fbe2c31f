package io.github.mcpplatform.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.mcp.client.webflux.transport.WebClientStreamableHttpTransport;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.backend.BackendSettings;
import io.github.mcpplatform.gateway.backend.BackendStatus;
import io.github.mcpplatform.gateway.backend.CatalogTransports;
import io.github.mcpplatform.gateway.backend.TestMcpServer;
import io.github.mcpplatform.gateway.configrepo.BackendAuth;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.BackendTransport;
import io.github.mcpplatform.gateway.configrepo.LongCalls;
import io.github.mcpplatform.gateway.configrepo.ConfigSnapshot;
import io.github.mcpplatform.gateway.policy.BackendAccess;
import io.github.mcpplatform.gateway.upstream.FaultySseServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import reactor.netty.DisposableServer;

/**
 * Legacy HTTP+SSE backends behind the gateway, next to a streamable-HTTP one: what goes wrong with one SSE
 * backend stays with it.
 */
class SseBackendsTests {

	private static final BackendSettings FAST = new BackendSettings(Duration.ofMillis(300), Duration.ofMillis(500),
			Duration.ofMillis(100), Duration.ofMillis(500));

	private final FaultySseServer legacy = new FaultySseServer();

	private final FaultySseServer elsewhere = new FaultySseServer();

	private final TestMcpServer db = new TestMcpServer(List.of("get_status"));

	private BackendRegistry registry;

	private McpEndpoint endpoint;

	private DisposableServer gateway;

	private McpSyncClient client;

	@BeforeEach
	void start() {
		this.elsewhere.announce(session -> "http://localhost:" + this.elsewhere.port() + "/messages?session=" + session);
		this.registry = new BackendRegistry(new ConfigSnapshot(List.of(sse("legacy", this.legacy.url()),
				sse("elsewhere", this.elsewhere.url()), new BackendDefinition("db", URI.create(this.db.url()), "pg", true,
						Duration.ofSeconds(5), null, "backends.yaml:8"))), FAST, CatalogTransports::to).start();
		this.endpoint = TestEndpoints.endpoint(this.registry);
		this.gateway = TestEndpoints.serve(this.endpoint, "local");
		this.client = McpClient.sync(WebClientStreamableHttpTransport
			.builder(WebClient.builder().baseUrl("http://127.0.0.1:" + this.gateway.port())).endpoint("/mcp").build())
			.requestTimeout(Duration.ofSeconds(10))
			.build();
		this.client.initialize();
		await().atMost(Duration.ofMinutes(1)).until(() -> this.client.listTools().tools().stream().map(Tool::name).toList()
			.containsAll(List.of("legacy_echo", "pg_get_status")));
	}

	@AfterEach
	void stop() {
		this.client.closeGracefully();
		this.gateway.disposeNow();
		this.registry.close();
		this.legacy.close();
		this.elsewhere.close();
		this.db.close();
	}

	@Test
	void closeWhenTheGatewayStopsThenTheSseConnectionsOfItsSessionsAreClosed() {
		assertThat(this.client.callTool(new CallToolRequest("legacy_echo", Map.of())).content())
			.containsExactly(new TextContent("echo"));
		// The catalog's connection (the registry's) and this client session's.
		int open = this.legacy.open();

		this.endpoint.close();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.legacy.open() == open - 1);
	}

	@Test
	void listWhenABackendAnnouncesItsEndpointOnAnotherHostThenItIsDownAndTheOthersAreListed() {
		assertThat(this.client.listTools().tools()).extracting(Tool::name).noneMatch(name -> name.startsWith("elsewhere_"))
			.contains("legacy_echo", "legacy_drop", "pg_get_status");
		assertThat(this.registry.statuses()).filteredOn(status -> status.backend().equals("elsewhere"))
			.extracting(BackendStatus::state)
			.containsExactly(BackendStatus.State.DOWN);
	}

	@Test
	void callWhenTheSseBackendDropsMidCallThenThatCallIsAToolErrorTheOtherBackendIsUntouchedAndTheNextCallReconnects() {
		int before = this.legacy.connections();

		assertThat(this.client.callTool(new CallToolRequest("pg_get_status", Map.of())).content())
			.containsExactly(new TextContent("get_status"));
		// After the call's answer started (a log message came): a tool error that says the work may be done.
		CallToolResult dropped = this.client.callTool(new CallToolRequest("legacy_drop", Map.of()));
		assertThat(dropped.isError()).isTrue();
		assertThat(((TextContent) dropped.content().get(0)).text())
			.startsWith("Backend 'legacy' accepted the request but the connection to it broke before its answer ended.");

		assertThat(this.client.callTool(new CallToolRequest("pg_get_status", Map.of())).content())
			.containsExactly(new TextContent("get_status"));
		assertThat(this.client.callTool(new CallToolRequest("legacy_echo", Map.of())).content())
			.containsExactly(new TextContent("echo"));
		// A new connection after the drop: the catalog session's own was not dropped.
		assertThat(this.legacy.connections()).isGreaterThan(before);
	}

	@Test
	void callWhenTheSseBackendSendsGarbageThenThatCallIsAToolErrorAndTheOtherBackendIsUntouched() {
		// Before the call's answer started, yet after its request was sent: a tool error that says what happened.
		CallToolResult failed = this.client.callTool(new CallToolRequest("legacy_garbage", Map.of()));
		assertThat(failed.isError()).isTrue();
		assertThat(((TextContent) failed.content().get(0)).text()).startsWith("Backend 'legacy' sent an event that is not JSON.");

		assertThat(this.client.callTool(new CallToolRequest("pg_get_status", Map.of())).content())
			.containsExactly(new TextContent("get_status"));
		assertThat(this.client.callTool(new CallToolRequest("legacy_echo", Map.of())).content())
			.containsExactly(new TextContent("echo"));
	}

	private static BackendDefinition sse(String name, String url) {
		return new BackendDefinition(name, URI.create(url), name, true, Duration.ofSeconds(5), LongCalls.DEFAULT, null, BackendAccess.EVERYONE,
				BackendAuth.GATEWAY_JWT, BackendTransport.SSE, "backends.yaml:2");
	}

}
