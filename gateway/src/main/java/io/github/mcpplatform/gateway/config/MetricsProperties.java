package io.github.mcpplatform.gateway.config;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the gateway measures beyond what it counts as it goes.
 *
 * @param sessionCountInterval how often the open sessions are counted in the store (with Redis, a {@code SCAN}
 *     of the session keys by every replica), for {@code gateway_sessions_open}
 */
@Validated
@ConfigurationProperties("gateway.metrics")
public record MetricsProperties(@NotNull @DefaultValue("30s") Duration sessionCountInterval) {

	public MetricsProperties {
		if (sessionCountInterval.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("gateway.metrics.session-count-interval must be at least 1s (it is "
					+ sessionCountInterval + "): every count reads every session key in the store");
		}
	}

}
