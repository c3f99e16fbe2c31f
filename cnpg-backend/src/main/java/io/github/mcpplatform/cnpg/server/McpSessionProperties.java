package io.github.mcpplatform.cnpg.server;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * MCP session housekeeping.
 *
 * @param sessionIdleTimeout a session with no request for this long and no open stream is forgotten;
 *     its client gets 404 and starts a new session, as the MCP spec requires of clients
 * @param sessionSweepInterval how often idle sessions are looked for
 */
@Validated
@ConfigurationProperties("cnpg.mcp")
public record McpSessionProperties(@NotNull @DefaultValue("30m") Duration sessionIdleTimeout,
		@NotNull @DefaultValue("1m") Duration sessionSweepInterval) {

	public McpSessionProperties {
		if (sessionSweepInterval != null && (sessionSweepInterval.isZero() || sessionSweepInterval.isNegative())) {
			throw new IllegalArgumentException("cnpg.mcp.session-sweep-interval must be positive, was " + sessionSweepInterval);
		}
	}

}
