package io.github.mcpplatform.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.github.mcpplatform.gateway.GatewayApplication;

/** A gateway that refuses to start says why and what to set, as one paragraph, not inside a stack trace. */
@ExtendWith(OutputCaptureExtension.class)
class StartupRefusalTests {

	@Test
	void aMissingConfigDirectoryIsOneParagraphNamingThePropertyAndTheFix(@TempDir Path directory, CapturedOutput output) {
		SpringApplicationBuilder app = new SpringApplicationBuilder(GatewayApplication.class);

		assertThatThrownBy(() -> app.run("--server.port=0", "--logging.structured.format.console=",
				"--gateway.config-repo.uri=" + directory.resolve("no-such-directory")))
			.isNotNull();

		assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
			.contains("gateway.config-repo.uri")
			.contains("no-such-directory")
			.contains("backends.yaml")
			.doesNotContain("\tat org.springframework");
	}

	@Test
	void eventLoopsBelowZeroOrAboveTheBoundAreRefusedNamingTheProperty(CapturedOutput output) {
		for (String loops : new String[] { "-1", "1025" }) {
			SpringApplicationBuilder app = new SpringApplicationBuilder(GatewayApplication.class);

			assertThatThrownBy(() -> app.run("--server.port=0", "--logging.structured.format.console=",
					"--gateway.config-repo.uri=../config-repo", "--CNPG_BACKEND_URL=http://127.0.0.1:9/mcp",
					"--gateway.event-loops=" + loops))
				.isNotNull();
		}

		assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
			.contains("gateway.event-loops")
			.contains("must be greater than or equal to 0")
			.contains("must be less than or equal to 1024");
	}

	@Test
	void unsafeSettingsAreOneParagraphNamingTheProperty(CapturedOutput output) {
		SpringApplicationBuilder app = new SpringApplicationBuilder(GatewayApplication.class);

		assertThatThrownBy(() -> app.run("--server.port=0", "--logging.structured.format.console=",
				"--gateway.config-repo.uri=https://someone:secret@git.example.com/config.git"))
			.isNotNull();

		assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
			.contains("gateway.config-repo.password")
			.doesNotContain("\tat org.springframework");
	}

	@Test
	void tracingOnWithoutACollectorIsRefusedNamingTheEndpointProperty(@TempDir Path directory, CapturedOutput output)
			throws Exception {
		java.nio.file.Files.writeString(directory.resolve("backends.yaml"), "backends: []\n");
		SpringApplicationBuilder app = new SpringApplicationBuilder(GatewayApplication.class);

		assertThatThrownBy(() -> app.run("--server.port=0", "--logging.structured.format.console=",
				"--gateway.config-repo.uri=" + directory, "--management.tracing.export.enabled=true"))
			.isNotNull();

		assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
			.contains("management.opentelemetry.tracing.export.otlp.endpoint")
			.doesNotContain("\tat org.springframework");
	}

	@Test
	void aPinnedClientDocumentThatWouldBeRefusedIfFetchedRefusesStartupNamingTheEntry(CapturedOutput output) {
		SpringApplicationBuilder app = new SpringApplicationBuilder(GatewayApplication.class);

		assertThatThrownBy(() -> app.run("--server.port=0", "--logging.structured.format.console=",
				"--gateway.config-repo.uri=../config-repo", "--CNPG_BACKEND_URL=http://127.0.0.1:9/mcp",
				"--gateway.auth.mode=oauth", "--gateway.auth.upstream.issuer-uri=http://127.0.0.1:9/idp",
				"--gateway.auth.upstream.client-id=gateway", "--gateway.auth.upstream.client-secret=secret",
				"--gateway.auth.client-metadata.pinned-clients[0].client-id=https://tools.example.com/client.json",
				"--gateway.auth.client-metadata.pinned-clients[0].document={\"client_id\":\"https://tools.example.com/other.json\","
						+ "\"client_name\":\"Tool\",\"redirect_uris\":[\"http://127.0.0.1/callback\"]}"))
			.isNotNull();

		assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
			.contains("gateway.auth.client-metadata.pinned-clients[0] (https://tools.example.com/client.json): the "
					+ "client's metadata document is not valid: its client_id is not exactly the URL it is published at")
			.doesNotContain("\tat org.springframework");
	}

	@Test
	void readingFromRedisReplicasIsRefusedBecauseTheyLagBehindTheMaster(CapturedOutput output) {
		SpringApplicationBuilder app = new SpringApplicationBuilder(GatewayApplication.class);

		assertThatThrownBy(() -> app.run("--server.port=0", "--logging.structured.format.console=",
				"--gateway.config-repo.uri=../config-repo", "--CNPG_BACKEND_URL=http://127.0.0.1:9/mcp", "--gateway.store=redis",
				"--spring.data.redis.lettuce.read-from=replicaPreferred"))
			.isNotNull();

		assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
			.contains("spring.data.redis.lettuce.read-from=replicaPreferred")
			.contains("Remove the setting")
			.doesNotContain("\tat org.springframework");
	}

}
