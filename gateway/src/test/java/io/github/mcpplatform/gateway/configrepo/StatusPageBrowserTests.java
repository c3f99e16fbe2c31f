package io.github.mcpplatform.gateway.configrepo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.github.mcpplatform.gateway.GatewayApplication;
import io.github.mcpplatform.gateway.backend.TestMcpServer;

/**
 * The status page in a real headless browser (Debian's {@code chromium}), served by the assembled gateway with one
 * backend up, one down and a refused commit: what an operator reads, with no script, and no backend address. The
 * screenshot is kept as {@code target/status-page/status-page.png}.
 */
class StatusPageBrowserTests {

	private static final Duration BROWSER_WAIT = Duration.ofSeconds(90);

	private static TestMcpServer db;

	private static ConfigurableApplicationContext gateway;

	private static String url;

	@BeforeAll
	static void start(@TempDir Path configRepo) throws Exception {
		db = new TestMcpServer(List.of("get_status", "list_clusters"));
		Files.writeString(configRepo.resolve("backends.yaml"), """
				backends:
				  - name: db
				    url: %s
				  - name: wiki
				    url: http://127.0.0.1:9/mcp
				""".formatted(db.url()));
		gateway = new SpringApplicationBuilder(GatewayApplication.class).run("--server.port=0",
				"--gateway.config-repo.uri=" + configRepo, "--gateway.config-repo.poll-interval=1s",
				"--gateway.backends.health-interval=500ms", "--logging.level.root=WARN", "--logging.structured.format.console=");
		String base = "http://127.0.0.1:" + ((WebServerApplicationContext) gateway).getWebServer().getPort();
		url = base + "/config-repo/status";
		WebTestClient web = WebTestClient.bindToServer().baseUrl(base).responseTimeout(Duration.ofSeconds(30)).build();
		// A session, so that the page has one to count.
		web.post().uri("/mcp").header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
					+ "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}")
			.exchange().expectStatus().isOk();
		// Then a commit the gateway refuses: the live one stays, and the page shows both.
		Files.writeString(configRepo.resolve("backends.yaml"), Files.readString(configRepo.resolve("backends.yaml"))
				+ "  - name: Not_A_Name\n    url: http://127.0.0.1:9/mcp\n");
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			String json = web.get().uri("/config-repo/status").exchange().expectBody(String.class).returnResult()
				.getResponseBody();
			return json.contains("\"rejected\":{") && json.contains("\"state\":\"DOWN\"") && json.contains("\"state\":\"READY\"");
		});
	}

	@AfterAll
	static void stop() {
		gateway.close();
		db.close();
	}

	@Test
	void anOperatorReadsTheReplicaTheConfigRepoAndEveryBackendWithoutScriptOrAddresses() throws Exception {
		String dom = chromium("--dump-dom", url);

		assertThat(dom).contains("<h1>MCP gateway status</h1>")
			.containsPattern("<dt>Version</dt><dd>\\d+\\.\\d+\\.\\d+[^<]*</dd>")
			.containsPattern("<dt>Started</dt><dd>[^<]*\\(up [^<]+\\)</dd>")
			.contains("<dt>Sessions open</dt><dd>1</dd>")
			.containsPattern("<dt>Live</dt><dd>dir-[0-9a-f]+ from directory, 2 backend\\(s\\)")
			.containsPattern("<h3>Refused commit dir-[0-9a-f]+, [^<]+ ago\\)</h3>")
			.contains("backends[2].name: 'Not_A_Name' is not an RFC 1123 label")
			.contains("<dt>In sync</dt><dd>no</dd>")
			.containsPattern("<tr><td>db</td><td class=\"READY\">READY</td><td>streamable-http</td><td>2</td><td>[^<]+ ago\\)</td><td></td></tr>")
			.containsPattern("<tr><td>wiki</td><td class=\"DOWN\">DOWN</td><td>streamable-http</td><td>0</td><td>[^<]+ ago\\)</td><td>[^<]*&lt;backend address&gt;[^<]*</td></tr>")
			.doesNotContain("127.0.0.1:9")
			.doesNotContain(db.url())
			.doesNotContainIgnoringCase("<script");
	}

	@Test
	void theScreenshotIsKeptAsATestArtifact() throws Exception {
		Path screenshot = Path.of("target", "status-page", "status-page.png").toAbsolutePath();
		Files.createDirectories(screenshot.getParent());
		Files.deleteIfExists(screenshot);

		chromium("--screenshot=" + screenshot, "--window-size=1280,900", url);

		byte[] png = Files.readAllBytes(screenshot);
		assertThat(png).startsWith(0x89, 'P', 'N', 'G');
		assertThat(png.length).isGreaterThan(10_000);
	}

	/** Runs headless Chromium on the page with these arguments; its standard output. */
	private static String chromium(String... arguments) throws IOException, InterruptedException {
		Path chromium = Path.of("/usr/bin/chromium");
		assertThat(chromium).as("Debian's chromium (apt-get install chromium; .ci/run installs it)").isExecutable();
		Path profile = Files.createTempDirectory("status-page-browser");
		List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
				"--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile));
		command.addAll(List.of(arguments));
		Path output = profile.resolve("stdout.html");
		Process browser = new ProcessBuilder(command).redirectOutput(output.toFile())
			.redirectError(profile.resolve("stderr.txt").toFile())
			.start();
		try {
			assertThat(browser.waitFor(BROWSER_WAIT.toSeconds(), TimeUnit.SECONDS)).as("chromium finished within " + BROWSER_WAIT)
				.isTrue();
			assertThat(browser.exitValue()).as(Files.readString(profile.resolve("stderr.txt"))).isZero();
			return Files.readString(output, StandardCharsets.UTF_8);
		}
		finally {
			browser.destroyForcibly();
		}
	}

}
