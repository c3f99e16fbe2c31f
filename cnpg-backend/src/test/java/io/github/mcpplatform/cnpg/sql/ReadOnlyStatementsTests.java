package io.github.mcpplatform.cnpg.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@link ReadOnlyStatements} lets through to PostgreSQL, and what it refuses before. */
class ReadOnlyStatementsTests {

	@ParameterizedTest
	@ValueSource(strings = { "SELECT 1", "select * from orders where customer = 'x'", "  SELECT 1 ;  ",
			"WITH recent AS (SELECT * FROM orders WHERE id > 10) SELECT count(*) FROM recent",
			"WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM t WHERE n < 5) SELECT * FROM t",
			"VALUES (1, 'a'), (2, 'b')", "TABLE orders", "SHOW max_connections", "SHOW ALL",
			"EXPLAIN SELECT * FROM orders", "EXPLAIN (FORMAT JSON, COSTS false) SELECT 1", "EXPLAIN VERBOSE SELECT 1",
			"(SELECT 1) UNION (SELECT 2)", "SELECT 'DELETE FROM orders; DROP TABLE x' AS text",
			"SELECT $$ INSERT INTO t $$, $tag$ ; UPDATE $tag$", "SELECT 1 -- ; DELETE FROM orders",
			"SELECT /* DELETE /* nested ; */ FROM */ 1", "SELECT \"update\", \"into\" FROM \"orders\"",
			"SELECT E'it\\'s; DROP TABLE x'", "SELECT pg_sleep(0.1)", "SELECT setting FROM pg_settings",
			"SELECT id FROM orders ORDER BY total DESC LIMIT 5 OFFSET 1", "SELECT pg_size_pretty(pg_database_size('app'))" })
	void readingStatementsPass(String sql) {
		assertThat(ReadOnlyStatements.check(sql)).doesNotEndWith(";").isNotBlank();
	}

	@ParameterizedTest
	@ValueSource(strings = { "INSERT INTO orders VALUES (1)", "UPDATE orders SET total = 0", "DELETE FROM orders",
			"MERGE INTO orders USING x ON true WHEN MATCHED THEN DELETE", "TRUNCATE orders", "DROP TABLE orders",
			"CREATE TABLE x (a int)", "ALTER TABLE orders ADD COLUMN x int", "GRANT ALL ON orders TO public",
			"COPY orders TO '/tmp/x'", "COPY (SELECT 1) TO STDOUT", "SET statement_timeout = 0", "RESET ALL",
			"BEGIN", "COMMIT", "ROLLBACK", "VACUUM orders", "ANALYZE orders", "CALL p()", "DO $$ BEGIN END $$",
			"LOCK orders", "NOTIFY channel", "LISTEN channel", "PREPARE p AS SELECT 1", "EXECUTE p",
			"DISCARD ALL", "REFRESH MATERIALIZED VIEW v", "CHECKPOINT", "REINDEX TABLE orders", "COMMENT ON TABLE orders IS 'x'",
			"SECURITY LABEL ON TABLE orders IS 'x'", "" })
	void otherStatementTypesAreRefused(String sql) {
		assertThatThrownBy(() -> ReadOnlyStatements.check(sql)).isInstanceOf(StatementRefusedException.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "SELECT 1; DROP TABLE orders", "SELECT 1; SELECT 2", "ROLLBACK; DELETE FROM orders",
			"SELECT 1;;", "SHOW x; SET y = 1" })
	void severalStatementsAreRefused(String sql) {
		assertThatThrownBy(() -> ReadOnlyStatements.check(sql)).isInstanceOf(StatementRefusedException.class)
			.hasMessageContaining("more than one statement");
	}

	@ParameterizedTest
	@ValueSource(strings = { "WITH gone AS (DELETE FROM orders RETURNING *) SELECT * FROM gone",
			"WITH x AS (SELECT 1) INSERT INTO orders SELECT * FROM x", "SELECT * INTO copy FROM orders",
			"SELECT * FROM orders FOR UPDATE", "SELECT * FROM orders FOR NO KEY UPDATE", "SELECT * FROM orders FOR SHARE",
			"WITH x AS (UPDATE orders SET total = 0 RETURNING id) SELECT 1" })
	void writingOrLockingClausesInsideAReadAreRefused(String sql) {
		assertThatThrownBy(() -> ReadOnlyStatements.check(sql)).isInstanceOf(StatementRefusedException.class)
			.hasMessageContaining("which writes, locks or changes the session");
	}

	@ParameterizedTest
	@ValueSource(strings = { "SELECT pg_terminate_backend(123)", "SELECT pg_catalog.pg_cancel_backend(1)",
			"SELECT \"pg_terminate_backend\"(1)", "SELECT nextval('order_numbers')", "SELECT setval('s', 1)",
			"SELECT set_config('statement_timeout', '0', false)", "SELECT pg_reload_conf()",
			"SELECT pg_advisory_lock(1)", "SELECT pg_try_advisory_xact_lock(1)", "SELECT lo_import('/etc/passwd')",
			"SELECT dblink_exec('x', 'DELETE FROM t')", "SELECT query_to_xml('SELECT pg_terminate_backend(1)', true, true, '')",
			"SELECT pg_read_file('/etc/passwd')", "SELECT * FROM pg_create_logical_replication_slot('s', 'p')",
			"SELECT pg_notify('c', 'x')", "SELECT txid_current()", "SELECT pg_stat_statements_reset()",
			"SELECT * FROM orders WHERE id = (SELECT nextval ('order_numbers'))" })
	void functionsThatActAreRefused(String sql) {
		assertThatThrownBy(() -> ReadOnlyStatements.check(sql)).isInstanceOf(StatementRefusedException.class)
			.hasMessageContaining("which acts instead of reading");
	}

	@ParameterizedTest
	@ValueSource(strings = { "EXPLAIN ANALYZE SELECT 1", "EXPLAIN (ANALYZE) SELECT 1", "EXPLAIN (ANALYSE true) SELECT 1",
			"EXPLAIN (ANALYZE, BUFFERS) DELETE FROM orders", "EXPLAIN CREATE TABLE x AS SELECT 1" })
	void explainThatRunsTheStatementOrExplainsAWriteIsRefused(String sql) {
		assertThatThrownBy(() -> ReadOnlyStatements.check(sql)).isInstanceOf(StatementRefusedException.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "SELECT 'open", "SELECT \"open", "SELECT /* open", "SELECT $x$ open",
			"SELECT U&\"\\0070g_terminate_backend\"(1)" })
	void whatCannotBeReadSafelyIsRefused(String sql) {
		assertThatThrownBy(() -> ReadOnlyStatements.check(sql)).isInstanceOf(StatementRefusedException.class);
	}

	@org.junit.jupiter.api.Test
	void aRefusalNamesEveryProblemAndWhatToDo() {
		assertThatThrownBy(() -> ReadOnlyStatements.check("SELECT nextval('s') INTO x FROM t FOR UPDATE"))
			.hasMessageContaining("INTO")
			.hasMessageContaining("UPDATE")
			.hasMessageContaining("nextval()")
			.hasMessageContaining("quote a column of that name: \"into\"");
		assertThatThrownBy(() -> ReadOnlyStatements.check("DELETE FROM orders"))
			.hasMessage("it is a DELETE statement; only SELECT, WITH ... SELECT, VALUES, TABLE, SHOW and EXPLAIN "
					+ "(without ANALYZE) are run");
	}

}
