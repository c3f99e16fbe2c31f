package io.github.mcpplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Runs {@code e2e/gateway-stdio.test.mjs}: both official MCP TypeScript SDK clients against the packaged gateway,
 * which runs {@code @modelcontextprotocol/server-everything} itself as stdio backends (shared and per user).
 */
class GatewayStdioEndToEndIT {

	@Test
	void theTypeScriptSdkClientsReachStdioBackendsThroughTheGateway() throws Exception {
		assertThat(Path.of("target", "gateway.jar")).as("run 'verify', which packages the jar first").exists();
		Process node = new ProcessBuilder(List.of("node", "--test", "--test-timeout=240000", "gateway-stdio.test.mjs"))
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
