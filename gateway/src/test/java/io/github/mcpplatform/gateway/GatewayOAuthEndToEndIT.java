package io.github.mcpplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import no.nav.security.mock.oauth2.MockOAuth2Server;

/**
 * Runs {@code e2e/gateway-oauth.test.mjs}: the official MCP TypeScript SDK client signs in to the packaged
 * gateway (gateway.auth.mode=oauth) with its own OAuth support, the identity provider being a
 * mock-oauth2-server embedded here, then uses the CNPG backend's tools and refreshes its token.
 */
class GatewayOAuthEndToEndIT {

	@Test
	void theTypeScriptSdkClientSignsInThroughTheGatewayAndUsesItsTools() throws Exception {
		assertThat(Path.of("target", "gateway.jar")).as("run 'verify', which packages the jar first").exists();
		assertThat(Path.of("..", "cnpg-backend", "target", "cnpg-backend.jar")).as("the backend is packaged first").exists();
		MockOAuth2Server idp = new MockOAuth2Server();
		idp.start(InetAddress.getLoopbackAddress(), 0);
		try {
			ProcessBuilder builder = new ProcessBuilder(
					List.of("node", "--test", "--test-timeout=120000", "gateway-oauth.test.mjs"))
				.directory(Path.of("..", "e2e").toFile())
				.redirectErrorStream(true);
			builder.environment().put("IDP_ISSUER", idp.issuerUrl("idp").toString());
			Process node = builder.start();
			try (BufferedReader output = node.inputReader()) {
				output.lines().forEach(System.out::println);
			}
			assertThat(node.waitFor(180, TimeUnit.SECONDS)).as("the e2e run finished in time").isTrue();
			assertThat(node.exitValue()).as("node --test exit code (its output is above)").isZero();
		}
		finally {
			idp.shutdown();
		}
	}

}
