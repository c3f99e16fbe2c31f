package io.github.mcpplatform.cnpg.tools;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The predefined checks of {@code run_postgres_diagnostic}: fixed, reviewed queries over PostgreSQL's statistics
 * views. They run like any query (read-only transaction, statement timeout, row limit), as the cluster's
 * application user: without the {@code pg_monitor} role, PostgreSQL hides the query text and some columns of other
 * users' sessions ({@code <insufficient privilege>}).
 *
 * @see <a href="https://www.postgresql.org/docs/current/monitoring-stats.html">PostgreSQL statistics views</a>
 */
enum DiagnosticCheck {

	/** Needs the extension, which CNPG installs when a {@code pg_stat_statements.*} parameter is set. */
	SLOW_QUERIES("The statements that took the most time in total, from pg_stat_statements.",
			"SELECT round(total_exec_time::numeric, 1) AS total_ms, calls, round(mean_exec_time::numeric, 2) AS mean_ms, "
					+ "rows, left(query, 300) AS query FROM pg_stat_statements ORDER BY total_exec_time DESC"),

	LOCKS("Sessions waiting for a lock, with the sessions that block them.",
			"SELECT blocked.pid AS blocked_pid, blocked.usename AS blocked_user, "
					+ "date_trunc('second', now() - blocked.query_start) AS waiting_for, left(blocked.query, 200) AS blocked_query, "
					+ "blocking.pid AS blocking_pid, blocking.usename AS blocking_user, blocking.state AS blocking_state, "
					+ "left(blocking.query, 200) AS blocking_query FROM pg_stat_activity blocked "
					+ "CROSS JOIN LATERAL unnest(pg_blocking_pids(blocked.pid)) AS b(pid) "
					+ "JOIN pg_stat_activity blocking ON blocking.pid = b.pid ORDER BY blocked.query_start"),

	LONG_TRANSACTIONS("Open transactions, oldest first: they hold locks and keep VACUUM from cleaning up.",
			"SELECT pid, usename, datname, state, date_trunc('second', now() - xact_start) AS transaction_age, "
					+ "date_trunc('second', now() - state_change) AS in_state_for, wait_event_type, left(query, 200) AS query "
					+ "FROM pg_stat_activity WHERE xact_start IS NOT NULL AND pid <> pg_backend_pid() "
					+ "AND backend_type = 'client backend' ORDER BY xact_start"),

	/** On the primary, its standbys; on a replica, its own replay delay. */
	REPLICATION_LAG("On the primary, each standby's lag; on a replica, how far its replay is behind.",
			"SELECT application_name AS standby, state, sync_state, write_lag::text AS write_lag, "
					+ "flush_lag::text AS flush_lag, replay_lag::text AS replay_lag, "
					+ "pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_lsn() END, replay_lsn) "
					+ "AS replay_lag_bytes FROM pg_stat_replication "
					+ "UNION ALL SELECT 'this instance (a replica)', status, NULL, NULL, NULL, "
					+ "(now() - pg_last_xact_replay_timestamp())::text, "
					+ "pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) FROM pg_stat_wal_receiver "
					+ "WHERE pg_is_in_recovery()"),

	TABLE_SIZES("The largest tables and materialized views of the database, with their indexes.",
			"SELECT n.nspname AS schema, c.relname AS \"table\", pg_size_pretty(pg_total_relation_size(c.oid)) AS total_size, "
					+ "pg_size_pretty(pg_relation_size(c.oid)) AS table_size, pg_size_pretty(pg_indexes_size(c.oid)) AS index_size, "
					+ "c.reltuples::bigint AS estimated_rows FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
					+ "WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
					+ "AND n.nspname NOT LIKE 'pg_toast%' ORDER BY pg_total_relation_size(c.oid) DESC");

	private final String description;

	private final String sql;

	DiagnosticCheck(String description, String sql) {
		this.description = description;
		this.sql = sql;
	}

	String parameterName() {
		return name().toLowerCase(Locale.ROOT);
	}

	String description() {
		return this.description;
	}

	String sql() {
		return this.sql;
	}

	static List<String> names() {
		return Arrays.stream(values()).map(DiagnosticCheck::parameterName).toList();
	}

	static DiagnosticCheck of(String name) {
		return valueOf(name.toUpperCase(Locale.ROOT));
	}

}
