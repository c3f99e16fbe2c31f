package io.github.mcpplatform.gateway.configrepo;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * How long a call may run once its backend has accepted it (its answer has started: it streams, or sends
 * progress). A backend's {@code timeout} bounds only the wait for that start, so a tool that works for minutes
 * (and says so with progress) is not cut at it.
 *
 * @param max the longest a call to the backend may run, from the start of its answer
 * @param perTool longer (or shorter) bounds for some of the backend's tools, by their own names
 */
public record LongCalls(Duration max, Map<String, Duration> perTool) {

	/** Ten minutes: long enough for the slow tools people write, short enough to free what a stuck call holds. */
	public static final LongCalls DEFAULT = new LongCalls(Duration.ofMinutes(10), Map.of());

	public LongCalls {
		perTool = Map.copyOf(perTool);
	}

	/** The bound for a call of {@code tool} (a backend's own name), or for a request that is not a tool call. */
	public Duration maxFor(@Nullable String tool) {
		Duration own = tool == null ? null : this.perTool.get(tool);
		return own != null ? own : this.max;
	}

}
