package io.github.mcpplatform.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.mcpplatform.gateway.GatewayApplication;
import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.backend.TestMcpServer;
import io.github.mcpplatform.gateway.session.TestRedis;
import reactor.core.Disposable;

/**
 * The gateway's Prometheus endpoint on its management port, scraped after real calls through the gateway to real
 * MCP servers, with sessions in a real Redis: each metric is checked by name, labels and value.
 */
class MetricsEndpointTests {

	private static TestMcpServer db;

	private static TestMcpServer wiki;

	private static Path configRepo;

	private static ConfigurableApplicationContext gateway;

	private static TestScrape scrape;

	private static String baseUrl;

	private static WebTestClient web;

	@BeforeAll
	static void start(@TempDir Path directory) throws Exception {
		db = new TestMcpServer(List.of("get_status", "fail", "slower"));
		wiki = new TestMcpServer(List.of("search"));
		configRepo = directory;
		Files.writeString(configRepo.resolve("backends.yaml"), backends(""));
		gateway = new SpringApplicationBuilder(GatewayApplication.class).run("--server.port=0", "--management.server.port=0",
				"--management.server.address=127.0.0.1", "--management.endpoints.web.exposure.include=health,prometheus",
				"--gateway.config-repo.uri=" + configRepo, "--gateway.config-repo.poll-interval=1s",
				"--gateway.store=redis", "--spring.data.redis.host=127.0.0.1",
				"--spring.data.redis.port=" + TestRedis.get().port(), "--spring.data.redis.timeout=5s",
				"--spring.data.redis.connect-timeout=5s", "--gateway.metrics.session-count-interval=1s",
				"--gateway.backends.health-interval=200ms", "--gateway.backends.health-timeout=500ms",
				"--logging.level.root=WARN", "--logging.structured.format.console=");
		gateway.getBean(BackendRegistry.class).catalogChanges().filter(catalog -> catalog.tools().size() == 4)
			.blockFirst(Duration.ofSeconds(60));
		scrape = TestScrape.of(gateway);
		baseUrl = "http://127.0.0.1:" + ((WebServerApplicationContext) gateway).getWebServer().getPort();
		web = WebTestClient.bindToServer()
			.baseUrl(baseUrl)
			.responseTimeout(Duration.ofSeconds(10))
			.build();
	}

	/** The config repo: {@code db}'s calls end within 3 s or time out; {@code extra} is appended as it is. */
	private static String backends(String extra) {
		return """
				backends:
				  - name: db
				    url: %s
				    timeout: 3s
				    max-call-duration: 3s
				  - name: wiki
				    url: %s
				""".formatted(db.url(), wiki.url()) + extra;
	}

	@AfterAll
	static void stop() {
		gateway.close();
		db.close();
		wiki.close();
	}

	@Test
	void callsAreCountedAndTimedPerBackendToolAndOutcome() {
		double okBefore = zeroIfAbsent(scrape.value("gateway_calls_seconds_count", "backend=db", "method=tools/call",
				"tool=db_get_status", "outcome=ok"));
		String session = initialize();
		for (int i = 0; i < 3; i++) {
			assertThat(call(session, "db_get_status")).contains("\"text\":\"get_status\"");
		}
		assertThat(call(session, "db_fail")).contains("\"isError\":true");
		assertThat(call(session, "db_nope")).contains("Unknown tool: db_nope");

		assertThat(scrape.value("gateway_calls_seconds_count", "backend=db", "method=tools/call", "tool=db_get_status",
				"outcome=ok")).isEqualTo(okBefore + 3);
		assertThat(scrape.value("gateway_calls_seconds_bucket", "backend=db", "tool=db_get_status", "outcome=ok",
				"le=+Inf")).isEqualTo(okBefore + 3);
		assertThat(scrape.value("gateway_calls_seconds_sum", "backend=db", "tool=db_get_status", "outcome=ok"))
			.isGreaterThan(0);
		assertThat(scrape.value("gateway_calls_seconds_count", "backend=db", "tool=db_fail", "outcome=tool_error"))
			.isEqualTo(1);
		// A name the live catalog does not have never becomes a label of its own.
		assertThat(scrape.value("gateway_calls_seconds_count", "backend=none", "tool=other", "outcome=refused"))
			.isEqualTo(1);
		assertThat(scrape.text()).doesNotContain("db_nope");
		assertThat(scrape.value("gateway_calls_in_flight", "backend=db", "tool=db_get_status")).isEqualTo(0);
	}

	@Test
	void aCallTheBackendDoesNotAnswerInTimeIsInFlightThenATimeout() {
		String session = initialize();
		// Sent without waiting for its answer, which takes longer than the backend's timeout.
		Disposable slow = WebClient.create(baseUrl).post().uri("/mcp").headers(headers -> headers.addAll(sessionHeaders(session)))
			.bodyValue(toolCall("db_slower"))
			.retrieve()
			.bodyToMono(String.class)
			.subscribe();
		try {
			await().atMost(Duration.ofSeconds(20)).until(() -> scrape.value("gateway_calls_in_flight", "backend=db",
					"tool=db_slower") == 1);
			await().atMost(Duration.ofSeconds(20)).until(() -> scrape.value("gateway_calls_seconds_count", "backend=db",
					"tool=db_slower", "outcome=timeout") == 1);
			assertThat(scrape.value("gateway_calls_in_flight", "backend=db", "tool=db_slower")).isEqualTo(0);
		}
		finally {
			slow.dispose();
		}
	}

