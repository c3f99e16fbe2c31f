package io.github.mcpplatform.gateway.configrepo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.mcpplatform.gateway.policy.BackendAccess;

class ConfigRepoLoaderTests {

	@TempDir
	Path root;

	private final ConfigRepoLoader loader = new ConfigRepoLoader(Map.of("CNPG_BACKEND_URL", "http://127.0.0.1:8081/mcp")::get);

	@Test
	void loadWhenAnInvalidValueReferencesASecretThenTheMessageQuotesTheReferenceNotTheSecret() throws IOException {
		write("backends.yaml", """
				backends:
				  - name: db
				    url: ftp://db.internal/mcp?token=${DB_TOKEN}
				""");
		ConfigRepoLoader withSecret = new ConfigRepoLoader(Map.of("DB_TOKEN", "hunter2-secret")::get);

		assertThatThrownBy(() -> withSecret.load(this.root)).isInstanceOf(ConfigRejectedException.class)
			.hasMessageContaining("'ftp://db.internal/mcp?token=${DB_TOKEN}' must be an absolute http or https URL")
			.hasMessageNotContaining("hunter2");
	}

	@Test
	void loadWhenTheRepositorysOwnExampleThenItIsValid() {
		ConfigSnapshot snapshot = this.loader.load(Path.of("..", "config-repo"));

		assertThat(snapshot.backends()).containsExactly(new BackendDefinition("cnpg", URI.create("http://127.0.0.1:8081/mcp"),
				"cnpg", true, Duration.ofSeconds(30), new LongCalls(Duration.ofMinutes(15), Map.of()),
				"PostgreSQL clusters run by the CloudNativePG operator", BackendAccess.EVERYONE, BackendAuth.GATEWAY_JWT,
				BackendTransport.STREAMABLE_HTTP, "backends.yaml:6"));
	}

