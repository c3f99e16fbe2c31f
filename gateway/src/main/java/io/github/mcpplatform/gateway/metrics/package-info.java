/**
 * What the gateway measures for Prometheus, each concern in one place: calls routed to backends (latency,
 * outcome, in flight), sign-ins and refreshes, and the gauges read from the gateway's own state (backends up,
 * sessions open, config repo sync). Labels are bounded: backend names come from the config repo, tool names only
 * from the live catalog, and no label ever carries a user.
 */
@NullMarked
package io.github.mcpplatform.gateway.metrics;

import org.jspecify.annotations.NullMarked;
