package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.CommonParams.CLUSTER_NAME;
import static io.github.mcpplatform.cnpg.tools.CommonParams.FORMAT;
import static io.github.mcpplatform.cnpg.tools.CommonParams.NAMESPACE;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.mcpplatform.cnpg.output.Failures;
import io.github.mcpplatform.cnpg.output.Reply;
import io.github.mcpplatform.cnpg.output.TextTable;
import io.github.mcpplatform.cnpg.output.ToolFailure;
import io.github.mcpplatform.cnpg.sql.PostgresQueries;
import io.github.mcpplatform.cnpg.sql.PostgresQueries.QueryTimeoutException;
import io.github.mcpplatform.cnpg.sql.QueryFailedException;
import io.github.mcpplatform.cnpg.sql.QueryResult;
import io.github.mcpplatform.cnpg.sql.QueryTarget;
import io.github.mcpplatform.cnpg.sql.ReadOnlyStatements;
import io.github.mcpplatform.cnpg.sql.StatementRefusedException;
import reactor.core.publisher.Mono;

/**
 * The {@code sql} toolset: {@code run_postgres_query} runs one read-only statement, {@code run_postgres_diagnostic}
 * one of the {@link DiagnosticCheck}s. A statement is checked ({@link ReadOnlyStatements}) before anything else
 * happens, so a refused one reaches neither Kubernetes nor PostgreSQL.
 */
final class QueryTools {

	private static final int MAX_QUERY_LENGTH = 20_000;

	private static final Param<String> QUERY = Param.custom("query", Map.of("type", "string", "description",
			"One read-only SQL statement: SELECT, WITH ... SELECT, VALUES, TABLE, SHOW or EXPLAIN (without ANALYZE). "
					+ "Anything else, several statements, and functions that act (pg_terminate_backend, set_config, "
					+ "nextval...) are refused.",
			"minLength", 1, "maxLength", MAX_QUERY_LENGTH), raw -> {
				if (!(raw instanceof String s) || s.isBlank()) {
					throw new IllegalArgumentException("must be a non-empty string");
				}
				if (s.length() > MAX_QUERY_LENGTH) {
					throw new IllegalArgumentException("is longer than " + MAX_QUERY_LENGTH + " characters");
				}
				return s;
			});

	private static final Param<String> READ_SERVICE = Param.custom("service", Map.of("type", "string", "enum",
			List.of("ro", "r"), "description", "The cluster's Service to query through: 'ro' (replicas only) or 'r' "
					+ "(any instance). Default: 'ro', or 'r' when the cluster has no replicas. 'rw' (the primary's "
					+ "read-write Service) is not offered."), raw -> {
						if ("rw".equals(raw)) {
							throw new IllegalArgumentException("'rw' is refused: queries run on the read-only Services "
									+ "only; use 'ro' (replicas) or 'r' (any instance)");
						}
						if (!"ro".equals(raw) && !"r".equals(raw)) {
							throw new IllegalArgumentException("must be 'ro' or 'r'");
						}
						return (String) raw;
					}).optional();

	private static final Param<String> CHECK_SERVICE = Param
		.choice("service", "The Service to run the check through: 'rw' (the primary, where locks, transactions, "
				+ "replication and most statement statistics are) by default, 'ro' or 'r' for a replica's view. Checks "
				+ "are fixed queries and run read-only on every Service.", List.of("rw", "ro", "r"))
		.defaultsTo("rw");

	private static final Param<String> DATABASE = Param
		.existingPostgresName("database", "The database to connect to. Default: the application database of the "
				+ "cluster's application secret (usually 'app').")
		.optional();

	private static final Param<String> ROLE = Param
		.existingPostgresName("role", "Run as this managed role instead of the application user: one made with "
				+ "create_postgres_role (its password secret is this backend's), able to log in, not a superuser; e.g. "
				+ "a role in pg_read_all_data, which cannot write at all.")
		.optional();

	private static final Param<String> CHECK = Param.choice("check", "What to look at: 'slow_queries' (from "
			+ "pg_stat_statements, when installed), 'locks' (who waits for whom), 'long_transactions', "
			+ "'replication_lag', 'table_sizes'.", DiagnosticCheck.names());

	private final QueryTargets targets;

	private final PostgresQueries queries;

	private final Param<Integer> maxRows;

	QueryTools(QueryTargets targets, PostgresQueries queries) {
		this.targets = targets;
		this.queries = queries;
		this.maxRows = Param.integer("max_rows", "The most rows to return; the answer says when there were more.", 1,
				queries.maxRows()).defaultsTo(Math.min(100, queries.maxRows()));
	}

	List<CnpgTool> tools() {
		return List.of(
				new CnpgTool("run_postgres_query", "Run a read-only SQL query",
						"Run one read-only SQL statement on a CloudNativePG cluster's read-only Service as its "
								+ "application user (in a read-only transaction, with a timeout and a row limit); the "
								+ "backend supplies the login.",
						Hints.readOnly(), List.of(CLUSTER_NAME, QUERY, NAMESPACE, READ_SERVICE, DATABASE, ROLE,
								this.maxRows, FORMAT), this::query),
				new CnpgTool("run_postgres_diagnostic", "Run a PostgreSQL diagnostic",
						"Run a predefined read-only check on a CloudNativePG cluster: slow_queries, locks, "
								+ "long_transactions, replication_lag or table_sizes.",
						Hints.readOnly(), List.of(CLUSTER_NAME, CHECK, NAMESPACE, CHECK_SERVICE, DATABASE, ROLE,
								this.maxRows, FORMAT), this::diagnostic));
	}

