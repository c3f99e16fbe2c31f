package io.github.mcpplatform.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.mcpplatform.gateway.backend.BackendStatus.State;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.ConfigSnapshot;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.policy.BackendAccess;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import reactor.test.StepVerifier;

/** Backends are real MCP servers on loopback; the gateway side is the production connection code. */
class BackendRegistryTests {

	private static final BackendSettings FAST = new BackendSettings(Duration.ofMillis(200), Duration.ofMillis(500),
			Duration.ofMillis(100), Duration.ofMillis(500));

	private static final GatewayUser ANYONE = GatewayUser.named("anyone", "test");

	private static final GatewayUser DBA = new GatewayUser("ann-1", "https://idp.example", "ann", "Ann@Example.com", List.of("staff", "dba"));

	private TestMcpServer db;

	private TestMcpServer search;

	private BackendRegistry registry;

	@AfterEach
	void stop() {
		if (this.registry != null) {
			this.registry.close();
		}
		for (TestMcpServer server : new TestMcpServer[] { this.db, this.search }) {
			if (server != null) {
				server.close();
			}
		}
	}

	@Test
	void toolsWhenBackendsAreReadyThenMergesThemUnderTheirPrefixesAndRoutesBack() throws Exception {
		this.db = new TestMcpServer(List.of("list_clusters", "get_status"));
		this.search = new TestMcpServer(List.of("query"));
		this.registry = registry(backend("db", "pg", this.db.url()), backend("search", "search", this.search.url()));

		StepVerifier.create(this.registry.catalogChanges().filter(tools -> tools.tools().size() == 3).next())
			.assertNext(merged -> {
				assertThat(merged.tools()).extracting(Tool::name)
					.containsExactly("pg_list_clusters", "pg_get_status", "search_query");
				assertThat(merged.tool("pg_get_status")).contains(new MergedCatalog.Route("db", "get_status"));
				assertThat(merged.tools().get(0).description()).isEqualTo("test tool list_clusters");
			})
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void healthWhenOnePingIsTooSlowThenTheBackendStaysListed() throws Exception {
		readyDb();
		this.db.stallNext(1, FAST.healthTimeout().plusMillis(300));
		List<MergedCatalog> seen = this.registry.catalogChanges().take(Duration.ofSeconds(2)).collectList().block();

		assertThat(this.db.stallsLeft()).as("a ping was stalled").isZero();
		assertThat(seen).allSatisfy(merged -> assertThat(merged.toolRoutes()).containsKey("pg_list_clusters"));
		assertThat(this.registry.statuses()).extracting(BackendStatus::state).containsExactly(State.READY);
	}

	@Test
	void healthWhenTwoPingsInARowAreTooSlowThenTheBackendIsDownUntilItAnswersAgain() throws Exception {
		readyDb();
		this.db.stallNext(2, FAST.healthTimeout().plusMillis(300));

		awaitTools(0);
		assertThat(this.registry.statuses()).extracting(BackendStatus::state).containsExactly(State.DOWN);
		awaitTools(1);
	}

	@Test
	void unavailableNamesTheConfiguredBackendWithThisPrefixWhenItIsNotReady() throws Exception {
		startWithDbDown();
		awaitTools(1);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.registry.statuses().stream().anyMatch(status -> status.state() == State.DOWN));

		assertThat(this.registry.unavailable("pg", ANYONE)).hasValueSatisfying(status -> {
			assertThat(status.backend()).isEqualTo("db");
			assertThat(status.state()).isEqualTo(State.DOWN);
		});
		assertThat(this.registry.unavailable("search", ANYONE)).as("ready").isEmpty();
		assertThat(this.registry.unavailable("pgx", ANYONE)).as("another prefix").isEmpty();
	}

