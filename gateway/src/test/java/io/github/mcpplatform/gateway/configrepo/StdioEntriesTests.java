package io.github.mcpplatform.gateway.configrepo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.mcpplatform.gateway.configrepo.BackendTransport.EnvValue;
import io.github.mcpplatform.gateway.configrepo.BackendTransport.Sharing;
import io.github.mcpplatform.gateway.configrepo.BackendTransport.Stdio;

/** {@code transport: stdio} entries: what they become, the secret rules, and the setting that keeps them off. */
class StdioEntriesTests {

	private static final String EVERYTHING = """
			backends:
			  - name: everything
			    transport: stdio
			    sharing: shared
			    command: node
			    args: [server.js, stdio]
			    env:
			      LOG_LEVEL: info
			      GITHUB_TOKEN: ${GITHUB_TOKEN}
			      API_KEY: {file: /var/run/secrets/mcp/api-key}
			""";

	@TempDir
	Path root;

	private final Map<String, String> environment = Map.of("GITHUB_TOKEN", "ghp_s3cretvalue0123456789");

	@Test
	void aStdioBackendBecomesItsCommandArgumentsAndEnvironmentWithNoUrlOfItsOwn() throws IOException {
		write(EVERYTHING);

		BackendDefinition backend = new ConfigRepoLoader(this.environment::get, true).load(this.root).backends().get(0);

		assertThat(backend.url()).isEqualTo(URI.create("stdio:everything"));
		assertThat(backend.transport()).isEqualTo(new Stdio("node", List.of("server.js", "stdio"),
				Map.of("LOG_LEVEL", new EnvValue.Literal("info"), "GITHUB_TOKEN",
						new EnvValue.FromEnvironment("GITHUB_TOKEN", "ghp_s3cretvalue0123456789"), "API_KEY",
						new EnvValue.FromFile(Path.of("/var/run/secrets/mcp/api-key"))),
				Sharing.SHARED, 10, Duration.ofMinutes(15)));
		assertThat(backend.toString()).doesNotContain("s3cret");
	}

	@Test
	void perUserProcessesTakeTheirBoundAndIdleTimeout() throws IOException {
		write("backends:\n  - {name: a, transport: stdio, sharing: per-user, command: a, max-processes: 3, idle-timeout: 2h}");

		Stdio stdio = (Stdio) new ConfigRepoLoader(this.environment::get, true).load(this.root).backends().get(0).transport();

		assertThat(stdio.sharing()).isEqualTo(Sharing.PER_USER);
		assertThat(stdio.maxProcesses()).isEqualTo(3);
		assertThat(stdio.idleTimeout()).isEqualTo(Duration.ofHours(2));
	}

	@Test
	void whileStdioBackendsAreOffARepoThatDeclaresOneIsRefusedNamingTheSetting() throws IOException {
		write(EVERYTHING);

		assertThatThrownBy(() -> new ConfigRepoLoader(this.environment::get).load(this.root))
			.isInstanceOf(ConfigRejectedException.class)
			.hasMessageContaining("backends.yaml:3 backends[0].transport:")
			.hasMessageContaining("set gateway.backends.stdio.enabled=true");
	}

	@Test
	void aLiteralSecretIsRefusedWithWhereToPutItAndWithoutEchoingIt() throws IOException {
		write("""
				backends:
				  - name: a
				    transport: stdio
				    sharing: shared
				    command: a
				    env: {SEARCH_API_KEY: hunter2, OPTIONS: xoxb-0123456789-abcdef}
				    args: [--key=AKIAABCDEFGHIJKLMNOP]
				""");

		assertThatThrownBy(() -> new ConfigRepoLoader(this.environment::get, true).load(this.root))
			.hasMessageContaining("backends[0].env.SEARCH_API_KEY: looks like a secret (by its name)")
			.hasMessageContaining("backends[0].env.OPTIONS: looks like a secret (by its value)")
			.hasMessageContaining("backends[0].args[0]: looks like a secret")
			.hasMessageContaining("${VARIABLE}")
			.message()
			.doesNotContain("hunter2")
			.doesNotContain("xoxb-")
			.doesNotContain("AKIA");
	}

	@Test
	void anUnsetVariableIsNamedAsForAnyOtherReference() throws IOException {
		write("backends:\n  - {name: a, transport: stdio, sharing: shared, command: a, env: {TOKEN: \"${MISSING}\"}}");

		assertThatThrownBy(() -> new ConfigRepoLoader(this.environment::get, true).load(this.root))
			.hasMessageContaining("backends[0].env.TOKEN: references environment variable MISSING, which is not set");
	}

	private void write(String yaml) throws IOException {
		Files.writeString(this.root.resolve(ConfigRepoLoader.BACKENDS_FILE), yaml);
	}

}
