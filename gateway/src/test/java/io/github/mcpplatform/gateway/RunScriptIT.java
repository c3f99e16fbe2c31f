package io.github.mcpplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./run} driven as a user drives it, with the jars this build packaged ({@code --no-build}) and ports of
 * its own: its help, the sandbox by default even when a kubeconfig exists, a stopped cluster reported in seconds,
 * and a stop through its own PID that leaves no JVM behind.
 */
class RunScriptIT {

	private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

	@TempDir
	Path directory;

	private Path staleKubeconfig;

	private final List<Process> started = new ArrayList<>();

	@BeforeEach
	void packagedJarsAndAStoppedCluster() throws IOException {
		assertThat(REPOSITORY.resolve("gateway/target/gateway.jar")).as("run 'verify', which packages the jar first").exists();
		assertThat(REPOSITORY.resolve("cnpg-backend/target/cnpg-backend.jar")).as("the backend is packaged first").exists();
		// A kubeconfig whose cluster is down: a laptop's kind cluster that was stopped.
		this.staleKubeconfig = Files.writeString(this.directory.resolve("kubeconfig"), """
				apiVersion: v1
				kind: Config
				clusters:
				- name: stopped
				  cluster:
				    server: https://127.0.0.1:%d
				users:
				- name: someone
				  user:
				    token: not-a-real-token
				contexts:
				- name: kind-stopped-laptop
				  context:
				    cluster: stopped
				    user: someone
				current-context: kind-stopped-laptop
				""".formatted(freePort()));
	}

	@AfterEach
	void stopWhatIsLeft() {
		for (Process process : this.started) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
		}
	}

	@Test
	void helpListsThePortsTheClusterSwitchTheConfigRepoAndThePollInterval() throws Exception {
		Run run = run("--help");

		assertThat(run.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(run.process.exitValue()).isZero();
		assertThat(run.output()).contains("--gateway-port", "--backend-port", "--cluster", "--context", "--config-repo",
				"--poll-interval", "--no-build", "SANDBOX");
	}

	@Test
	void withClusterAStoppedClusterIsReportedWithinSecondsNamingTheContextAndStartingNothing() throws Exception {
		long begun = System.nanoTime();
		Run run = run("--no-build", "--cluster", "--gateway-port", String.valueOf(freePort()), "--backend-port",
				String.valueOf(freePort()));

		// Bounded for a loaded CI machine; on an idle laptop the answer takes about two seconds.
		assertThat(run.process.waitFor(60, TimeUnit.SECONDS)).as("./run answered; its output: %s", run.output()).isTrue();
		Duration took = Duration.ofNanos(System.nanoTime() - begun);
		System.out.println("./run --cluster reported the stopped cluster after " + took.toMillis() + " ms");
		assertThat(run.process.exitValue()).isNotZero();
		assertThat(run.output()).contains("'kind-stopped-laptop'", "does not answer", "without --cluster")
			.doesNotContain("Started CnpgBackendApplication");
	}

	@Test
	void byDefaultTheSandboxServesAndTheBannerComesLastThenSigtermToItsPidStopsEverything() throws Exception {
		int gatewayPort = freePort();
		Run run = run("--no-build", "--gateway-port", String.valueOf(gatewayPort), "--backend-port",
				String.valueOf(freePort()), "--poll-interval", "5s");

		String output = run.await(text -> text.contains("(Ctrl-C stops both.)"), Duration.ofMinutes(5));
		assertThat(output).contains("SANDBOX mode")
			.contains("MCP gateway ready at http://127.0.0.1:" + gatewayPort + "/mcp (1 backend(s) connected)")
			.contains("claude mcp add --transport http platform http://127.0.0.1:" + gatewayPort + "/mcp")
			.doesNotContain("Loaded RoutePredicateFactory", "HV000271");
		assertThat(output.indexOf("Backend cnpg is ready")).as("the backend connects before the banner")
			.isPositive()
			.isLessThan(output.indexOf("claude mcp add"));
		List<ProcessHandle> jvms = run.process.descendants().filter(p -> p.info().command().orElse("").endsWith("java"))
			.toList();
		assertThat(jvms).as("the backend and the gateway").hasSize(2);

		run.process.destroy(); // SIGTERM to ./run's own PID, as `kill <pid>` from another shell

		assertThat(run.process.waitFor(60, TimeUnit.SECONDS)).as("./run ended; its output: %s", run.output()).isTrue();
		assertThat(jvms).as("no JVM outlives ./run").noneMatch(ProcessHandle::isAlive);
	}

	private Run run(String... arguments) throws IOException {
		List<String> command = new ArrayList<>(List.of(REPOSITORY.resolve("run").toString()));
		command.addAll(List.of(arguments));
		Path log = Files.createTempFile(this.directory, "run", ".log");
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("KUBECONFIG", this.staleKubeconfig.toString());
		Process process = builder.start();
		this.started.add(process);
		return new Run(process, log);
	}

	/**
	 * A port that is free now, chosen below Linux's ephemeral range (32768 and up): ./run's processes bind
	 * port 0 for their own sockets (the sandbox's in-memory Kubernetes API among them), and one of those once
	 * took the ephemeral port picked here before the backend bound it.
	 */
	private static int freePort() throws IOException {
		java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
		for (int attempt = 0; attempt < 200; attempt++) {
			int port = random.nextInt(20_000, 32_000);
			try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
				return socket.getLocalPort();
			}
			catch (IOException taken) {
				// try another
			}
		}
		throw new IOException("no free port between 20000 and 32000 after 200 tries");
	}

	private record Run(Process process, Path log) {

		String output() throws IOException {
			return Files.readString(this.log);
		}

		/** Polls the output (bounded) until it satisfies the condition. */
		String await(Predicate<String> condition, Duration limit) throws Exception {
			long deadline = System.nanoTime() + limit.toNanos();
			while (System.nanoTime() < deadline) {
				String text = output();
				if (condition.test(text)) {
					return text;
				}
				assertThat(this.process.isAlive()).as("./run still runs; its output: %s", text).isTrue();
				this.process.waitFor(250, TimeUnit.MILLISECONDS);
			}
			throw new AssertionError("./run did not get there within " + limit + "; its output:\n" + output());
		}

	}

}
