package io.github.mcpplatform.gateway.configrepo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.backend.BackendSettings;
import io.github.mcpplatform.gateway.backend.StreamableHttpTransports;
import io.github.mcpplatform.gateway.backend.TestMcpServer;
import reactor.test.StepVerifier;

/** The gateway following a real Git repository (over file://) as commits are pushed to it. */
class GitConfigRepoTests {

	@TempDir
	Path directory;

	private TestGitRepo repo;

	private TestMcpServer db;

	private TestMcpServer search;

	private BackendRegistry registry;

	private ConfigRepoSync sync;

	@BeforeEach
	void start() throws Exception {
		this.repo = new TestGitRepo(this.directory);
		this.db = new TestMcpServer(List.of("list_clusters"));
		this.search = new TestMcpServer(List.of("query"));
		this.registry = new BackendRegistry(new ConfigSnapshot(List.of()), new BackendSettings(Duration.ofMillis(300),
				Duration.ofMillis(500), Duration.ofMillis(100), Duration.ofMillis(500)), StreamableHttpTransports::to).start();
	}

	@AfterEach
	void stop() {
		if (this.sync != null) {
			this.sync.close();
		}
		this.registry.close();
		this.db.close();
		this.search.close();
		this.repo.close();
	}

	private ConfigRepoSync sync(String uri, Path work) {
		ConfigRepoSettings settings = new ConfigRepoSettings(uri, "main", "", Duration.ofHours(1),
				Duration.ofSeconds(10), null, null, null, null, null, null, null);
		Map<String, String> environment = Map.of("DB_URL", this.db.url(), "SEARCH_URL", this.search.url());
		ConfigRepoSync sync = new ConfigRepoSync(settings, new ConfigRepoLoader(environment::get), this.registry::apply, work);
		sync.start();
		return sync;
	}

	private static String backends(String... entries) {
		return "backends:\n" + String.join("", entries);
	}

	private static String entry(String name, String url, String extra) {
		return "  - name: " + name + "\n    url: " + url + "\n" + extra;
	}

	@Test
	void commitsThatAddChangeDisableAndRemoveBackendsReachTheMergedList() throws Exception {
		String first = this.repo.commit("db", Map.of("backends.yaml", backends(entry("db", "${DB_URL}", "    prefix: pg\n"))));
		this.sync = sync(this.repo.uri(), this.directory.resolve("gateway"));
		awaitLive(first);
		awaitRoutes("pg_list_clusters");
		Set<String> dbSessions = this.db.sessionIdsSeen();

		String added = this.repo.commit("add search", Map.of("backends/search.yaml", "name: search\nurl: ${SEARCH_URL}\n"));
		this.sync.requestPull("test");
		awaitLive(added);
		awaitRoutes("pg_list_clusters", "search_query");
		assertThat(this.db.sessionIdsSeen()).as("an unchanged backend keeps its connection").isEqualTo(dbSessions);

		String renamed = this.repo.commit("new prefix", Map.of("backends.yaml", backends(entry("db", "${DB_URL}", "    prefix: postgres\n"))));
		this.sync.requestPull("test");
		awaitLive(renamed);
		awaitRoutes("postgres_list_clusters", "search_query");

		String disabled = this.repo.commit("disable search", Map.of("backends/search.yaml", "name: search\nurl: ${SEARCH_URL}\nenabled: false\n"));
		this.sync.requestPull("test");
		awaitLive(disabled);
		awaitRoutes("postgres_list_clusters");

		java.util.HashMap<String, String> removal = new java.util.HashMap<>();
		removal.put("backends/search.yaml", null);
		String removed = this.repo.commit("remove search", removal);
		this.sync.requestPull("test");
		awaitLive(removed);
		assertThat(this.sync.status().live().backends()).isEqualTo(1);
		assertThat(this.sync.status().inSync()).isTrue();
	}

	@Test
	void badCommitsAreRefusedWithTheirProblemsAndTheLastGoodSnapshotStays() throws Exception {
		String good = this.repo.commit("db", Map.of("backends.yaml", backends(entry("db", "${DB_URL}", ""))));
		this.sync = sync(this.repo.uri(), this.directory.resolve("gateway"));
		awaitLive(good);
		awaitRoutes("db_list_clusters");

		Map<String, String> bad = new java.util.LinkedHashMap<>();
		bad.put("backends:\n  - name: db\n    url: [unclosed\n", "YAML syntax");
		bad.put(backends(entry("db", "${DB_URL}", "    colour: blue\n")), "colour: unknown field");
		bad.put(backends(entry("Bad_Name", "${DB_URL}", "")), "is not an RFC 1123 label");
		bad.put(backends(entry("db", "${DB_URL}", ""), entry("db2", "${DB_URL}", "    prefix: db\n")), "is already the prefix");
		bad.put(backends(entry("db", "ftp://example.com/mcp", "")), "must be an absolute http or https URL");
		bad.put(backends(entry("db", "${DB_URL}", "    timeout: 2h\n")), "out of range");
		bad.put(backends(entry("db", "${NOT_SET_ANYWHERE}", "")), "NOT_SET_ANYWHERE, which is not set");
		for (Map.Entry<String, String> commit : bad.entrySet()) {
			String sha = this.repo.commit("bad: " + commit.getValue(), Map.of("backends.yaml", commit.getKey()));
			this.sync.requestPull("test");
			ConfigRepoStatus status = awaitStatus(s -> s.rejected() != null && s.rejected().version().equals(sha));
			assertThat(status.rejected().problems()).anySatisfy(problem -> assertThat(problem)
				.startsWith("backends.yaml").contains(commit.getValue()));
			assertThat(status.live().version()).isEqualTo(good);
			assertThat(status.inSync()).isFalse();
			assertThat(this.registry.catalog().toolRoutes()).containsOnlyKeys("db_list_clusters");
		}

		String fixed = this.repo.commit("fixed", Map.of("backends.yaml", backends(entry("db", "${DB_URL}", "    prefix: pg\n"))));
		this.sync.requestPull("test");
		ConfigRepoStatus status = awaitLive(fixed);
		assertThat(status.rejected()).isNull();
		awaitRoutes("pg_list_clusters");
	}

