package io.github.mcpplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Runs {@code e2e/gateway-third-party.test.mjs}: the official MCP TypeScript SDK clients against the packaged
 * gateway, which fronts two servers nobody here wrote: kubernetes-mcp-server from npm (declared by
 * {@code config-repo/examples/kubernetes.yaml}, reading the packaged CNPG backend's sandbox Kubernetes API) and
 * {@code @modelcontextprotocol/server-everything}, whose URL-elicitation tool must reach the clients that declare
 * URL elicitation. The script starts every process itself (e2e/lib/servers.mjs).
 */
class ThirdPartyBackendsEndToEndIT {

	@Test
	void theTypeScriptSdkClientsReachKubernetesMcpServerAndServerEverythingAsTheyAre() throws Exception {
		assertThat(Path.of("target", "gateway.jar")).as("run 'verify', which packages the jar first").exists();
		assertThat(Path.of("..", "cnpg-backend", "target", "cnpg-backend.jar")).as("the backend is packaged first").exists();
		Process node = new ProcessBuilder(List.of("node", "--test", "--test-timeout=240000", "gateway-third-party.test.mjs"))
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
