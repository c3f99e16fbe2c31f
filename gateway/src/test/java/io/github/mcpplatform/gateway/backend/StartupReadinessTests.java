package io.github.mcpplatform.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.github.mcpplatform.gateway.GatewayApplication;

/**
 * A starting replica reports ready only once every backend has had its first connection attempt (so that its
 * first requests see the real catalog), a backend that is down does not hold it back past that attempt, and a
 * first attempt that lasts longer than {@code gateway.backends.first-connection-wait} holds it back no longer.
 */
class StartupReadinessTests {

	@TempDir
	Path configRepo;

	@Test
	void aReplicaIsReadyOnlyOnceItsSlowBackendAnsweredAndItsDownBackendWasTriedAndThenServesTheRealCatalog() throws Exception {
		try (TestMcpServer slow = new TestMcpServer(List.of("list_clusters"))) {
			slow.stallNext(1, Duration.ofSeconds(3));
			try (ConfigurableApplicationContext gateway = start(slow, "30s")) {
				WebTestClient web = web(gateway);
				assertThat(readiness(web)).as("ready while the slow backend's first attempt runs").isEqualTo(503);
				Duration took = untilReady(web, Duration.ofSeconds(20));
				String tools = toolsList(web);
				assertThat(tools).contains("slow_list_clusters");
				System.out.println("startup readiness: ready " + took.toMillis() + " ms after start");
			}
		}
	}

	@Test
	void aFirstAttemptLongerThanTheWaitHoldsReadinessBackOnlyThatLong() throws Exception {
		try (TestMcpServer stuck = new TestMcpServer(List.of("list_clusters"))) {
			stuck.stallNext(1, Duration.ofSeconds(60));
			try (ConfigurableApplicationContext gateway = start(stuck, "2s")) {
				WebTestClient web = web(gateway);
				assertThat(readiness(web)).as("ready at once although a backend is connecting").isEqualTo(503);
				untilReady(web, Duration.ofSeconds(10));
				assertThat(gateway.getBean(BackendRegistry.class).backend("slow")).isPresent();
				assertThat(gateway.getBean(BackendRegistry.class).statuses())
					.anyMatch(status -> status.backend().equals("slow") && status.state() == BackendStatus.State.CONNECTING);
			}
		}
	}

	/** A gateway with two backends: {@code slow} (the given server) and {@code down} (nothing listens there). */
	private ConfigurableApplicationContext start(TestMcpServer slow, String wait) throws Exception {
		Files.writeString(this.configRepo.resolve("backends.yaml"), """
				backends:
				  - name: slow
				    url: %s
				    timeout: 30s
				  - name: down
				    url: http://127.0.0.1:9/mcp
				""".formatted(slow.url()));
		return new SpringApplicationBuilder(GatewayApplication.class).run("--server.port=0",
				"--gateway.config-repo.uri=" + this.configRepo, "--gateway.backends.first-connection-wait=" + wait,
				"--logging.level.root=WARN", "--logging.structured.format.console=");
	}

	private static WebTestClient web(ConfigurableApplicationContext gateway) {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + ((WebServerApplicationContext) gateway).getWebServer().getPort())
			.build();
	}

	private static int readiness(WebTestClient web) {
		return web.get().uri("/actuator/health/readiness").exchange().returnResult(String.class).getStatus().value();
	}

	private static Duration untilReady(WebTestClient web, Duration bound) {
		long started = System.nanoTime();
		while (readiness(web) != 200) {
			assertThat(Duration.ofNanos(System.nanoTime() - started)).as("ready within " + bound).isLessThan(bound);
			LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
		}
		return Duration.ofNanos(System.nanoTime() - started);
	}

	private static String toolsList(WebTestClient web) {
		String session = web.post()
			.uri("/mcp")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.bodyValue("""
					{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
					"capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseHeaders()
			.getFirst("Mcp-Session-Id");
		return web.post()
			.uri("/mcp")
			.header("Mcp-Session-Id", session)
			.header("MCP-Protocol-Version", "2025-11-25")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

}
