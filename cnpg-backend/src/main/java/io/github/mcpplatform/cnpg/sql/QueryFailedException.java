package io.github.mcpplatform.cnpg.sql;

import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL could not be reached or refused the query. The message is the driver's or the server's, which names
 * the host, user or SQL problem but never the password.
 *
 * @see <a href="https://www.postgresql.org/docs/current/errcodes-appendix.html">PostgreSQL error codes</a>
 */
public final class QueryFailedException extends RuntimeException {

	/** {@code 25006}: a write in a read-only transaction. */
	public static final String READ_ONLY_SQL_TRANSACTION = "25006";

	/** {@code 57014}: the statement timeout fired (or the query was cancelled). */
	public static final String QUERY_CANCELED = "57014";

	private final @Nullable String sqlState;

	QueryFailedException(String message, @Nullable String sqlState, Throwable cause) {
		super(message, cause);
		this.sqlState = sqlState;
	}

	/** PostgreSQL's five-character SQLSTATE, when the server answered with one. */
	public @Nullable String sqlState() {
		return this.sqlState;
	}

}
