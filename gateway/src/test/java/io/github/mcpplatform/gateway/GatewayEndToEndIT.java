package io.github.mcpplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Runs {@code e2e/gateway.test.mjs}: the official MCP TypeScript SDK client against the packaged gateway,
 * which fronts the packaged CNPG backend (sandbox mode) as the repository's config-repo example declares.
 * The script starts both jars itself (e2e/lib/servers.mjs).
 */
class GatewayEndToEndIT {

	@Test
	void theTypeScriptSdkClientReachesTheCnpgBackendThroughTheGateway() throws Exception {
		assertThat(Path.of("..", "cnpg-backend", "target", "cnpg-backend.jar")).as("the backend is packaged first").exists();
		run("gateway.test.mjs");
	}

	/**
	 * {@code e2e/gateway-cnpg-day2.test.mjs}: both TypeScript SDK clients run the CNPG day-2 scenario (backup,
	 * schedule, restore to a point in time, pooler, switchover, hibernate, wake) through the gateway.
	 */
	@Test
	void bothTypeScriptSdkClientsRunTheCnpgDayTwoScenarioThroughTheGateway() throws Exception {
		assertThat(Path.of("..", "cnpg-backend", "target", "cnpg-backend.jar")).as("the backend is packaged first").exists();
		run("gateway-cnpg-day2.test.mjs");
	}

	/** {@code e2e/sse-backend.test.mjs}: server-everything in its legacy HTTP+SSE mode behind the gateway. */
	@Test
	void bothTypeScriptSdkClientsReachALegacySseBackendThroughTheGateway() throws Exception {
		run("sse-backend.test.mjs");
	}

	private static void run(String script) throws Exception {
		assertThat(Path.of("target", "gateway.jar")).as("run 'verify', which packages the jar first").exists();
		Process node = new ProcessBuilder(List.of("node", "--test", "--test-timeout=240000", script))
			.directory(Path.of("..", "e2e").toFile())
			.redirectErrorStream(true)
			.start();
		// Echo through System.out so that the test runner's report keeps node's output.
		try (BufferedReader output = node.inputReader()) {
			output.lines().forEach(System.out::println);
		}
		assertThat(node.waitFor(300, TimeUnit.SECONDS)).as("the e2e run finished in time").isTrue();
		assertThat(node.exitValue()).as("node --test exit code (its output is above)").isZero();
	}

}
