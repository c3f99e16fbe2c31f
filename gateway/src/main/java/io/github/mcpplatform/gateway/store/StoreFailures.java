package io.github.mcpplatform.gateway.store;

import java.time.Duration;
import java.util.List;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.cluster.PartitionSelectorException;

/**
 * Which errors mean that the store cannot be reached (as opposed to a bug, or a command Redis refused): a
 * connection that fails or is refused, a command that timed out ({@code spring.data.redis.timeout}), or an answer
 * by which Redis says it cannot serve this now: during a failover or a restart (see {@link #TRANSIENT_REPLIES}),
 * or a cluster slot that has no master the client knows of. Spring Data translates Lettuce's errors, sometimes
 * wrapping them in {@code RedisSystemException}, so the whole chain of causes is looked at.
 */
public final class StoreFailures {

	/**
	 * What {@code Retry-After} tells clients: long enough for a replica's readiness probe to take it out of the
	 * load balancer, short enough for a Redis restart.
	 */
	public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	/**
	 * Error replies that last only while Redis changes hands (the prefix of the reply,
	 * <a href="https://redis.io/docs/latest/develop/reference/protocol-spec/#simple-errors">RESP simple errors</a>):
	 * the cluster is down or a slot is moving ({@code CLUSTERDOWN}, {@code TRYAGAIN}); a write reached a master that
	 * Sentinel has just turned into a replica ({@code READONLY}), or a replica whose master is gone
	 * ({@code MASTERDOWN}); a server that restarted is still reading its data ({@code LOADING}).
	 */
	static final List<String> TRANSIENT_REPLIES = List.of("CLUSTERDOWN", "TRYAGAIN", "READONLY",
			"MASTERDOWN", "LOADING");

	private StoreFailures() {
	}

	/** Whether this error, or one of its causes, says the store cannot be reached now. */
	public static boolean unavailable(Throwable error) {
		Throwable cause = error;
		// Bounded: a chain of causes may loop.
		for (int depth = 0; cause != null && depth < 10; depth++, cause = cause.getCause()) {
			if (cause instanceof RedisConnectionFailureException || cause instanceof QueryTimeoutException
					|| cause instanceof RedisCommandTimeoutException || cause instanceof RedisConnectionException
					|| cause instanceof PartitionSelectorException) {
				return true;
			}
			if (cause instanceof RedisCommandExecutionException refused && refused.getMessage() != null
					&& TRANSIENT_REPLIES.stream().anyMatch(reply -> refused.getMessage().startsWith(reply + " "))) {
				return true;
			}
		}
		return false;
	}

}
