package io.github.mcpplatform.gateway.stdio;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the gateway runs stdio backends ({@code gateway.backends.stdio.*}).
 *
 * @param enabled whether the config repo may declare stdio backends at all: off by default, because a commit to
 *     the config repo then becomes a command the gateway runs
 * @param stopGrace how long a process has to exit after SIGTERM before it is killed
 * @param maxMessageSize a longer line on a process's stdout is not taken: the process counts as broken
 * @param stderrLinesPerMinute lines of a process's stderr logged per minute; the rest are counted, not logged
 * @param maxProcesses stdio processes this gateway runs at once, all backends together (each holds three
 *     threads of a scheduler of its own)
 * @param maxRestartBackoff the longest wait before a process that keeps dying is started again
 */
public record StdioSettings(@DefaultValue("false") boolean enabled, @NotNull @DefaultValue("5s") Duration stopGrace,
		@NotNull @DefaultValue("4MB") DataSize maxMessageSize, @Positive @DefaultValue("120") int stderrLinesPerMinute,
		@Positive @DefaultValue("32") int maxProcesses, @NotNull @DefaultValue("1m") Duration maxRestartBackoff) {

	static final String PREFIX = "gateway.backends.stdio";

	/** The first wait before a dead process is started again; it doubles up to {@link #maxRestartBackoff}. */
	static final Duration FIRST_RESTART_BACKOFF = Duration.ofSeconds(1);

	public StdioSettings {
		if (stopGrace != null && (stopGrace.isNegative() || stopGrace.compareTo(Duration.ofMinutes(1)) > 0)) {
			throw new IllegalArgumentException(PREFIX + ".stop-grace must be 0 to 1m, was " + stopGrace);
		}
		if (maxMessageSize != null && (maxMessageSize.toBytes() < 1024 || maxMessageSize.toBytes() > Integer.MAX_VALUE / 2)) {
			throw new IllegalArgumentException(PREFIX + ".max-message-size must be 1KB to 1GB, was " + maxMessageSize);
		}
		if (maxRestartBackoff != null && maxRestartBackoff.compareTo(FIRST_RESTART_BACKOFF) < 0) {
			throw new IllegalArgumentException(PREFIX + ".max-restart-backoff must be at least 1s, was " + maxRestartBackoff);
		}
	}

	/** The defaults, with stdio backends on or off. */
	public static StdioSettings defaults(boolean enabled) {
		return new StdioSettings(enabled, Duration.ofSeconds(5), DataSize.ofMegabytes(4), 120, 32, Duration.ofMinutes(1));
	}

}
