package io.github.mcpplatform.cnpg.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.mcpplatform.cnpg.sql.SqlTokens.Kind;
import io.github.mcpplatform.cnpg.sql.SqlTokens.Token;

/**
 * Decides, before anything reaches PostgreSQL, whether a statement only reads: one statement, of an allowed type
 * ({@code SELECT}, {@code WITH … SELECT}, {@code VALUES}, {@code TABLE}, {@code SHOW}, {@code EXPLAIN} of one of
 * those without {@code ANALYZE}), with no clause that writes or locks ({@code INSERT}, {@code UPDATE},
 * {@code DELETE}, {@code MERGE} in a {@code WITH}, {@code SELECT … INTO}, {@code FOR UPDATE/SHARE}) and no call
 * of a built-in function with side effects. Everything else is refused with the reason.
 *
 * <p>
 * This is the first of three defences: the query then runs in a {@code READ ONLY} transaction that is always
 * rolled back, which refuses any write a user-defined function might attempt (only PostgreSQL can know what
 * those do), as the cluster's application role, never a superuser.
 */
public final class ReadOnlyStatements {

	/** How an allowed statement may begin. */
	private static final Set<String> FIRST_WORDS = Set.of("select", "with", "values", "table", "show", "explain");

	/** What {@code EXPLAIN} may explain. */
	private static final Set<String> EXPLAINABLE = Set.of("select", "with", "values", "table");

	/**
	 * Words that, outside strings and quoted identifiers, make a statement write or lock: data-modifying
	 * {@code WITH} clauses, {@code SELECT INTO} (creates a table), locking clauses. A column of one of these names
	 * can still be read when quoted ({@code "update"}).
	 */
	private static final Set<String> WRITING_WORDS = Set.of("insert", "update", "delete", "merge", "into", "share",
			"truncate", "copy", "create", "drop", "alter", "grant", "revoke", "call", "lock", "begin", "commit",
			"rollback");

	/**
	 * Built-in functions (and some of contrib's) that act instead of reading: they signal or end sessions, change
	 * settings (a {@code set_config} could lift the statement timeout), take locks that outlive the statement,
	 * advance sequences, write files, WAL or index pages, reach other servers, or run SQL given as text (which would
	 * bypass these checks). A {@code READ ONLY} transaction refuses only some of them.
	 */
	private static final Set<String> ACTING_FUNCTIONS = Set.of("pg_terminate_backend", "pg_cancel_backend",
			"pg_reload_conf", "pg_rotate_logfile", "pg_promote", "pg_switch_wal", "pg_create_restore_point",
			"pg_log_backend_memory_contexts", "pg_logical_emit_message", "pg_notify", "set_config", "nextval", "setval",
			"lo_import", "lo_export", "lo_create", "lo_creat", "lo_unlink", "lo_put", "lo_from_bytea", "lo_truncate",
			"pg_file_write", "pg_file_rename", "pg_file_unlink", "pg_file_sync", "pg_read_file", "pg_read_binary_file",
			"pg_ls_dir", "pg_stat_file", "pg_import_system_collations", "pg_stat_reset", "pg_stat_reset_shared",
			"pg_stat_reset_single_table_counters", "pg_stat_reset_single_function_counters", "pg_stat_reset_slru",
			"pg_stat_reset_replication_slot", "pg_stat_reset_subscription_stats", "pg_stat_statements_reset",
			"pg_wal_replay_pause", "pg_wal_replay_resume", "pg_backup_start", "pg_backup_stop", "pg_start_backup",
			"pg_stop_backup", "txid_current", "pg_current_xact_id",
			"query_to_xml", "query_to_xmlschema", "query_to_xml_and_xmlschema", "cursor_to_xml", "cursor_to_xmlschema",
			"pg_replication_origin_create", "pg_replication_origin_drop", "pg_replication_origin_advance",
			"pg_replication_origin_session_setup", "pg_replication_origin_session_reset",
			"pg_replication_origin_xact_setup", "pg_replication_origin_xact_reset", "pg_drop_replication_slot",
			"pg_replication_slot_advance", "pg_logical_slot_get_changes", "pg_logical_slot_get_binary_changes",
			"gin_clean_pending_list", "brin_summarize_new_values", "brin_summarize_range", "brin_desummarize_range",
			"pg_truncate_visibility_map");

