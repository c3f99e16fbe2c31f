package io.github.mcpplatform.cnpg.tools;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Tool behaviour.
 *
 * @param waitPollInterval how often {@code create_postgres_cluster} with {@code wait=true} checks the
 *     cluster's status
 */
@Validated
@ConfigurationProperties("cnpg.tools")
public record ToolsProperties(@NotNull @DefaultValue("5s") Duration waitPollInterval) {

	public ToolsProperties {
		if (waitPollInterval != null && (waitPollInterval.isNegative() || waitPollInterval.isZero())) {
			throw new IllegalArgumentException("cnpg.tools.wait-poll-interval must be positive, was " + waitPollInterval);
		}
	}

}
