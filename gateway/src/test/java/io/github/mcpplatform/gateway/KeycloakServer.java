package io.github.mcpplatform.gateway;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.json.JsonMapper;

/**
 * A real Keycloak for tests: the {@code org.keycloak:keycloak-quarkus-dist} distribution that Maven unpacks before
 * the integration tests ({@code keycloak.home}, see the gateway's pom), started in dev mode with an in-memory
 * database on free loopback ports, under a JDK 21 or newer (Keycloak 26 needs one; the gateway builds on 17).
 * Realms and clients are made through its admin REST API. Starting takes tens of seconds: one per test class.
 *
 * <p>
 * The JDK is {@code keycloak.java.home} (system property) or {@code KEYCLOAK_JAVA_HOME}, else Temurin 25 where this
 * machine has it, else the JDK running the tests when it is 21 or newer.
 */
public final class KeycloakServer implements AutoCloseable {

	public static final String ADMIN = "admin";

	public static final String ADMIN_PASSWORD = "admin-pass";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

	private static final Duration START_TIMEOUT = Duration.ofSeconds(240);

	private final Process process;

	private final Path log;

	/** Where it listens: {@code http://127.0.0.1:<port>}. */
	public final String url;

	private final HttpClient http = HttpClient.newHttpClient();

	private KeycloakServer(Process process, Path log, String url) {
		this.process = process;
		this.log = log;
		this.url = url;
	}

	public static KeycloakServer start() {
		Path home = home();
		if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
			throw new IllegalStateException("No Keycloak distribution at " + home.toAbsolutePath() + ": run the test "
					+ "through Maven's integration-test phase (./mvnw -pl gateway verify ...), which unpacks "
					+ "org.keycloak:keycloak-quarkus-dist there");
		}
		int port = freePort();
		Path log = home.getParent().resolve("keycloak-" + port + ".log");
		ProcessBuilder builder = new ProcessBuilder("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
				"--db=dev-mem", "--http-host=127.0.0.1", "--http-port=" + port,
				"--http-management-port=" + freePort(), "--log-level=WARN")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("JAVA_HOME", javaHome().toString());
		builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
		builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
		KeycloakServer server;
		try {
			server = new KeycloakServer(builder.start(), log, "http://127.0.0.1:" + port);
		}
		catch (IOException e) {
			throw new IllegalStateException("cannot start Keycloak from " + home, e);
		}
		try {
			await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
				if (!server.process.isAlive()) {
					throw new IllegalStateException("Keycloak exited with " + server.process.exitValue() + ":\n" + server.logTail());
				}
				return server.isReady();
			});
		}
		catch (RuntimeException notReady) {
			String tail = server.logTail();
			server.close();
			throw new IllegalStateException("Keycloak did not start within " + START_TIMEOUT + ":\n" + tail, notReady);
		}
		return server;
	}

	public String issuer(String realm) {
		return this.url + "/realms/" + realm;
	}

	/** Creates something through the admin REST API ({@code path} below {@code /admin/realms}); fails unless 201. */
	public void create(String path, Object representation) {
		HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(this.url + "/admin/realms" + path))
			.header("Authorization", "Bearer " + adminToken())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(representation)))
			.build());
		if (created.statusCode() != 201) {
			throw new IllegalStateException("POST /admin/realms" + path + " answered " + created.statusCode() + ": "
					+ created.body());
		}
	}

	private String adminToken() {
		HttpResponse<String> token = send(HttpRequest.newBuilder(URI.create(issuer("master") + "/protocol/openid-connect/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "password", "client_id", "admin-cli",
					"username", ADMIN, "password", ADMIN_PASSWORD))))
			.build());
		if (token.statusCode() != 200) {
			throw new IllegalStateException("no admin token: " + token.statusCode() + " " + token.body());
		}
		return JSON.readTree(token.body()).path("access_token").asString();
	}

	private boolean isReady() {
		try {
			return this.http.send(HttpRequest.newBuilder(URI.create(issuer("master") + "/.well-known/openid-configuration"))
				.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
		}
		catch (IOException notYet) {
			return false;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException e) {
			return "(no log at " + this.log + ")";
		}
	}

	/** {@code keycloak.home}, else the distribution a previous integration-test run unpacked. */
	private static Path home() {
		String configured = System.getProperty("keycloak.home");
		if (configured != null) {
			return Path.of(configured);
		}
		try (var unpacked = Files.list(Path.of("target", "keycloak"))) {
			return unpacked.filter(dir -> Files.isRegularFile(dir.resolve("bin/kc.sh"))).findFirst()
				.orElse(Path.of("target", "keycloak", "keycloak-unknown"));
		}
		catch (IOException none) {
			return Path.of("target", "keycloak", "keycloak-unknown");
		}
	}

	private static Path javaHome() {
		String configured = System.getProperty("keycloak.java.home", System.getenv("KEYCLOAK_JAVA_HOME"));
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		if (Files.isExecutable(TEMURIN_25.resolve("bin/java"))) {
			return TEMURIN_25;
		}
		if (Runtime.version().feature() >= 21) {
			return Path.of(System.getProperty("java.home"));
		}
		throw new IllegalStateException("Keycloak needs a JDK 21 or newer: set KEYCLOAK_JAVA_HOME (this JDK is "
				+ Runtime.version() + ")");
	}

	public static String form(Map<String, String> fields) {
		return fields.entrySet().stream()
			.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	@Override
	public void close() {
		this.process.descendants().forEach(ProcessHandle::destroy);
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
				this.process.descendants().forEach(ProcessHandle::destroyForcibly);
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

}
