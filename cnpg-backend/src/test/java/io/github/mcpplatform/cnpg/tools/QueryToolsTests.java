package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.ToolHarness.structured;
import static io.github.mcpplatform.cnpg.tools.ToolHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.github.mcpplatform.cnpg.cnpg.CnpgKinds;
import io.github.mcpplatform.cnpg.sql.PostgresQueries;
import io.github.mcpplatform.cnpg.sql.ReadOnlyStatements;
import io.github.mcpplatform.cnpg.sql.SqlProperties;
import io.github.mcpplatform.cnpg.sql.TestPostgres;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/**
 * run_postgres_query against a real PostgreSQL (the tests' own, {@link TestPostgres}), with the cluster and its
 * application secret in the sandbox's Kubernetes API: what runs, what is refused before PostgreSQL is reached,
 * what only PostgreSQL's read-only transaction can refuse, and the limits.
 */
class QueryToolsTests {

	private static final TestPostgres POSTGRES = TestPostgres.get();

	/** The Services the tools connected through: none for a statement refused before PostgreSQL. */
	private static final List<String> CONNECTED = new CopyOnWriteArrayList<>();

	private static final PostgresQueries QUERIES = new PostgresQueries(
			new SqlProperties(Duration.ofSeconds(2), Duration.ofSeconds(5), 1000, 4), (namespace, service) -> {
				CONNECTED.add(service);
				return POSTGRES.address();
			});

	private final ToolHarness tools = new ToolHarness("sql", QUERIES);

	@BeforeEach
	void givenAClusterWithItsApplicationSecret() {
		CONNECTED.clear();
		this.tools.givenCluster("pg", 3, ToolHarness.healthy("pg", 3));
		givenAppSecret("pg-app", TestPostgres.APP_USER, POSTGRES.appPassword());
	}

	@AfterAll
	static void close() {
		QUERIES.close();
	}

	@Test
	void aSelectReturnsItsRowsAsATableAndAsColumnsAndRows() {
		CallToolResult result = query("SELECT id, customer FROM orders WHERE id <= 3 ORDER BY id");

		assertThat(result.isError()).as(text(result)).isFalse();
		assertThat(text(result)).startsWith("3 row(s) from pg-ro/app as app:\nid | customer\n")
			.contains("1  | customer 1\n2  | customer 2\n3  | customer 3");
		assertThat(structured(result)).containsEntry("columns", List.of("id", "customer"))
			.containsEntry("rows", List.of(List.of("1", "customer 1"), List.of("2", "customer 2"), List.of("3", "customer 3")))
			.containsEntry("service", "pg-ro")
			.containsEntry("database", "app");
		assertThat(CONNECTED).containsExactly("pg-ro");
	}

	@ParameterizedTest
	@ValueSource(strings = { "DELETE FROM orders", "UPDATE orders SET total = 0", "INSERT INTO orders VALUES (99, 'x', 1)",
			"DROP TABLE orders", "CREATE TABLE x (a int)", "COPY orders TO STDOUT", "SELECT 1; DROP TABLE orders",
			"ROLLBACK; DELETE FROM orders", "SET default_transaction_read_only = off",
			"SELECT pg_terminate_backend(pg_backend_pid())", "SELECT nextval('order_numbers')",
			"SELECT set_config('default_transaction_read_only', 'off', false)",
			"WITH gone AS (DELETE FROM orders RETURNING *) SELECT count(*) FROM gone", "EXPLAIN ANALYZE DELETE FROM orders" })
	void aStatementThatIsNotReadOnlyIsRefusedBeforeItReachesPostgres(String sql) {
		CallToolResult result = query(sql);

		assertThat(result.isError()).isTrue();
		assertThat(text(result)).contains("The query was not run: ").contains("Nothing reached PostgreSQL");
		assertThat(CONNECTED).isEmpty();
		assertThat(ordersCount()).isEqualTo("50");
	}

