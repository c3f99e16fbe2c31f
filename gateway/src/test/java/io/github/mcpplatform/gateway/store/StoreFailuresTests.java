package io.github.mcpplatform.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.data.redis.RedisSystemException;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.cluster.PartitionSelectorException;

/**
 * What Redis answers while it changes hands counts as the store being unavailable (503), what it answers for a bug
 * does not (500). The replies are the ones Redis 7 sends (see {@link StoreFailures#TRANSIENT_REPLIES}); the failover
 * tests see them from real servers.
 */
class StoreFailuresTests {

	@Test
	void repliesThatLastOnlyWhileRedisChangesHandsMeanUnavailable() {
		for (String reply : new String[] { "CLUSTERDOWN The cluster is down", "TRYAGAIN Multiple keys request during rehashing of slot",
				"READONLY You can't write against a read only replica.", "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
				"LOADING Redis is loading the dataset in memory" }) {
			// Spring Data wraps Lettuce's error, as it does on the gateway's paths.
			assertThat(StoreFailures.unavailable(new RedisSystemException("Error in execution",
					new RedisCommandExecutionException(reply)))).as(reply).isTrue();
		}
		assertThat(StoreFailures.unavailable(new PartitionSelectorException("Cannot determine a partition for slot 42",
				new io.lettuce.core.cluster.models.partitions.Partitions())))
			.isTrue();
	}

	@Test
	void repliesThatSayTheCommandIsWrongDoNot() {
		for (String reply : new String[] { "ERR unknown command 'FOO'", "WRONGTYPE Operation against a key holding the wrong kind of value",
				"CROSSSLOT Keys in request don't hash to the same slot", "NOSCRIPT No matching script", "READONLYISH made up" }) {
			assertThat(StoreFailures.unavailable(new RedisSystemException("Error in execution",
					new RedisCommandExecutionException(reply)))).as(reply).isFalse();
		}
	}

}
