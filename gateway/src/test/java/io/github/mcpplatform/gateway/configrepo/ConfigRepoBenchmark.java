package io.github.mcpplatform.gateway.configrepo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.github.mcpplatform.gateway.GatewayApplication;
import io.github.mcpplatform.gateway.backend.TestMcpServer;

/**
 * Benchmark, not a test: how long a pushed commit takes to go live, with the webhook and with polling, and
 * what a pull that finds nothing new costs. Prints figures; asserts nothing.
 *
 * <pre>./mvnw -pl gateway test -Dtest=ConfigRepoBenchmark -Dbenchmark=true</pre>
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class ConfigRepoBenchmark {

	private static final String SECRET = "benchmark";

	@Test
	void commitToLive() throws Exception {
		Path directory = Files.createTempDirectory("config-repo-benchmark-");
		try (TestGitRepo repo = new TestGitRepo(directory); TestMcpServer backend = new TestMcpServer(List.of("list_clusters"))) {
			repo.commit("first", Map.of("backends.yaml", yaml(0)));
			List<Long> webhook = new ArrayList<>();
			List<Long> polling = new ArrayList<>();
			try (ConfigurableApplicationContext gateway = start(repo, backend, directory.resolve("a"), "1h")) {
				WebTestClient web = web(gateway);
				await(web, null);
				byte[] body = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
				for (int i = 1; i <= 15; i++) {
					String sha = repo.commit("change " + i, Map.of("backends.yaml", yaml(i)));
					long started = System.nanoTime();
					web.post().uri("/config-repo/webhook").header("X-Hub-Signature-256", new Webhooks(SECRET).githubSignature(body))
						.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isAccepted();
					await(web, sha);
					webhook.add((System.nanoTime() - started) / 1_000_000);
				}
			}
			try (ConfigurableApplicationContext gateway = start(repo, backend, directory.resolve("b"), "2s")) {
				WebTestClient web = web(gateway);
				await(web, null);
				for (int i = 16; i <= 25; i++) {
					String sha = repo.commit("change " + i, Map.of("backends.yaml", yaml(i)));
					long started = System.nanoTime();
					await(web, sha);
					polling.add((System.nanoTime() - started) / 1_000_000);
				}
			}
			System.out.println();
			System.out.println("Config repo: commit pushed -> snapshot live (ms), file:// repository, one backend");
			System.out.printf("%-28s %8s %8s %8s%n", "mode", "p50", "max", "runs");
			print("webhook", webhook);
			print("polling every 2 s", polling);
			System.out.println("With polling, a commit waits up to one poll interval, then the pull: p50 ~ interval/2 + pull.");
		}
	}

	private static String yaml(int i) {
		return "backends:\n  - name: db\n    url: ${DB_URL}\n    description: revision " + i + "\n";
	}

	private static void print(String mode, List<Long> samples) {
		List<Long> sorted = new ArrayList<>(samples);
		Collections.sort(sorted);
		System.out.printf("%-28s %8d %8d %8d%n", mode, sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), sorted.size());
	}

	private static ConfigurableApplicationContext start(TestGitRepo repo, TestMcpServer backend, Path work, String poll) {
		return new SpringApplicationBuilder(GatewayApplication.class).run("--server.port=0", "--logging.level.root=WARN",
				"--gateway.config-repo.uri=" + repo.uri(), "--gateway.config-repo.poll-interval=" + poll,
				"--gateway.config-repo.webhook-secret=" + SECRET, "--gateway.config-repo.cache-dir=" + work,
				"--DB_URL=" + backend.url());
	}

	private static WebTestClient web(ConfigurableApplicationContext gateway) {
		int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
		return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
	}

	/** Polls the status every 5 ms until the version is live (any version, when null). */
	private static void await(WebTestClient web, String version) throws InterruptedException {
		for (int i = 0; i < 4000; i++) {
			String body = web.get().uri("/config-repo/status").exchange().expectBody(String.class).returnResult().getResponseBody();
			if (body != null && (version == null ? body.contains("\"version\"") : body.contains("\"version\":\"" + version + "\""))) {
				return;
			}
			Thread.sleep(5);
		}
		throw new IllegalStateException("not live within 20 s: " + version);
	}

}
