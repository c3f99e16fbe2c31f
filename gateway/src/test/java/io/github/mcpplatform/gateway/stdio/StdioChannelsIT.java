package io.github.mcpplatform.gateway.stdio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.BackendTransport.EnvValue;
import io.github.mcpplatform.gateway.configrepo.BackendTransport.Sharing;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.upstream.BackendChannel;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * stdio backends with a real third-party server, {@code @modelcontextprotocol/server-everything} in stdio mode
 * (installed into {@code e2e/} by the build before the integration tests): the catalog session through the MCP Java
 * SDK, client sessions sharing one process, per-user processes, and the processes' end.
 */
class StdioChannelsIT {

	private static final GatewayUser ANN = new GatewayUser("ann-1", "https://idp.example", "ann", "ann@example.com",
			List.of("dev", "dba"));

	private static final GatewayUser BOB = GatewayUser.named("bob", "https://idp.example");

	private final StdioChannels channels = new StdioChannels(StdioSettings.defaults(true), System::getenv,
			GatewayUser.named("mcp-gateway", "http://gateway"));

	@AfterEach
	void stop() {
		this.channels.close();
	}

	@Test
	void theCatalogSessionListsAndCallsToolsThroughTheSupervisedProcess() {
		BackendDefinition everything = TestStdio.everything("everything", Sharing.SHARED, Map.of());
		McpAsyncClient catalog = McpClient.async(this.channels.catalogTransport(everything)).requestTimeout(Duration.ofSeconds(20)).build();
		try {
			catalog.initialize().block(Duration.ofSeconds(30));

			assertThat(catalog.listTools().block(Duration.ofSeconds(10)).tools()).extracting(Tool::name)
				.contains("echo", "get-env", "trigger-long-running-operation");
			assertThat(((TextContent) catalog.callTool(new CallToolRequest("echo", Map.of("message", "hi")))
				.block(Duration.ofSeconds(10)).content().get(0)).text()).isEqualTo("Echo: hi");
			assertThat(this.channels.pids("everything")).hasSize(1);
		}
		finally {
			catalog.closeGracefully().block(Duration.ofSeconds(5));
		}
	}

	@Test
	void twoSessionsOnASharedProcessUseTheSameRequestIdsAndEachGetsItsOwnAnswerAndProgress() {
		BackendDefinition everything = TestStdio.everything("everything", Sharing.SHARED, Map.of());
		BackendChannel ann = channel(everything, "session-a", ANN);
		BackendChannel bob = channel(everything, "session-b", BOB);

		ObjectNode annCall = TestStdio.call(1, "trigger-long-running-operation", Map.of("duration", 1, "steps", 2), "token");
		ObjectNode bobCall = TestStdio.call(1, "echo", Map.of("message", "bob's"), "token");
		Mono<List<ObjectNode>> annSees = untilAnswer(ann, 1);
		Mono<List<ObjectNode>> bobSees = untilAnswer(bob, 1);
		Flux.merge(ann.send(annCall), bob.send(bobCall)).blockLast(Duration.ofSeconds(10));
		List<ObjectNode> annMessages = annSees.block(Duration.ofSeconds(20));
		List<ObjectNode> bobMessages = bobSees.block(Duration.ofSeconds(20));

		assertThat(annMessages).filteredOn(m -> "notifications/progress".equals(m.path("method").asString(null)))
			.hasSize(2)
			.allSatisfy(progress -> assertThat(progress.path("params").path("progressToken").asString()).isEqualTo("token"));
		assertThat(annMessages.get(annMessages.size() - 1).path("result").toString()).contains("Long running operation completed");
		// Besides what every session hears (the process's list changes), bob hears only his answer.
		assertThat(bobMessages).filteredOn(m -> !m.path("method").asString("").endsWith("/list_changed")).singleElement()
			.satisfies(answer -> {
				assertThat(answer.path("id").asInt()).isEqualTo(1);
				assertThat(answer.path("result").toString()).contains("Echo: bob's");
			});
		assertThat(this.channels.pids("everything")).hasSize(1);
	}

	@Test
	void perUserProcessesAreOnePerUserAndKnowWhoTheUserIsButNotTheGatewaysEnvironment() {
		BackendDefinition everything = TestStdio.everything("mine", Sharing.PER_USER,
				Map.of("LOG_LEVEL", new EnvValue.Literal("debug"), "API_TOKEN", new EnvValue.FromEnvironment("X", "from-env")));

		String annEnv = env(channel(everything, "session-a", ANN));
		String bobEnv = env(channel(everything, "session-b", BOB));

		assertThat(this.channels.pids("mine")).hasSize(2);
		assertThat(annEnv).contains("\"MCP_GATEWAY_USER_ID\": \"ann-1\"", "\"MCP_GATEWAY_USER_EMAIL\": \"ann@example.com\"",
				"\"MCP_GATEWAY_USER_GROUPS\": \"dev,dba\"", "\"LOG_LEVEL\": \"debug\"", "\"API_TOKEN\": \"from-env\"");
		assertThat(bobEnv).contains("\"MCP_GATEWAY_USER_ID\": \"" + BOB.id() + "\"").doesNotContain("ann-1");
		// Of the gateway's own environment, only PATH, HOME and the locale are passed on.
		assertThat(annEnv).doesNotContain("JAVA_HOME", "MAVEN");
	}

	@Test
	void removingTheBackendFromTheConfigStopsItsProcess() {
		BackendDefinition everything = TestStdio.everything("everything", Sharing.SHARED, Map.of());
		channel(everything, "session-a", ANN);
		long pid = this.channels.pids("everything").get(0);
		assertThat(ProcessHandle.of(pid)).hasValueSatisfying(process -> assertThat(process.isAlive()).isTrue());

		this.channels.retain(List.of());

		await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == false);
		assertThat(this.channels.pids("everything")).isEmpty();
	}

	@Test
	void shuttingDownStopsEveryProcess() {
		channel(TestStdio.everything("one", Sharing.SHARED, Map.of()), "session-a", ANN);
		channel(TestStdio.everything("two", Sharing.PER_USER, Map.of()), "session-a", ANN);
		List<Long> pids = List.of(this.channels.pids("one").get(0), this.channels.pids("two").get(0));

		this.channels.close();

		assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse());
	}

	private BackendChannel channel(BackendDefinition backend, String session, GatewayUser user) {
		return this.channels.channel(backend, TestStdio.session(session), user).block(Duration.ofSeconds(30));
	}

	private static String env(BackendChannel channel) {
		Mono<List<ObjectNode>> answer = untilAnswer(channel, 7);
		channel.send(TestStdio.call(7, "get-env", Map.of(), null)).block(Duration.ofSeconds(5));
		List<ObjectNode> messages = answer.block(Duration.ofSeconds(10));
		return messages.get(messages.size() - 1).path("result").path("content").path(0).path("text").asString(messages.toString());
	}

	/** What the channel receives, subscribed now, up to and with the answer to request {@code id}. */
	static Mono<List<ObjectNode>> untilAnswer(BackendChannel channel, int id) {
		Mono<List<ObjectNode>> messages = channel.received()
			.takeUntil(m -> m.path("id").asInt(-1) == id && !m.has("method"))
			.collectList()
			.cache();
		messages.subscribe();
		return messages;
	}

}