	@Test
	void loadWhenBackendsAreInAListAndInFilesThenAppliesDefaults() throws IOException {
		write("backends.yaml", """
				backends:
				  - name: cnpg
				    url: https://cnpg.mcp.svc/mcp
				    prefix: pg
				    enabled: false
				    timeout: 1500ms
				""");
		write("backends/search.yaml", "name: search\nurl: http://search:3000/mcp\n");

		ConfigSnapshot snapshot = this.loader.load(this.root);

		assertThat(snapshot.backends()).extracting(BackendDefinition::name, BackendDefinition::prefix,
				BackendDefinition::enabled, BackendDefinition::timeout)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("cnpg", "pg", false, Duration.ofMillis(1500)),
					org.assertj.core.groups.Tuple.tuple("search", "search", true, Duration.ofSeconds(30)));
	}

	@Test
	void loadWhenManyThingsAreWrongThenReportsEachWithFileLineAndField() throws IOException {
		write("backends.yaml", """
				backends:
				  - name: Billing
				    url: ftp://billing/mcp
				  - name: search
				    url: http://user:secret@search/mcp
				    timeout: 10m
				    enabled: yes please
				    retries: 3
				  - url: ${MISSING_URL}
				""");

		assertThatThrownBy(() -> this.loader.load(this.root)).isInstanceOfSatisfying(ConfigRejectedException.class,
				e -> assertThat(e.problems()).extracting(ConfigProblem::toString)
					.containsExactly(
							"backends.yaml:2 backends[0].name: 'Billing' is not an RFC 1123 label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit",
							"backends.yaml:3 backends[0].url: 'ftp://billing/mcp' must be an absolute http or https URL, e.g. http://cnpg-backend.mcp.svc:8081/mcp",
							"backends.yaml:8 backends[1].retries: unknown field (allowed: access, auth, description, enabled, max-call-duration, max-call-duration-per-tool, name, prefix, timeout, transport, url; with transport stdio: args, command, env, idle-timeout, max-processes, sharing; with transport openapi: openapi)",
							"backends.yaml:5 backends[1].url: must not carry credentials: secrets never live in the config repo",
							"backends.yaml:6 backends[1].timeout: '10m' is out of range: use 1s to 5m",
							"backends.yaml:7 backends[1].enabled: 'yes please' must be true or false",
							"backends.yaml:9 backends[2].name: is required",
							"backends.yaml:9 backends[2].url: references environment variable MISSING_URL, which is not set"));
	}

	@Test
	void loadWhenABackendDeclaresItsTransportThenItIsKeptAndAnUnknownOneListsTheAllowedOnes() throws IOException {
		write("backends.yaml", """
				backends:
				  - name: legacy
				    url: http://legacy:3001/sse
				    transport: sse
				  - name: plain
				    url: http://plain:3000/mcp
				""");

		assertThat(this.loader.load(this.root).backends()).extracting(BackendDefinition::transport)
			.containsExactly(BackendTransport.SSE, BackendTransport.STREAMABLE_HTTP);

		write("backends.yaml", "backends:\n  - {name: legacy, url: http://legacy:3001/sse, transport: websockets}\n");
		assertThatThrownBy(() -> this.loader.load(this.root)).isInstanceOfSatisfying(ConfigRejectedException.class,
				e -> assertThat(e.problems()).extracting(ConfigProblem::toString)
					.containsExactly("backends.yaml:2 backends[0].transport: 'websockets' is not a transport: use "
							+ "streamable-http (the default), sse, stdio or openapi"));
	}

	@Test
	void loadWhenABackendNamesWhoMayUseItThenItsAccessHasThoseGroupsAndUsers() throws IOException {
		write("backends.yaml", """
				backends:
				  - name: cnpg
				    url: ${CNPG_BACKEND_URL}
				    access:
				      groups: [dba, platform-team]
				      users:
				        - Alice@Example.com
				        - auth0|12345
				  - name: search
				    url: http://search:3000/mcp
				""");

		ConfigSnapshot snapshot = this.loader.load(this.root);

		assertThat(snapshot.backends().get(0).access())
			.isEqualTo(new BackendAccess(Set.of("dba", "platform-team"), Set.of("alice@example.com", "auth0|12345")));
		assertThat(snapshot.backends().get(1).access()).isEqualTo(BackendAccess.EVERYONE);
	}

	@Test
	void loadWhenAccessIsMalformedOrLetsNobodyInThenSaysWhatToWrite() throws IOException {
		write("backends.yaml", """
				backends:
				  - name: a
				    url: http://a/mcp
				    access: dba
				  - name: b
				    url: http://b/mcp
				    access:
				      group: [dba]
				      users: alice@example.com
				  - name: c
				    url: http://c/mcp
				    access: {groups: []}
				  - name: d
				    url: http://d/mcp
				    access:
				      groups: [{name: dba}, " dba", "${MISSING_GROUP}"]
				""");

		assertThatThrownBy(() -> this.loader.load(this.root)).isInstanceOfSatisfying(ConfigRejectedException.class,
				e -> assertThat(e.problems()).extracting(ConfigProblem::toString)
					.containsExactly(
							"backends.yaml:4 backends[0].access: must be a mapping with groups, users or both, e.g. access: {groups: [dba]}; leave access out to let every signed-in user in",
							"backends.yaml:8 backends[1].access.group: unknown field (allowed: groups, users)",
							"backends.yaml:9 backends[1].access.users: must be a list, e.g. [dba, platform]",
							"backends.yaml:12 backends[2].access: lets nobody in: list groups or users, leave access out to let every signed-in user in, or set enabled: false",
							"backends.yaml:16 backends[3].access.groups[0]: must be a single name, not a list or mapping",
							"backends.yaml:16 backends[3].access.groups[1]: ' dba' must be a name of 1 to 256 characters without surrounding spaces",
							"backends.yaml:16 backends[3].access.groups[2]: references environment variable MISSING_GROUP, which is not set"));
	}

	@Test
	void loadWhenNamesOrPrefixesRepeatThenPointsAtTheFirstDeclaration() throws IOException {
		write("backends.yaml", """
				backends:
				  - name: cnpg
				    url: http://a/mcp
				  - name: other
				    prefix: cnpg
				    url: http://b/mcp
				""");
		write("backends/cnpg.yaml", "name: cnpg\nurl: http://c/mcp\n");

		assertThatThrownBy(() -> this.loader.load(this.root)).hasMessageContaining(
				"backends.yaml:4 prefix: 'cnpg' is already the prefix of backend 'cnpg' (backends.yaml:2); tool names would collide")
			.hasMessageContaining("backends/cnpg.yaml:1 name: 'cnpg' is already used at backends.yaml:2");
	}

	@Test
	void loadWhenTheYamlIsBrokenThenSaysWhereAndKeepsCheckingOtherFiles() throws IOException {
		write("backends.yaml", "backends:\n  - name: a\n    url: [unclosed\n");
		write("backends/b.yaml", "name: b\nurl: nope\n");

		assertThatThrownBy(() -> this.loader.load(this.root))
			.hasMessageStartingWith("2 problem(s) in the config repo:")
			.hasMessageContaining("backends.yaml:4: YAML syntax:")
			.hasMessageContaining("backends/b.yaml:2 url: 'nope' must be an absolute http or https URL");
	}

	@Test
	void loadWhenAKeyRepeatsThenRejectsIt() throws IOException {
		write("backends/a.yaml", "name: a\nurl: http://a/mcp\nname: b\n");

		assertThatThrownBy(() -> this.loader.load(this.root)).hasMessageContaining("backends/a.yaml:3 name: appears more than once");
	}

	@Test
	void loadWhenThereIsNothingToReadThenSaysWhatToCreate() {
		assertThatThrownBy(() -> this.loader.load(this.root)).hasMessageContaining("no backends.yaml and no backends/ directory");
	}

	private void write(String file, String content) throws IOException {
		Path path = this.root.resolve(file);
		Files.createDirectories(path.getParent());
		Files.writeString(path, content);
	}

}
