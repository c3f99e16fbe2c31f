package io.github.mcpplatform.cnpg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
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
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Starts the packaged backend ({@code target/cnpg-backend.jar}) in sandbox mode as its own process and
 * runs {@code e2e/cnpg-backend.test.mjs} against it: the official MCP TypeScript SDK client, installed
 * from the lockfile by the build, driving the real server over streamable HTTP.
 */
class CnpgBackendEndToEndIT {

	private static final Path JAR = Path.of("target", "cnpg-backend.jar");

	private static final Path E2E = Path.of("..", "e2e");

	@Test
	void theTypeScriptSdkClientDrivesThePackagedBackend() throws Exception {
		assertThat(JAR).as("run 'verify', which packages the jar first").exists();
		int port = freePort();
		String java = ProcessHandle.current().info().command().orElse("java");
		Path log = Path.of("target", "e2e-backend.log");
		Process backend = new ProcessBuilder(java, "-jar", JAR.toString(), "--cnpg.kubernetes.mode=sandbox",
				"--server.address=127.0.0.1", "--server.port=" + port, "--logging.structured.format.console=")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			awaitReady(port, backend, log);
			ProcessBuilder nodeTest = new ProcessBuilder(
					List.of("node", "--test", "--test-timeout=60000", "cnpg-backend.test.mjs"))
				.directory(E2E.toFile())
				.redirectErrorStream(true);
			nodeTest.environment().put("MCP_URL", "http://127.0.0.1:" + port + "/mcp");
			Process node = nodeTest.start();
			// Echo through System.out so that the test runner's report keeps node's output.
			try (BufferedReader output = node.inputReader()) {
				output.lines().forEach(System.out::println);
			}
			assertThat(node.waitFor(120, TimeUnit.SECONDS)).as("the e2e run finished in time").isTrue();
			assertThat(node.exitValue()).as("node --test exit code (its output is above)").isZero();
		}
		finally {
			backend.destroy();
			if (!backend.waitFor(10, TimeUnit.SECONDS)) {
				backend.destroyForcibly();
			}
		}
	}

	@Test
	void theTypeScriptSdkStdioClientStartsAndDrivesThePackagedBackend() throws Exception {
		assertThat(JAR).as("run 'verify', which packages the jar first").exists();
		ProcessBuilder nodeTest = new ProcessBuilder(
				List.of("node", "--test", "--test-timeout=200000", "cnpg-backend-stdio.test.mjs"))
			.directory(E2E.toFile())
			.redirectErrorStream(true);
		nodeTest.environment().put("CNPG_JAR", JAR.toAbsolutePath().toString());
		nodeTest.environment().put("JAVA", ProcessHandle.current().info().command().orElse("java"));
		Process node = nodeTest.start();
		try (BufferedReader output = node.inputReader()) {
			output.lines().forEach(System.out::println);
		}
		assertThat(node.waitFor(240, TimeUnit.SECONDS)).as("the e2e run finished in time").isTrue();
		assertThat(node.exitValue()).as("node --test exit code (its output is above)").isZero();
	}

	private static void awaitReady(int port, Process backend, Path log) throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		HttpRequest readiness = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(2))
			.build();
		Instant deadline = Instant.now().plusSeconds(90);
		while (Instant.now().isBefore(deadline)) {
			if (!backend.isAlive()) {
				throw new AssertionError("the backend exited with " + backend.exitValue() + ":\n" + Files.readString(log));
			}
			try {
				if (http.send(readiness, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException notYet) {
				// still starting
			}
			Thread.sleep(250);
		}
		throw new AssertionError("the backend was not ready within 90 s:\n" + Files.readString(log));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