	@Test
	void toolsWhenOneBackendIsDownAtStartThenTheOtherIsListedAndTheFirstJoinsWhenItComesUp() throws Exception {
		startWithDbDown();

		StepVerifier.create(this.registry.catalogChanges().filter(tools -> tools.toolRoutes().containsKey("search_query")).next())
			.assertNext(merged -> assertThat(merged.toolRoutes()).containsOnlyKeys("search_query"))
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		assertThat(this.registry.statuses()).extracting(BackendStatus::state).contains(State.DOWN);

		this.db.start();

		StepVerifier.create(this.registry.catalogChanges().filter(tools -> tools.toolRoutes().size() == 2).next())
			.expectNextCount(1)
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void toolsWhenARunningBackendDiesThenItsToolsLeaveWithinSecondsAndComeBack() throws Exception {
		this.db = new TestMcpServer(List.of("list_clusters"));
		this.registry = registry(backend("db", "pg", this.db.url()));
		awaitTools(1);

		this.db.stop();
		awaitTools(0);
		assertThat(this.registry.statuses().get(0).problem()).isNotBlank();

		this.db.start();
		awaitTools(1);
	}

	@Test
	void toolsWhenABackendChangesItsToolsWithoutNotifyingThenThePeriodicRefreshFindsIt() throws Exception {
		this.db = new TestMcpServer(List.of("list_clusters"), 0, false);
		this.registry = new BackendRegistry(new ConfigSnapshot(List.of(backend("db", "pg", this.db.url()))),
				new BackendSettings(Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofMillis(100),
						Duration.ofMillis(500), Duration.ofMillis(300)),
				StreamableHttpTransports::to)
			.start();
		awaitTools(1);

		this.db.addTool("create_cluster");

		awaitTools(2);
	}

	@Test
	void toolsWhenTheBackendChangesItsToolsThenTheMergedListFollows() throws Exception {
		this.db = new TestMcpServer(List.of("list_clusters"));
		this.registry = registry(backend("db", "pg", this.db.url()));
		awaitTools(1);

		this.db.addTool("create_cluster");

		StepVerifier.create(this.registry.catalogChanges().filter(tools -> tools.toolRoutes().containsKey("pg_create_cluster")).next())
			.expectNextCount(1)
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void disabledBackendsAreNotConnected() throws Exception {
		this.db = new TestMcpServer(List.of("list_clusters"));
		BackendDefinition disabled = new BackendDefinition("db", URI.create(this.db.url()), "pg", false,
				Duration.ofSeconds(2), null, "test:1");
		this.registry = new BackendRegistry(new ConfigSnapshot(List.of(disabled)), FAST, StreamableHttpTransports::to).start();

		assertThat(this.registry.statuses()).isEmpty();
		assertThat(this.registry.catalog()).isEqualTo(MergedCatalog.EMPTY);
	}

	@Test
	void applyThenNewBackendsConnectChangedOnesReconnectRemovedOnesLeaveAndUnchangedOnesAreUntouched() throws Exception {
		this.db = new TestMcpServer(List.of("list_clusters"));
		this.search = new TestMcpServer(List.of("query"));
		this.registry = registry(backend("db", "pg", this.db.url()));
		awaitRoutes("pg_list_clusters");
		java.util.Set<String> dbSessions = this.db.sessionIdsSeen();

		// Added: search connects. db is declared the same (on another line): its connection stays.
		BackendDefinition movedDb = new BackendDefinition("db", URI.create(this.db.url()), "pg", true, Duration.ofSeconds(2),
				null, "backends.yaml:9");
		this.registry.apply(new ConfigSnapshot(List.of(movedDb, backend("search", "search", this.search.url()))));
		awaitRoutes("pg_list_clusters", "search_query");
		assertThat(this.db.sessionIdsSeen()).isEqualTo(dbSessions);

		// Changed prefix: db reconnects under its new name.
		this.registry.apply(new ConfigSnapshot(List.of(backend("db", "postgres", this.db.url()),
				backend("search", "search", this.search.url()))));
		awaitRoutes("postgres_list_clusters", "search_query");

		// Disabled, then removed.
		BackendDefinition disabledSearch = new BackendDefinition("search", URI.create(this.search.url()), "search", false,
				Duration.ofSeconds(2), null, "test:2");
		this.registry.apply(new ConfigSnapshot(List.of(backend("db", "postgres", this.db.url()), disabledSearch)));
		awaitRoutes("postgres_list_clusters");
		this.registry.apply(new ConfigSnapshot(List.of()));
		awaitRoutes();
		assertThat(this.registry.backend("db")).isEmpty();
	}

	@Test
	void applyWhenOnlyWhoMayUseABackendChangesThenItKeepsItsConnectionAndOnlyThoseAdmittedSeeIt() throws Exception {
		this.db = new TestMcpServer(List.of("list_clusters"));
		this.search = new TestMcpServer(List.of("query"));
		this.registry = registry(backend("db", "pg", this.db.url()), backend("search", "search", this.search.url()));
		awaitRoutes("pg_list_clusters", "search_query");
		java.util.Set<String> dbSessions = this.db.sessionIdsSeen();

		BackendDefinition dbaOnly = new BackendDefinition("db", URI.create(this.db.url()), "pg", true, Duration.ofSeconds(2),
				"the databases", new BackendAccess(Set.of("dba"), Set.of()), "test:1");
		this.registry.apply(new ConfigSnapshot(List.of(dbaOnly, backend("search", "search", this.search.url()))));
		MergedCatalog restricted = this.registry.catalogChanges().filter(catalog -> !catalog.restricted().isEmpty())
			.blockFirst(Duration.ofSeconds(10));

		assertThat(this.db.sessionIdsSeen()).as("no new backend session").isEqualTo(dbSessions);
		assertThat(restricted.visibleTo(DBA)).isSameAs(restricted);
		MergedCatalog outside = restricted.visibleTo(ANYONE);
		assertThat(outside.tools()).extracting(Tool::name).containsExactly("search_query");
		assertThat(outside.toolRoutes()).containsOnlyKeys("search_query");
		assertThat(outside.prompts()).extracting(Prompt::name).containsExactly("search_greet");
		assertThat(outside.resources()).extracting(Resource::uri).containsExactly("search+test://docs/readme");
		assertThat(outside.backendsByPrefix()).containsOnlyKeys("search");
		assertThat(restricted.admits("db", ANYONE)).isFalse();
		assertThat(restricted.admits("db", DBA)).isTrue();
		assertThat(this.registry.backend("db")).hasValueSatisfying(db -> assertThat(db.description()).isEqualTo("the databases"));

		this.db.stop();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.unavailable("pg", DBA).isPresent());
		assertThat(this.registry.unavailable("pg", ANYONE)).as("a backend they may not use never existed for them").isEmpty();
	}

	private void awaitRoutes(String... names) {
		StepVerifier.create(this.registry.catalogChanges()
			.filter(catalog -> catalog.toolRoutes().keySet().equals(java.util.Set.of(names)))
			.next()).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(10));
	}

	/** Two backends: db (prefix pg), whose server is not listening, and search, which is. */
	private void startWithDbDown() throws Exception {
		this.db = new TestMcpServer(List.of("list_clusters"));
		this.db.stop();
		this.search = new TestMcpServer(List.of("query"));
		this.registry = registry(backend("db", "pg", this.db.url()), backend("search", "search", this.search.url()));
	}

	/** One backend, db with prefix pg and one tool, connected and listed. */
	private void readyDb() throws Exception {
		this.db = new TestMcpServer(List.of("list_clusters"));
		this.registry = registry(backend("db", "pg", this.db.url()));
		awaitTools(1);
	}

	private void awaitTools(int count) {
		StepVerifier.create(this.registry.catalogChanges().filter(tools -> tools.tools().size() == count).next())
			.expectNextCount(1)
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	private BackendRegistry registry(BackendDefinition... backends) {
		return new BackendRegistry(new ConfigSnapshot(List.of(backends)), FAST, StreamableHttpTransports::to).start();
	}

	private static BackendDefinition backend(String name, String prefix, String url) {
		return new BackendDefinition(name, URI.create(url), prefix, true, Duration.ofSeconds(2), null, "test:1");
	}

}
