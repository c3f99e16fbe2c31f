/**
 * The shared store (Redis) as a dependency that can fail: how its failures are recognised, how requests are
 * answered while it cannot be reached (503 with {@code Retry-After}), and the readiness check that takes the
 * replica out of its load balancer meanwhile.
 */
@NullMarked
package io.github.mcpplatform.gateway.store;

import org.jspecify.annotations.NullMarked;