	@Test
	void forcePushingBackToTheLiveCommitClearsTheRefusal() throws Exception {
		String good = this.repo.commit("db", Map.of("backends.yaml", backends(entry("db", "${DB_URL}", ""))));
		this.sync = sync(this.repo.uri(), this.directory.resolve("gateway"));
		awaitLive(good);
		String bad = this.repo.commit("bad", Map.of("backends.yaml", backends(entry("db", "${DB_URL}", "    colour: blue\n"))));
		this.sync.requestPull("test");
		awaitStatus(s -> s.rejected() != null && s.rejected().version().equals(bad));

		this.repo.forcePushBackTo(good);
		this.sync.requestPull("test");

		ConfigRepoStatus status = awaitStatus(s -> s.rejected() == null);
		assertThat(status.live().version()).isEqualTo(good);
		assertThat(status.inSync()).isTrue();
	}

	@Test
	void revertingARefusedDirectoryChangeToTheLiveContentClearsTheRefusal() throws Exception {
		Path config = java.nio.file.Files.createDirectories(this.directory.resolve("config"));
		Path file = config.resolve("backends.yaml");
		String good = backends(entry("db", "${DB_URL}", ""));
		java.nio.file.Files.writeString(file, good);
		this.sync = sync(config.toString(), this.directory.resolve("gateway"));
		this.sync.loadDirectoryNow();
		String live = this.sync.status().live().version();
		java.nio.file.Files.writeString(file, backends(entry("db", "${DB_URL}", "    colour: blue\n")));
		this.sync.requestPull("test");
		awaitStatus(s -> s.rejected() != null);

		java.nio.file.Files.writeString(file, good);
		this.sync.requestPull("test");

		ConfigRepoStatus status = awaitStatus(s -> s.rejected() == null);
		assertThat(status.live().version()).isEqualTo(live);
		assertThat(status.inSync()).isTrue();
	}

	@Test
	void aPullThatFindsNothingNewReconnectsNothing() throws Exception {
		String first = this.repo.commit("db", Map.of("backends.yaml", backends(entry("db", "${DB_URL}", ""))));
		this.sync = sync(this.repo.uri(), this.directory.resolve("gateway"));
		awaitLive(first);
		awaitRoutes("db_list_clusters");
		Set<String> sessions = this.db.sessionIdsSeen();
		java.time.Instant pulled = this.sync.status().lastPull();

		this.sync.requestPull("test");
		awaitStatus(s -> s.lastPull() != null && s.lastPull().isAfter(pulled));

		assertThat(this.db.sessionIdsSeen()).isEqualTo(sessions);
		assertThat(this.sync.status().live().version()).isEqualTo(first);
	}

	@Test
	void aRepositoryThatCannotBeReachedAtStartupIsServedFromTheLastGoodCopyOrLeavesTheGatewayNotReady() throws Exception {
		String first = this.repo.commit("db", Map.of("backends.yaml", backends(entry("db", "${DB_URL}", ""))));
		Path work = this.directory.resolve("gateway");
		this.sync = sync(this.repo.uri(), work);
		awaitLive(first);
		this.sync.close();

		// Same work directory, repository gone: the disk copy serves.
		this.sync = sync(this.directory.resolve("nowhere.git").toUri().toString(), work);
		ConfigRepoStatus cached = awaitStatus(s -> s.live() != null);
		assertThat(cached.live().from()).isEqualTo("cache");
		assertThat(cached.live().version()).isEqualTo(first);
		assertThat(cached.lastError()).isNotBlank();
		assertThat(cached.inSync()).isFalse();
		awaitRoutes("db_list_clusters");
		this.sync.close();

		// No disk copy either: nothing is live, and the reason is given.
		this.sync = sync(this.directory.resolve("nowhere.git").toUri().toString(), this.directory.resolve("fresh"));
		ConfigRepoStatus nothing = awaitStatus(s -> s.lastError() != null);
		assertThat(nothing.live()).isNull();
		assertThat(nothing.lastError()).isNotBlank();
	}

	private ConfigRepoStatus awaitLive(String version) {
		return awaitStatus(s -> s.live() != null && s.live().version().equals(version) && !"cache".equals(s.live().from()));
	}

	private ConfigRepoStatus awaitStatus(Predicate<ConfigRepoStatus> condition) {
		return this.sync.statuses().filter(condition).blockFirst(Duration.ofSeconds(15));
	}

	/** Up to 30 s: the first MCP connection of a cold JVM on a loaded 2-core machine took more than 10. */
	private void awaitRoutes(String... names) {
		StepVerifier.create(this.registry.catalogChanges()
			.filter(catalog -> catalog.toolRoutes().keySet().equals(Set.of(names)))
			.next()).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(30));
	}

}
