package io.github.mcpplatform.cnpg.sql;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the {@code sql} toolset runs queries.
 *
 * @param statementTimeout how long PostgreSQL lets one query run ({@code SET LOCAL statement_timeout}); at most a
 *     minute, since a tool call holds a connection and a model waits for the answer
 * @param connectTimeout how long connecting and signing in to PostgreSQL may take
 * @param maxRows the most rows a query returns; a call may ask for fewer
 * @param maxConcurrentQueries queries that may run at once (each holds a thread and a connection)
 */
@Validated
@ConfigurationProperties(SqlProperties.PREFIX)
public record SqlProperties(@NotNull @DefaultValue("10s") Duration statementTimeout,
		@NotNull @DefaultValue("5s") Duration connectTimeout, @Min(1) @Max(10_000) @DefaultValue("1000") int maxRows,
		@Min(1) @Max(64) @DefaultValue("4") int maxConcurrentQueries) {

	public static final String PREFIX = "cnpg.sql";

	public SqlProperties {
		if (statementTimeout != null && (statementTimeout.toMillis() < 1 || statementTimeout.compareTo(Duration.ofMinutes(1)) > 0)) {
			throw new IllegalArgumentException(PREFIX + ".statement-timeout must be from 1ms to 1m, was " + statementTimeout);
		}
		if (connectTimeout != null && (connectTimeout.toSeconds() < 1 || connectTimeout.compareTo(Duration.ofMinutes(1)) > 0)) {
			throw new IllegalArgumentException(PREFIX + ".connect-timeout must be from 1s to 1m (the driver counts whole "
					+ "seconds), was " + connectTimeout);
		}
	}

	/** The defaults, for code that runs without Spring's binding. */
	public static SqlProperties defaults() {
		return new SqlProperties(Duration.ofSeconds(10), Duration.ofSeconds(5), 1000, 4);
	}

}
