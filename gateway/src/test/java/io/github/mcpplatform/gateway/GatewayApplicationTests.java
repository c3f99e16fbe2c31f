package io.github.mcpplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.github.mcpplatform.gateway.session.TestRedis;
import io.netty.channel.EventLoopGroup;

/** The assembled gateway with the repository's example config repo (its backend is not running). */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "gateway.config-repo.uri=../config-repo",
		"CNPG_BACKEND_URL=http://127.0.0.1:9/mcp", "logging.structured.format.console=" })
class GatewayApplicationTests {

	@LocalServerPort
	int port;

	@Test
	void startsWithABackendDownAndServesMcpAndProbes() {
		WebTestClient web = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
		web.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		web.post()
			.uri("/mcp")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.bodyValue("""
					{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",
					"capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.exists("Mcp-Session-Id")
			.expectBody()
			.jsonPath("$.result.protocolVersion")
			.isEqualTo("2025-06-18");
	}

	@Test
	void withoutSignInARequestFromAWebPageOffLoopbackIsForbidden() {
		WebTestClient web = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
		web.post()
			.uri("/mcp")
			.header("Origin", "https://evil.example")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isForbidden();
		web.get().uri("/actuator/health/liveness").header("Origin", "http://localhost:6274").exchange().expectStatus().isOk();
	}

	@Test
	void withoutSignInARequestForAnotherHostNameIsForbiddenAsARebindingPageWouldSendIt() {
		WebTestClient web = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
		web.get().uri("/config-repo/status").header("Host", "evil.test:" + this.port).exchange().expectStatus().isForbidden()
			.expectBody(String.class).value(body -> assertThat(body).doesNotContain("config-repo").contains("loopback"));
		web.get().uri("/config-repo/status").header("Host", "localhost:" + this.port).exchange().expectStatus().isOk();
		web.get().uri("/config-repo/status").header("Host", "[::1]:" + this.port).exchange().expectStatus().isOk();
	}

	@Test
	void theConfigStatusSaysWhyABackendIsDownWithoutItsAddress() {
		WebTestClient web = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
		String body = "";
		long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
		while (!body.contains("\"state\":\"DOWN\"") && System.nanoTime() < deadline) {
			body = web.get().uri("/config-repo/status").exchange().expectBody(String.class).returnResult().getResponseBody();
			java.util.concurrent.locks.LockSupport.parkNanos(100_000_000);
		}

		assertThat(body).contains("\"state\":\"DOWN\"").contains("<backend").doesNotContain("127.0.0.1:9");
	}

	@Test
	void withoutSignInAnMcpMessageThatIsNotJsonIsRefusedAsABlindCrossOriginPostWouldSendIt() throws Exception {
		WebTestClient web = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
		String statelessList = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":"
				+ "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}";
		web.post().uri("/mcp").header("Origin", "http://localhost:3000").contentType(MediaType.TEXT_PLAIN)
			.bodyValue(statelessList).exchange().expectStatus().isEqualTo(415)
			.expectBody(String.class).value(body -> assertThat(body).doesNotContain("result").contains("application/json"));
		web.post().uri("/backends/cnpg/mcp").contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("a=b")
			.exchange().expectStatus().isEqualTo(415);
		// A Content-Type that is no media type at all is refused the same way, not failed with a 500.
		java.net.http.HttpResponse<String> unreadable = java.net.http.HttpClient.newHttpClient().send(
				java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + this.port + "/mcp"))
					.header("Content-Type", "not a media type")
					.POST(java.net.http.HttpRequest.BodyPublishers.ofString(statelessList))
					.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(unreadable.statusCode()).isEqualTo(415);
	}

	@Test
	void withTheRedisStoreSessionsLiveInRedis() {
		SpringApplicationBuilder app = new SpringApplicationBuilder(GatewayApplication.class);
		try (var context = app.run("--server.port=0", "--gateway.config-repo.uri=../config-repo",
				"--CNPG_BACKEND_URL=http://127.0.0.1:9/mcp", "--gateway.store=redis", "--spring.data.redis.host=127.0.0.1",
				"--spring.data.redis.port=" + TestRedis.get().port(), "--logging.level.root=WARN")) {
			int port = ((org.springframework.boot.web.server.context.WebServerApplicationContext) context).getWebServer().getPort();
			String session = WebTestClient.bindToServer()
				.baseUrl("http://127.0.0.1:" + port)
				.build()
				.post()
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
			assertThat(TestRedis.get().template().hasKey("mcp:session:" + session).block()).isTrue();
		}
	}

	@Test
	void theServerAndItsBackendCallsRunOnOneEventLoopPerCpuThatEndWithTheGateway() {
		SpringApplicationBuilder app = new SpringApplicationBuilder(GatewayApplication.class);
		EventLoopGroup loops;
		try (var context = app.run("--server.port=0", "--gateway.config-repo.uri=../config-repo",
				"--CNPG_BACKEND_URL=http://127.0.0.1:9/mcp", "--logging.level.root=WARN")) {
			loops = context.getBean(ReactorResourceFactory.class).getLoopResources().onServer(true);

			assertThat(loops).hasSize(Runtime.getRuntime().availableProcessors());
			int port = ((org.springframework.boot.web.server.context.WebServerApplicationContext) context).getWebServer().getPort();
			WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build()
				.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
			assertThat(Thread.getAllStackTraces().keySet()).map(Thread::getName).anyMatch(name -> name.startsWith("gateway-http"));
		}
		assertThat(loops.isShuttingDown()).isTrue();
	}

	@Test
	void theNumberOfEventLoopsCanBeSet() {
		SpringApplicationBuilder app = new SpringApplicationBuilder(GatewayApplication.class);
		try (var context = app.run("--server.port=0", "--gateway.config-repo.uri=../config-repo",
				"--CNPG_BACKEND_URL=http://127.0.0.1:9/mcp", "--gateway.event-loops=3", "--logging.level.root=WARN")) {
			assertThat(context.getBean(ReactorResourceFactory.class).getLoopResources().onServer(true)).hasSize(3);
		}
	}

	@Test
	void startupWithoutSignInOnANetworkAddressIsRefused() {
		SpringApplicationBuilder app = new SpringApplicationBuilder(GatewayApplication.class);

		assertThatThrownBy(() -> app.run("--server.port=0", "--server.address=0.0.0.0",
				"--gateway.config-repo.uri=../config-repo", "--CNPG_BACKEND_URL=http://127.0.0.1:9/mcp",
				"--logging.level.root=OFF"))
			.rootCause()
			.hasMessageContaining("gateway.auth.mode=none")
			.hasMessageContaining("server.address=127.0.0.1");
	}

	@Test
	void aGitConfigRepoThatCannotBeReachedLeavesTheGatewayAliveButNotReadyAndSaysWhy(@org.junit.jupiter.api.io.TempDir java.nio.file.Path directory) {
		SpringApplicationBuilder app = new SpringApplicationBuilder(GatewayApplication.class);
		try (var context = app.run("--server.port=0", "--logging.level.root=OFF",
				"--gateway.config-repo.uri=" + directory.resolve("missing.git").toUri(),
				"--gateway.config-repo.cache-dir=" + directory.resolve("work"))) {
			int port = ((org.springframework.boot.web.server.context.WebServerApplicationContext) context).getWebServer().getPort();
			WebTestClient web = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
			web.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
			for (int i = 0; i < 50; i++) {
				String body = web.get().uri("/config-repo/status").exchange().expectBody(String.class).returnResult().getResponseBody();
				if (body.contains("\"lastError\":\"")) {
					break;
				}
				java.util.concurrent.locks.LockSupport.parkNanos(100_000_000);
			}
			web.get().uri("/config-repo/status").exchange().expectStatus().isOk().expectBody()
				.jsonPath("$.live").doesNotExist()
				.jsonPath("$.inSync").isEqualTo(false)
				.jsonPath("$.lastError").value(error -> assertThat((String) error).isNotBlank());
			web.get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503);
		}
	}

	@Test
	void startupWithAPasswordInTheConfigRepoUrlIsRefused() {
		SpringApplicationBuilder app = new SpringApplicationBuilder(GatewayApplication.class);

		assertThatThrownBy(() -> app.run("--server.port=0", "--logging.level.root=OFF",
				"--gateway.config-repo.uri=https://deploy:ghp_secret@github.example.com/platform/config.git"))
			.rootCause()
			.hasMessageContaining("gateway.config-repo.password")
			.satisfies(e -> assertThat(e.getMessage()).doesNotContain("ghp_secret"));
	}

	@Test
	void startupWithABrokenConfigRepoFailsListingTheProblems() {
		SpringApplicationBuilder app = new SpringApplicationBuilder(GatewayApplication.class);

		assertThatThrownBy(() -> app.run("--server.port=0", "--gateway.config-repo.uri=../config-repo",
				"--logging.level.root=OFF"))
			.rootCause()
			.hasMessageContaining("backends.yaml:7 backends[0].url: references environment variable CNPG_BACKEND_URL, which is not set");
	}

}