	@Test
	void aRefusedStatementIsRefusedEvenBeforeTheClusterIsLookedUp() {
		CallToolResult result = this.tools.callNow("run_postgres_query", Map.of("cluster_name", "no-such-cluster",
				"query", "DELETE FROM orders"));

		assertThat(text(result)).contains("The query was not run: it is a DELETE statement").doesNotContain("not found");
	}

	@Test
	void aFunctionThatWritesIsRefusedByTheReadOnlyTransaction() {
		POSTGRES.superuser(TestPostgres.APP_DATABASE, "CREATE OR REPLACE FUNCTION add_order() RETURNS int LANGUAGE sql "
				+ "VOLATILE AS 'INSERT INTO orders VALUES (1000, ''sneaky'', 1) RETURNING id'",
				"ALTER FUNCTION add_order() OWNER TO app");

		CallToolResult result = query("SELECT add_order()");

		assertThat(result.isError()).isTrue();
		assertThat(text(result)).contains("PostgreSQL refused it in the read-only transaction")
			.contains("cannot execute INSERT in a read-only transaction");
		assertThat(CONNECTED).containsExactly("pg-ro");
		assertThat(ordersCount()).isEqualTo("50");
	}

	@Test
	void theStatementTimeoutCancelsALongQuery() {
		CallToolResult result = query("SELECT pg_sleep(30)");

		assertThat(result.isError()).isTrue();
		assertThat(text(result)).contains("ran longer than the statement timeout (2000 ms) and PostgreSQL cancelled it");
	}

	@Test
	void theRowLimitCutsWithANote() {
		CallToolResult result = this.tools.callNow("run_postgres_query", Map.of("cluster_name", "pg", "query",
				"SELECT id FROM orders ORDER BY id", "max_rows", 5));

		assertThat(result.isError()).as(text(result)).isFalse();
		assertThat((List<?>) structured(result).get("rows")).hasSize(5);
		assertThat(structured(result)).containsEntry("rowLimit", Map.of("limit", 5, "moreRows", true));
		assertThat(text(result)).contains("[Row limit: the first 5 rows are shown and the query had more");
	}

	@Test
	@SuppressWarnings("unchecked")
	void theOutputLimitCutsRowsAndLongValuesWithANote() {
		CallToolResult many = this.tools.callNow("run_postgres_query", Map.of("cluster_name", "pg", "query",
				"SELECT i, repeat('x', 1500) AS filler FROM generate_series(1, 200) AS i", "max_rows", 200));
		CallToolResult wide = query("SELECT repeat('y', 5000) AS wide");

		assertThat(text(many)).hasSizeLessThanOrEqualTo(25_000).contains("[Truncated: showing ").contains(" of 200 at the "
				+ "25000-character limit.");
		assertThat((Map<String, Object>) structured(many).get("truncated")).containsEntry("omitted",
				200 - ((List<?>) structured(many).get("rows")).size());
		assertThat(text(wide)).contains("…[3000 more characters]");
	}

	@Test
	void theServiceIsChosenForTheClusterAndRwIsRefused() {
		this.tools.givenCluster("solo", 1, ToolHarness.healthy("solo", 1));
		givenAppSecret("solo-app", TestPostgres.APP_USER, POSTGRES.appPassword());

		CallToolResult solo = this.tools.callNow("run_postgres_query", Map.of("cluster_name", "solo", "query", "SELECT 1"));
		CallToolResult soloRo = this.tools.callNow("run_postgres_query", Map.of("cluster_name", "solo", "query",
				"SELECT 1", "service", "ro"));
		CallToolResult rw = this.tools.callNow("run_postgres_query", Map.of("cluster_name", "pg", "query", "SELECT 1",
				"service", "rw"));

		assertThat(structured(solo)).containsEntry("service", "solo-r");
		assertThat(text(soloRo)).contains("has no replicas").contains("use service=r");
		assertThat(text(rw)).contains("service 'rw' is refused: queries run on the read-only Services only");
		assertThat(CONNECTED).containsExactly("solo-r");
	}

