package io.github.mcpplatform.gateway.configrepo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.github.mcpplatform.gateway.GatewayApplication;
import io.github.mcpplatform.gateway.backend.TestMcpServer;
import io.github.mcpplatform.gateway.session.TestRedis;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two assembled gateway replicas on one real Redis, following one real Git repository that only pulls when
 * told (the poll interval is an hour): the webhook, its signatures, and the replicas converging.
 */
class ConfigRepoWebhookTests {

	private static final String SECRET = "webhook-secret-for-tests";

	private static final Webhooks SIGNER = new Webhooks(SECRET);

	private static Path directory;

	private static TestGitRepo repo;

	private static TestMcpServer backend;

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	@BeforeAll
	static void start() throws Exception {
		directory = Files.createTempDirectory("config-repo-webhook-");
		repo = new TestGitRepo(directory);
		backend = new TestMcpServer(List.of("list_clusters"));
		String first = repo.commit("db", Map.of("backends.yaml", "backends:\n  - name: db\n    url: ${DB_URL}\n"));
		a = replica("a");
		b = replica("b");
		awaitVersion(web(a), first);
		awaitVersion(web(b), first);
	}

	private static ConfigurableApplicationContext replica(String name) {
		return new SpringApplicationBuilder(GatewayApplication.class).run("--server.port=0", "--logging.level.root=WARN",
				"--gateway.config-repo.uri=" + repo.uri(), "--gateway.config-repo.poll-interval=1h",
				"--gateway.config-repo.webhook-secret=" + SECRET,
				"--gateway.config-repo.cache-dir=" + directory.resolve("replica-" + name), "--DB_URL=" + backend.url(),
				"--gateway.store=redis", "--spring.data.redis.host=127.0.0.1",
				"--spring.data.redis.port=" + TestRedis.get().port());
	}

	@AfterAll
	static void stop() {
		a.close();
		b.close();
		backend.close();
		repo.close();
	}

	@Test
	void aSignedPushToOneReplicaIsPulledByEveryReplica() throws Exception {
		String next = repo.commit("prefix", Map.of("backends.yaml", "backends:\n  - name: db\n    url: ${DB_URL}\n    prefix: pg\n"));
		byte[] body = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);

		web(a).post().uri("/config-repo/webhook").header("X-Hub-Signature-256", SIGNER.githubSignature(body))
			.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isAccepted();

		awaitVersion(web(a), next);
		awaitVersion(web(b), next);
		web(b).get().uri("/config-repo/status").exchange().expectBody()
			.jsonPath("$.inSync").isEqualTo(true)
			.jsonPath("$.backends[0].name").isEqualTo("db");
	}

	@Test
	void gitLabsTokenHeaderIsAcceptedToo() throws Exception {
		String next = repo.commit("timeout", Map.of("backends.yaml", "backends:\n  - name: db\n    url: ${DB_URL}\n    timeout: 20s\n"));

		web(b).post().uri("/config-repo/webhook").header("X-Gitlab-Token", SECRET).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"object_kind\":\"push\",\"ref\":\"refs/heads/main\"}").exchange().expectStatus().isAccepted();

		awaitVersion(web(b), next);
		awaitVersion(web(a), next);
	}

	@Test
	void aMissingOrWrongSignatureIsRefusedAndPullsNothing() throws Exception {
		String live = version(web(a));
		repo.commit("unannounced", Map.of("backends.yaml", "backends:\n  - name: db\n    url: ${DB_URL}\n    description: x\n"));
		byte[] body = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);

		web(a).post().uri("/config-repo/webhook").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
			.expectStatus().isUnauthorized();
		web(a).post().uri("/config-repo/webhook").header("X-Hub-Signature-256", new Webhooks("guess").githubSignature(body))
			.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isUnauthorized();
		web(a).post().uri("/config-repo/webhook").header("X-Hub-Signature-256", "sha256=zz").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body).exchange().expectStatus().isUnauthorized();
		web(a).post().uri("/config-repo/webhook").header("X-Gitlab-Token", "guess").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body).exchange().expectStatus().isUnauthorized();

		Thread.sleep(1500);
		assertThat(version(web(a))).isEqualTo(live);
		assertThat(version(web(b))).isEqualTo(live);
		// Put things straight for the other tests: the next signed push pulls this commit too.
	}

	@Test
	void aPushToAnotherBranchPullsNothing() {
		byte[] body = "{\"ref\":\"refs/heads/feature\"}".getBytes(StandardCharsets.UTF_8);

		web(a).post().uri("/config-repo/webhook").header("X-Hub-Signature-256", SIGNER.githubSignature(body))
			.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isAccepted()
			.expectBody().jsonPath("$.message").value(message -> assertThat((String) message).contains("nothing to pull"));
	}

	private static WebTestClient web(ConfigurableApplicationContext replica) {
		int port = ((WebServerApplicationContext) replica).getWebServer().getPort();
		return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(10)).build();
	}

	private static String version(WebTestClient web) {
		String body = web.get().uri("/config-repo/status").exchange().expectStatus().isOk().expectBody(String.class)
			.returnResult().getResponseBody();
		JsonNode status = JsonMapper.builder().build().readTree(body);
		return status.path("live").path("version").asString(null);
	}

	private static void awaitVersion(WebTestClient web, String version) throws InterruptedException {
		for (int i = 0; i < 100; i++) {
			if (version.equals(version(web))) {
				return;
			}
			Thread.sleep(100);
		}
		assertThat(version(web)).as("live version after 10 s").isEqualTo(version);
	}

}
