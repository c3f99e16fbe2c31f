package io.github.mcpplatform.gateway.store;

import java.time.Duration;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;

/**
 * Which errors mean that the store cannot be reached (as opposed to a bug, or a command Redis refused): a
 * connection that fails or is refused, or a command that timed out ({@code spring.data.redis.timeout}). Spring
 * Data translates Lettuce's errors, sometimes wrapping them in {@code RedisSystemException}, so the whole chain
 * of causes is looked at.
 */
public final class StoreFailures {

	/**
	 * What {@code Retry-After} tells clients: long enough for a replica's readiness probe to take it out of the
	 * load balancer, short enough for a Redis restart.
	 */
	public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private StoreFailures() {
	}

	/** Whether this error, or one of its causes, says the store cannot be reached now. */
	public static boolean unavailable(Throwable error) {
		Throwable cause = error;
		// Bounded: a chain of causes may loop.
		for (int depth = 0; cause != null && depth < 10; depth++, cause = cause.getCause()) {
			if (cause instanceof RedisConnectionFailureException || cause instanceof QueryTimeoutException
					|| cause instanceof RedisCommandTimeoutException || cause instanceof RedisConnectionException) {
				return true;
			}
		}
		return false;
	}

}
