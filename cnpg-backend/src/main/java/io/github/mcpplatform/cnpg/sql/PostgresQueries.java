package io.github.mcpplatform.cnpg.sql;

import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.postgresql.Driver;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The one place where blocking JDBC calls meet the reactive world, as {@code KubeCalls} is for Kubernetes: each
 * query opens its own connection (no pool: queries are rare and each may go to another cluster), runs on a
 * bounded scheduler of its own and is cut off after a timeout.
 *
 * <p>
 * Each query runs in a transaction that is {@code READ ONLY} twice over (the session's
 * {@code default_transaction_read_only} and the driver's {@code BEGIN READ ONLY}), with
 * {@code SET LOCAL statement_timeout}, and is always rolled back. The driver stops reading after the row limit
 * ({@code setMaxRows}, which PostgreSQL honours in the protocol) and fails a result larger than
 * {@value #MAX_RESULT_BUFFER} rather than holding it in memory. The connection requires TLS
 * ({@code sslmode=require}): CloudNativePG's instances always serve it, with certificates from the cluster's own
 * CA, which the backend does not read (the CA's secret holds its private key too).
 *
 * @see <a href="https://jdbc.postgresql.org/documentation/use/">pgJDBC connection parameters</a>
 */
public final class PostgresQueries implements AutoCloseable {

	/** How much result data one query may bring back to the backend, whatever the row limit. */
	static final String MAX_RESULT_BUFFER = "8M";

	/** What a cell shows at most; longer values are cut with a note. */
	static final int MAX_CELL_CHARACTERS = 2_000;

	private final SqlProperties properties;

	private final ServiceAddress addresses;

	private final Scheduler scheduler;

	/** Connecting, the query, and a little for the rollback and the close. */
	private final Duration timeout;

	public PostgresQueries(SqlProperties properties, ServiceAddress addresses) {
		this.properties = properties;
		this.addresses = addresses;
		this.scheduler = Schedulers.newBoundedElastic(properties.maxConcurrentQueries(), 100, "sql-query", 60, true);
		this.timeout = properties.connectTimeout().plus(properties.statementTimeout()).plusSeconds(2);
	}

	/**
	 * Runs one statement that {@link ReadOnlyStatements#check} accepted, keeping at most {@code maxRows} rows.
	 * Fails with {@link QueryFailedException} when PostgreSQL cannot be reached or refuses the statement, and with
	 * {@link QueryTimeoutException} when the whole call takes too long.
	 */
	public Mono<QueryResult> run(QueryTarget target, String statement, int maxRows) {
		int limit = Math.min(maxRows, this.properties.maxRows());
		return Mono.fromCallable(() -> query(target, statement, limit))
			.subscribeOn(this.scheduler)
			.timeout(this.timeout)
			.onErrorMap(TimeoutException.class, e -> new QueryTimeoutException(this.timeout));
	}

	/** The most rows a query returns, whatever a call asks for. */
	public int maxRows() {
		return this.properties.maxRows();
	}

	/** How long PostgreSQL lets a query run. */
	public Duration statementTimeout() {
		return this.properties.statementTimeout();
	}

	private QueryResult query(QueryTarget target, String statement, int maxRows) {
		InetSocketAddress address = this.addresses.of(target.namespace(), target.service());
		String url = "jdbc:postgresql://" + address.getHostString() + ":" + address.getPort() + "/";
		try (Connection connection = new Driver().connect(url, connectionProperties(target))) {
			if (connection == null) {
				throw new IllegalStateException("the PostgreSQL driver did not accept " + url);
			}
			connection.setReadOnly(true);
			connection.setAutoCommit(false);
			try (Statement sql = connection.createStatement()) {
				sql.execute("SET LOCAL statement_timeout = " + this.properties.statementTimeout().toMillis());
				sql.setMaxRows(maxRows + 1);
				sql.setFetchSize(Math.min(maxRows + 1, 500));
				sql.setEscapeProcessing(false);
				if (!sql.execute(statement)) {
					return new QueryResult(List.of("rows affected"), List.of(List.of(String.valueOf(sql.getUpdateCount()))),
							false);
				}
				try (ResultSet rows = sql.getResultSet()) {
					return read(rows, maxRows);
				}
			}
			finally {
				connection.rollback();
			}
		}
		catch (SQLException e) {
			throw new QueryFailedException(describe(e, address), e.getSQLState(), e);
		}
	}

	private Properties connectionProperties(QueryTarget target) {
		long statementMillis = this.properties.statementTimeout().toMillis();
		Properties props = new Properties();
		props.setProperty("PGDBNAME", target.database());
		props.setProperty("user", target.credentials().username());
		props.setProperty("password", target.credentials().password());
		props.setProperty("sslmode", "require");
		props.setProperty("connectTimeout", String.valueOf(this.properties.connectTimeout().toSeconds()));
		props.setProperty("loginTimeout", String.valueOf(this.properties.connectTimeout().toSeconds()));
		// A backstop for a server that stops answering: the statement timeout ends a slow query first.
		props.setProperty("socketTimeout", String.valueOf(this.timeout.toSeconds() + 1));
		props.setProperty("ApplicationName", "cnpg-mcp-backend");
		props.setProperty("options", "-c default_transaction_read_only=on -c statement_timeout=" + statementMillis
				+ " -c idle_in_transaction_session_timeout=" + (statementMillis + 5_000));
		props.setProperty("maxResultBuffer", MAX_RESULT_BUFFER);
		props.setProperty("tcpKeepAlive", "true");
		return props;
	}

	private static QueryResult read(ResultSet rows, int maxRows) throws SQLException {
		ResultSetMetaData meta = rows.getMetaData();
		List<String> columns = new ArrayList<>();
		for (int c = 1; c <= meta.getColumnCount(); c++) {
			columns.add(meta.getColumnLabel(c));
		}
		List<List<@Nullable String>> kept = new ArrayList<>();
		boolean truncated = false;
		while (rows.next()) {
			if (kept.size() == maxRows) {
				truncated = true;
				break;
			}
			List<@Nullable String> row = new ArrayList<>(columns.size());
			for (int c = 1; c <= columns.size(); c++) {
				row.add(cell(rows.getString(c)));
			}
			kept.add(row);
		}
		return new QueryResult(columns, kept, truncated);
	}

	private static @Nullable String cell(@Nullable String value) {
		if (value == null || value.length() <= MAX_CELL_CHARACTERS) {
			return value;
		}
		return value.substring(0, MAX_CELL_CHARACTERS) + "…[" + (value.length() - MAX_CELL_CHARACTERS)
				+ " more characters]";
	}

	/** The driver's message, which names the host and user but never the password. */
	private static String describe(SQLException e, InetSocketAddress address) {
		String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
		if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
			return "cannot connect to " + address.getHostString() + ":" + address.getPort() + ": " + message;
		}
		return message;
	}

	@Override
	public void close() {
		this.scheduler.dispose();
	}

	/** The whole call (connecting, the query, the rollback) took too long. */
	public static final class QueryTimeoutException extends RuntimeException {

		QueryTimeoutException(Duration timeout) {
			super("PostgreSQL did not answer within " + timeout.toMillis() + " ms");
		}

	}

}
