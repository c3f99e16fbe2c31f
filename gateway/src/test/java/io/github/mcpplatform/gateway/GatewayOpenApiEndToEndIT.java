package io.github.mcpplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Runs {@code e2e/gateway-openapi.test.mjs}: both official MCP TypeScript SDK clients against the packaged gateway,
 * which offers a REST service implementing the Swagger Petstore 3 document as an OpenAPI backend (read-only, and
 * with writes and deletes).
 */
class GatewayOpenApiEndToEndIT {

	@Test
	void theTypeScriptSdkClientsReachARestApiThroughItsOpenApiDocument() throws Exception {
		assertThat(Path.of("target", "gateway.jar")).as("run 'verify', which packages the jar first").exists();
		Process node = new ProcessBuilder(List.of("node", "--test", "--test-timeout=240000", "gateway-openapi.test.mjs"))
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
