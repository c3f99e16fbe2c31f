package io.github.mcpplatform.cnpg.sql;

/**
 * Where and as whom a query runs.
 *
 * @param namespace the cluster's namespace
 * @param service the Service to connect through, e.g. {@code pg-main-ro}
 * @param database the database to connect to
 * @param credentials the login, read from the cluster's secret by the backend, never given by the caller
 */
public record QueryTarget(String namespace, String service, String database, Credentials credentials) {
}
