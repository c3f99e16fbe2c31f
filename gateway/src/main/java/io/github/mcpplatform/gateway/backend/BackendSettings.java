package io.github.mcpplatform.gateway.backend;

import java.time.Duration;

/**
 * How the gateway watches its backends.
 *
 * @param healthInterval how often a connected backend is pinged
 * @param healthTimeout how long a ping may take before the backend counts as down; together with the
 *     interval this bounds how long a dead backend's tools stay listed
 * @param minBackoff first wait before reconnecting to a backend that is down
 * @param maxBackoff longest wait between reconnection attempts
 * @param catalogRefresh how often the backend's lists are read again, in case a change notification was lost
 *     (or the backend sends none)
 */
public record BackendSettings(Duration healthInterval, Duration healthTimeout, Duration minBackoff, Duration maxBackoff,
		Duration catalogRefresh) {

	/** Settings that re-read catalogs every five minutes. */
	public BackendSettings(Duration healthInterval, Duration healthTimeout, Duration minBackoff, Duration maxBackoff) {
		this(healthInterval, healthTimeout, minBackoff, maxBackoff, Duration.ofMinutes(5));
	}

}