	@Test
	void aLoginThePostgresDoesNotAcceptIsReportedWithoutThePassword() {
		givenAppSecret("pg-app", TestPostgres.APP_USER, "wrong-password-42");

		CallToolResult result = query("SELECT 1");

		assertThat(text(result)).contains("PostgreSQL did not accept the application user's login")
			.doesNotContain("wrong-password-42");
	}

	@Test
	void theLoginNeverAppearsInAnswersOrInAnyLogLine() {
		Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
		Level level = root.getLevel();
		ListAppender<ILoggingEvent> logs = new ListAppender<>();
		logs.start();
		root.addAppender(logs);
		root.setLevel(Level.TRACE);
		try {
			List<CallToolResult> answers = List.of(query("SELECT current_user, 1"), query("SELECT no_such_column"),
					diagnostic("long_transactions", Map.of()), query("SELECT pg_sleep(30)"));
			givenAppSecret("pg-app", TestPostgres.APP_USER, "rejected-" + POSTGRES.appPassword());
			CallToolResult rejected = query("SELECT 1");

			assertThat(answers).allSatisfy(a -> assertThat(text(a) + a.structuredContent()).doesNotContain(POSTGRES.appPassword()));
			assertThat(text(rejected)).doesNotContain("rejected-");
			assertThat(logs.list).isNotEmpty().allSatisfy(e -> assertThat(e.getFormattedMessage() + e.getKeyValuePairs()
					+ (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage()))
				.doesNotContain(POSTGRES.appPassword()));
		}
		finally {
			root.detachAppender(logs);
			root.setLevel(level);
		}
	}

	@Test
	void asAManagedRoleWithItsOwnSecretTheQueryRunsAsThatRole() {
		givenManagedRole("reader", false, ownSecret("cnpg-pg-user-reader", "pg", "reader", POSTGRES.readerPassword()));

		CallToolResult result = this.tools.callNow("run_postgres_query", Map.of("cluster_name", "pg", "query",
				"SELECT current_user, count(*) FROM orders", "role", "reader"));

		assertThat(result.isError()).as(text(result)).isFalse();
		assertThat(structured(result)).containsEntry("user", "reader")
			.containsEntry("rows", List.of(List.of("reader", "50")));
	}

	@Test
	void aRoleThatIsASuperuserOrWhoseSecretIsNotThisBackendsIsRefusedWithoutConnecting() {
		givenManagedRole("boss", true, ownSecret("cnpg-pg-user-boss", "pg", "boss", "x"));
		givenManagedRole("stranger", false, "someone-elses-secret");
		this.tools.client.secrets().inNamespace(this.tools.namespace).resource(new SecretBuilder().withNewMetadata()
			.withName("someone-elses-secret").endMetadata().addToData("username", base64("stranger"))
			.addToData("password", base64("y")).build()).create();

		CallToolResult boss = this.tools.callNow("run_postgres_query", Map.of("cluster_name", "pg", "query", "SELECT 1",
				"role", "boss"));
		CallToolResult stranger = this.tools.callNow("run_postgres_query", Map.of("cluster_name", "pg", "query",
				"SELECT 1", "role", "stranger"));
		CallToolResult nobody = this.tools.callNow("run_postgres_query", Map.of("cluster_name", "pg", "query",
				"SELECT 1", "role", "nobody"));

		assertThat(text(boss)).contains("cannot run queries here: it is a superuser");
		assertThat(text(stranger)).contains("has no password secret created by this backend");
		assertThat(text(nobody)).contains("manages no role 'nobody'");
		assertThat(CONNECTED).isEmpty();
	}

	@Test
	void everyPredefinedCheckPassesTheReadOnlyCheck() {
		for (DiagnosticCheck check : DiagnosticCheck.values()) {
			assertThat(ReadOnlyStatements.check(check.sql())).as(check.name()).isEqualTo(check.sql());
		}
	}