	@Test
	void aBackendThatGoesDownReadsZeroAndItsCallsAreUnavailable() {
		String session = initialize();
		assertThat(scrape.value("gateway_backend_up", "backend=wiki")).isEqualTo(1);
		assertThat(scrape.value("gateway_backend_tools", "backend=db")).isEqualTo(3);

		wiki.stop();
		await().atMost(Duration.ofSeconds(30)).until(() -> scrape.value("gateway_backend_up", "backend=wiki") == 0);
		assertThat(call(session, "wiki_search")).contains("is unavailable");

		assertThat(scrape.value("gateway_backend_up", "backend=db")).isEqualTo(1);
		assertThat(scrape.value("gateway_backend_tools", "backend=wiki")).isEqualTo(0);
		assertThat(scrape.value("gateway_calls_seconds_count", "backend=wiki", "tool=other", "outcome=unavailable"))
			.isEqualTo(1);
		wiki.start();
		await().atMost(Duration.ofSeconds(30)).until(() -> scrape.value("gateway_backend_up", "backend=wiki") == 1);
	}

	@Test
	void theOpenSessionsAreCountedInTheStore() {
		// The store's own count: the gauge lags it by up to one count interval (a session an earlier test opened
		// may not be in it yet).
		double before = gateway.getBean(io.github.mcpplatform.gateway.session.SessionStore.class).count()
			.block(Duration.ofSeconds(5));

		initialize();
		initialize();

		// At least: the gauge is refreshed periodically, so sessions other tests of this class opened just before
		// may be counted only now.
		await().atMost(Duration.ofSeconds(20)).until(() -> scrape.value("gateway_sessions_open") >= before + 2);
	}

	@Test
	void aRefusedCommitIsCountedAndTheSyncGaugeDropsUntilItIsReverted() throws Exception {
		assertThat(scrape.value("gateway_config_in_sync")).isEqualTo(1);
		assertThat(scrape.value("gateway_config_last_success_timestamp_seconds")).isGreaterThan(1.7e9);
		double refusedBefore = scrape.value("gateway_config_refused_total");

		Files.writeString(configRepo.resolve("backends.yaml"), backends("  - name: Not A Name\n    url: nowhere\n"));
		await().atMost(Duration.ofSeconds(30)).until(() -> scrape.value("gateway_config_in_sync") == 0);
		assertThat(scrape.value("gateway_config_refused_total")).isEqualTo(refusedBefore + 1);

		Files.writeString(configRepo.resolve("backends.yaml"), backends(""));
		await().atMost(Duration.ofSeconds(30)).until(() -> scrape.value("gateway_config_in_sync") == 1);
		assertThat(scrape.value("gateway_config_refused_total")).isEqualTo(refusedBefore + 1);
		assertThat(scrape.value("gateway_config_pull_failures_total")).isEqualTo(0);
	}

	@Test
	void storeCommandsAreTimedWithTheirErrors() {
		initialize();

		assertThat(scrape.value("lettuce_seconds_count", "db_operation=SET", "error=none")).isGreaterThan(0);
		assertThat(scrape.value("lettuce_seconds_bucket", "db_operation=SET", "error=none", "le=+Inf")).isGreaterThan(0);
		assertThat(scrape.value("gateway_store_unavailable_total")).isNotNaN();
	}

	@Test
	void everyMetricTheChartsDashboardAndAlertsAskForIsExposed() throws Exception {
		call(initialize(), "db_get_status");
		String promql = Files.readString(Path.of("..", "chart", "mcp-platform", "dashboards", "gateway.json"))
				+ Files.readString(Path.of("..", "chart", "mcp-platform", "templates", "gateway", "prometheusrule.yaml"));
		java.util.regex.Matcher names = java.util.regex.Pattern.compile("\\b((?:gateway|lettuce)_[a-z_]+)").matcher(promql);
		java.util.Set<String> asked = new java.util.TreeSet<>();
		while (names.find()) {
			asked.add(names.group(1));
		}
		String exposed = scrape.text();

		assertThat(asked).hasSizeGreaterThan(10)
			.allSatisfy(name -> assertThat(exposed).as(name).containsPattern("(?m)^" + name + "[{ ]"));
	}

	private static double zeroIfAbsent(double value) {
		return Double.isNaN(value) ? 0 : value;
	}

	private static String initialize() {
		return web.post().uri("/mcp").header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
					+ "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}")
			.exchange().expectStatus().isOk().returnResult(String.class).getResponseHeaders().getFirst("Mcp-Session-Id");
	}

	private static String call(String session, String tool) {
		return web.post().uri("/mcp").headers(headers -> headers.addAll(sessionHeaders(session)))
			.bodyValue(toolCall(tool))
			.exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
	}

	private static org.springframework.http.HttpHeaders sessionHeaders(String session) {
		org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
		headers.set("Mcp-Session-Id", session);
		headers.set("MCP-Protocol-Version", "2025-11-25");
		headers.set("Content-Type", "application/json");
		headers.set("Accept", "application/json, text/event-stream");
		return headers;
	}

	private static String toolCall(String tool) {
		return "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":{}}}";
	}

}
