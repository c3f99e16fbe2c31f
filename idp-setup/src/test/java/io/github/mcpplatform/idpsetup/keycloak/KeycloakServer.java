package io.github.mcpplatform.idpsetup.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real Keycloak for the tests: the {@code keycloak-quarkus-dist} Maven unpacks into target/keycloak (the
 * {@code keycloak.home} property), started once per test JVM in dev mode (in-memory database) on free loopback
 * ports, on the JDK {@code keycloak.java.home} names (Keycloak needs 21+), and stopped by its process id when
 * the JVM ends. Its log is target/keycloak.log.
 */
public final class KeycloakServer {

	/** How long a start may take: a first start also builds Keycloak for these options (about a minute on an idle machine, much more on a busy one). */
	private static final Duration START_TIMEOUT = Duration.ofSeconds(240);

	private static KeycloakServer shared;

	private final Process process;

	private final URI url;

	private final String adminPassword = UUID.randomUUID().toString();

	private KeycloakServer() {
		Path home = Path.of(System.getProperty("keycloak.home", "target/keycloak/keycloak"));
		Path javaHome = Path.of(System.getProperty("keycloak.java.home", "/usr/lib/jvm/temurin-25-jdk-amd64"));
		if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
			throw new IllegalStateException("no Keycloak at " + home + ": run through Maven's verify, which unpacks it");
		}
		if (!Files.isExecutable(javaHome.resolve("bin/java"))) {
			throw new IllegalStateException("no JDK 21+ at " + javaHome + " for Keycloak: set -Dkeycloak.java.home");
		}
		int port = freePort();
		this.url = URI.create("http://127.0.0.1:" + port);
		ProcessBuilder builder = new ProcessBuilder(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
				"--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + freePort(), "--db=dev-mem"))
			.redirectErrorStream(true)
			.redirectOutput(Path.of("target", "keycloak.log").toFile());
		builder.environment().put("JAVA_HOME", javaHome.toString());
		builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
		builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", this.adminPassword);
		try {
			this.process = builder.start();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
		awaitReady();
	}

	/** The one Keycloak of this test JVM, started on first use. */
	public static synchronized KeycloakServer shared() {
		if (shared == null) {
			shared = new KeycloakServer();
		}
		return shared;
	}

	public URI url() {
		return this.url;
	}

	/** The password of the master realm's administrator {@code admin}. */
	public String adminPassword() {
		return this.adminPassword;
	}

	private void awaitReady() {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest probe = HttpRequest.newBuilder(this.url.resolve("/realms/master")).timeout(Duration.ofSeconds(5)).build();
		Instant deadline = Instant.now().plus(START_TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Keycloak exited with " + this.process.exitValue() + "; see target/keycloak.log");
			}
			try {
				if (client.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException starting) {
				// not listening yet
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(e);
			}
			try {
				this.process.waitFor(500, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(e);
			}
		}
		stop();
		throw new IllegalStateException("Keycloak did not answer within " + START_TIMEOUT.toSeconds() + " s; see target/keycloak.log");
	}

	/** Stops Keycloak by its process id: kc.sh and the JVM it runs. */
	private void stop() {
		ProcessHandle handle = this.process.toHandle();
		handle.descendants().forEach(ProcessHandle::destroy);
		handle.destroy();
		try {
			this.process.waitFor(20, TimeUnit.SECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		handle.descendants().forEach(ProcessHandle::destroyForcibly);
		this.process.destroyForcibly();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}