	@Test
	void diagnosticsRunOnThePrimaryAndSaySoWhenStatementStatisticsAreMissing() {
		CallToolResult sizes = diagnostic("table_sizes", Map.of());
		CallToolResult slowWithout = diagnostic("slow_queries", Map.of());
		CallToolResult slow = diagnostic("slow_queries", Map.of("database", TestPostgres.STATS_DATABASE));
		CallToolResult locks = diagnostic("locks", Map.of());
		CallToolResult transactions = diagnostic("long_transactions", Map.of());
		CallToolResult lag = diagnostic("replication_lag", Map.of());

		assertThat(text(sizes)).contains("orders");
		assertThat(structured(sizes)).containsEntry("service", "pg-rw");
		assertThat(text(slowWithout)).contains("pg_stat_statements is not installed in database 'app'");
		assertThat(slow.isError()).as(text(slow)).isFalse();
		assertThat(structured(slow).get("columns")).isEqualTo(List.of("total_ms", "calls", "mean_ms", "rows", "query"));
		assertThat(locks.isError()).as(text(locks)).isFalse();
		assertThat(transactions.isError()).as(text(transactions)).isFalse();
		assertThat(structured(lag)).containsEntry("columns", List.of("standby", "state", "sync_state", "write_lag",
				"flush_lag", "replay_lag", "replay_lag_bytes"));
	}

	private CallToolResult query(String sql) {
		return this.tools.callNow("run_postgres_query", Map.of("cluster_name", "pg", "query", sql));
	}

	private CallToolResult diagnostic(String check, Map<String, Object> more) {
		Map<String, Object> arguments = new HashMap<>(more);
		arguments.put("cluster_name", "pg");
		arguments.put("check", check);
		return this.tools.callNow("run_postgres_diagnostic", arguments);
	}

	private void givenAppSecret(String name, String user, String password) {
		this.tools.client.secrets().inNamespace(this.tools.namespace).resource(new SecretBuilder().withNewMetadata()
			.withName(name)
			.addToLabels("cnpg.io/cluster", name.substring(0, name.lastIndexOf('-')))
			.endMetadata()
			.withType("kubernetes.io/basic-auth")
			.addToData("username", base64(user))
			.addToData("password", base64(password))
			.addToData("dbname", base64(TestPostgres.APP_DATABASE))
			.build()).createOr(existing -> existing.update());
	}

	/** Adds a managed role to cluster pg's spec, with the secret it names. */
	private void givenManagedRole(String role, boolean superuser, String secret) {
		this.tools.client.genericKubernetesResources(CnpgKinds.CLUSTER).inNamespace(this.tools.namespace).withName("pg")
			.edit(cluster -> {
				List<Object> roles = new ArrayList<>();
				Object existing = cluster.get("spec", "managed", "roles");
				if (existing instanceof List<?> list) {
					roles.addAll(list);
				}
				roles.add(Map.of("name", role, "ensure", "present", "login", true, "superuser", superuser,
						"passwordSecret", Map.of("name", secret)));
				Map<String, Object> spec = cluster.get("spec");
				spec.put("managed", Map.of("roles", roles));
				return cluster;
			});
	}

	/** A password secret as create_postgres_role writes it: this backend's, for that role of that cluster. */
	private String ownSecret(String name, String cluster, String role, String password) {
		this.tools.client.secrets().inNamespace(this.tools.namespace).resource(new SecretBuilder().withNewMetadata()
			.withName(name)
			.addToLabels(CnpgKinds.CLUSTER_LABEL, cluster)
			.addToLabels(CnpgKinds.MANAGED_BY_LABEL, CnpgKinds.MANAGED_BY)
			.addToLabels(CnpgKinds.ROLE_LABEL, role)
			.endMetadata()
			.withType("kubernetes.io/basic-auth")
			.addToData("username", base64(role))
			.addToData("password", base64(password))
			.build()).create();
		return name;
	}

	private static String base64(String value) {
		return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
	}

	private static String ordersCount() {
		return POSTGRES.superuserValue(TestPostgres.APP_DATABASE, "SELECT count(*) FROM orders");
	}

}
