/**
 * Read-only SQL against a cluster's PostgreSQL: which statements may run ({@link ReadOnlyStatements}), and the
 * one place that connects and runs them ({@link PostgresQueries}).
 */
@NullMarked
package io.github.mcpplatform.cnpg.sql;

import org.jspecify.annotations.NullMarked;