	private Mono<Reply> query(ToolCall call) {
		String cluster = call.get(CLUSTER_NAME);
		String namespace = call.namespace();
		return Mono.fromCallable(() -> ReadOnlyStatements.check(call.get(QUERY)))
			.onErrorMap(StatementRefusedException.class, e -> new ToolFailure("The query was not run: " + e.getMessage()
					+ ". Nothing reached PostgreSQL; only reading statements run here."))
			.flatMap(statement -> this.targets
				.resolve(namespace, cluster, call.get(READ_SERVICE), call.get(DATABASE), call.get(ROLE))
				.flatMap(target -> run(target, statement, call.get(this.maxRows), cluster)))
			.onErrorMap(Failures.during("query cluster '" + cluster + "' in namespace '" + namespace + "'"));
	}

	private Mono<Reply> diagnostic(ToolCall call) {
		String cluster = call.get(CLUSTER_NAME);
		String namespace = call.namespace();
		DiagnosticCheck check = DiagnosticCheck.of(call.get(CHECK));
		return this.targets.resolve(namespace, cluster, call.get(CHECK_SERVICE), call.get(DATABASE), call.get(ROLE))
			.flatMap(target -> {
				if (check != DiagnosticCheck.SLOW_QUERIES) {
					return run(target, check.sql(), call.get(this.maxRows), cluster);
				}
				return this.queries.run(target, "SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'", 1)
					.onErrorMap(e -> failure(e, target))
					.flatMap(installed -> !installed.rows().isEmpty()
							? run(target, check.sql(), call.get(this.maxRows), cluster)
							: Mono.just(Reply.of(noStatements(target), Map.of("cluster", cluster, "check",
									check.parameterName(), "available", false))));
			})
			.onErrorMap(Failures.during("run the " + check.parameterName() + " check on cluster '" + cluster
					+ "' in namespace '" + namespace + "'"));
	}

	private static String noStatements(QueryTarget target) {
		return "pg_stat_statements is not installed in database '" + target.database() + "', so there are no "
				+ "statement statistics. Set any pg_stat_statements.* parameter (e.g. pg_stat_statements.track=top with "
				+ "update_postgres_parameters): CloudNativePG then preloads the library (a rolling restart) and creates "
				+ "the extension in every database.";
	}

	private Mono<Reply> run(QueryTarget target, String statement, int maxRows, String cluster) {
		return this.queries.run(target, statement, maxRows)
			.onErrorMap(e -> failure(e, target))
			.map(result -> reply(cluster, target, result, maxRows));
	}

	private Throwable failure(Throwable e, QueryTarget target) {
		String where = "service " + target.service() + ", database " + target.database();
		if (e instanceof QueryTimeoutException) {
			return new ToolFailure("PostgreSQL (" + where + ") " + e.getMessage() + ": retry, or narrow the query.");
		}
		if (!(e instanceof QueryFailedException failed)) {
			return e;
		}
		String state = failed.sqlState() == null ? "" : failed.sqlState();
		if (QueryFailedException.READ_ONLY_SQL_TRANSACTION.equals(state)) {
			return new ToolFailure("PostgreSQL refused it in the read-only transaction (" + where + "): "
					+ failed.getMessage() + ". Only reading queries run here; nothing was changed.");
		}
		if (QueryFailedException.QUERY_CANCELED.equals(state)) {
			return new ToolFailure("The query ran longer than the statement timeout (" + this.queries.statementTimeout()
					.toMillis() + " ms) and PostgreSQL cancelled it (" + where + "). Narrow it: a WHERE, a LIMIT, or an index.");
		}
		if (state.startsWith("08")) {
			return new ToolFailure("Could not connect to PostgreSQL (" + where + "): " + failed.getMessage() + ". The "
					+ "backend reaches a cluster through its Service from inside the Kubernetes cluster; check that the "
					+ "cluster is ready (get_postgres_cluster_health) and that network policies let the backend in.");
		}
		if (state.startsWith("28")) {
			return new ToolFailure("PostgreSQL did not accept the application user's login (" + where + "): "
					+ failed.getMessage() + ". The cluster's application secret may not match the database role.");
		}
		return new ToolFailure("PostgreSQL refused the query (" + where + (state.isEmpty() ? "" : ", SQLSTATE " + state)
				+ "): " + failed.getMessage());
	}

	private static Reply reply(String cluster, QueryTarget target, QueryResult result, int maxRows) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("cluster", cluster);
		fields.put("namespace", target.namespace());
		fields.put("service", target.service());
		fields.put("database", target.database());
		fields.put("user", target.credentials().username());
		fields.put("columns", result.columns());
		if (result.truncated()) {
			fields.put("rowLimit", Map.of("limit", maxRows, "moreRows", true));
		}
		String rowLimitNote = result.truncated() ? "\n[Row limit: the first " + maxRows + " rows are shown and the "
				+ "query had more; narrow it (WHERE, LIMIT) or raise max_rows.]" : "";
		return Reply.list("rows", result.rows(), fields,
				shown -> header(target, result, shown.size()) + TextTable.of(result.columns(), shown) + rowLimitNote,
				"Ask for less: fewer columns, shorter values (left(col, 100)), or a smaller max_rows.");
	}

	private static String header(QueryTarget target, QueryResult result, int shown) {
		return shown + " row(s)" + (result.truncated() ? " (more were cut at the row limit)" : "") + " from "
				+ target.service() + "/" + target.database() + " as " + target.credentials().username() + ":\n";
	}

}