	/** Prefixes of families of such functions: advisory locks, replication slots, dblink, large objects. */
	private static final List<String> ACTING_PREFIXES = List.of("pg_advisory_", "pg_try_advisory_", "pg_create_",
			"pg_copy_", "dblink", "lo_");

	private ReadOnlyStatements() {
	}

	/**
	 * The statement to run, without a trailing {@code ;}, if it only reads.
	 *
	 * @throws StatementRefusedException saying why it was refused
	 */
	public static String check(String sql) {
		List<Token> tokens = SqlTokens.of(sql);
		int semicolons = (int) tokens.stream().filter(t -> t.kind() == Kind.SEMICOLON).count();
		if (semicolons > 1 || semicolons == 1 && tokens.get(tokens.size() - 1).kind() != Kind.SEMICOLON) {
			throw new StatementRefusedException("it has more than one statement: send one statement per call");
		}
		List<Token> statement = semicolons == 1 ? tokens.subList(0, tokens.size() - 1) : tokens;
		Token first = statement.stream().filter(t -> t.kind() != Kind.OPEN).findFirst()
			.orElseThrow(() -> new StatementRefusedException("it is empty"));
		if (first.kind() != Kind.WORD || !FIRST_WORDS.contains(first.text())) {
			throw new StatementRefusedException("it is a " + (first.kind() == Kind.WORD ? first.text().toUpperCase()
					: "'" + first.text() + "'") + " statement; only SELECT, WITH ... SELECT, VALUES, TABLE, SHOW and "
					+ "EXPLAIN (without ANALYZE) are run");
		}
		List<String> problems = new ArrayList<>();
		if (first.isWord("explain")) {
			explained(statement, problems);
		}
		for (int i = 0; i < statement.size(); i++) {
			Token token = statement.get(i);
			if (token.kind() == Kind.WORD && WRITING_WORDS.contains(token.text())) {
				problems.add("it uses " + token.text().toUpperCase() + ", which writes, locks or changes the session "
						+ "(quote a column of that name: \"" + token.text() + "\")");
			}
			boolean call = i + 1 < statement.size() && statement.get(i + 1).kind() == Kind.OPEN;
			if (call && (token.kind() == Kind.WORD || token.kind() == Kind.QUOTED) && acts(token.text())) {
				problems.add("it calls " + token.text() + "(), which acts instead of reading");
			}
		}
		if (!problems.isEmpty()) {
			throw new StatementRefusedException(String.join("; ", problems.stream().distinct().toList()));
		}
		return strip(sql);
	}

	/**
	 * {@code EXPLAIN} shows a plan; with {@code ANALYZE} it runs the statement, so that is refused, and what it
	 * explains must itself be a query ({@code EXPLAIN CREATE TABLE … AS} is not).
	 */
	private static void explained(List<Token> statement, List<String> problems) {
		if (statement.stream().anyMatch(t -> t.isWord("analyze") || t.isWord("analyse"))) {
			problems.add("EXPLAIN ANALYZE runs the statement: use EXPLAIN without ANALYZE");
		}
		int i = 1;
		if (i < statement.size() && statement.get(i).kind() == Kind.OPEN) {
			int depth = 0;
			do {
				Token t = statement.get(i);
				depth += t.kind() == Kind.OPEN ? 1 : t.text().equals(")") ? -1 : 0;
				i++;
			}
			while (depth > 0 && i < statement.size());
		}
		while (i < statement.size() && (statement.get(i).isWord("verbose") || statement.get(i).kind() == Kind.OPEN)) {
			i++;
		}
		Token explained = i < statement.size() ? statement.get(i) : null;
		if (explained == null || explained.kind() != Kind.WORD || !EXPLAINABLE.contains(explained.text())) {
			problems.add("EXPLAIN is run only for SELECT, WITH, VALUES and TABLE statements");
		}
	}

	private static boolean acts(String function) {
		return ACTING_FUNCTIONS.contains(function) || ACTING_PREFIXES.stream().anyMatch(function::startsWith);
	}

	/** The statement without trailing whitespace and its one trailing {@code ;} (already known to be outside strings). */
	private static String strip(String sql) {
		String trimmed = sql.strip();
		while (trimmed.endsWith(";")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
		}
		return trimmed;
	}

}
