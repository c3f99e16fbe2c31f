package io.github.mcpplatform.gateway.store;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.data.redis.connection.ReactiveRedisClusterConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Readiness: DOWN while the store cannot be reached, so that the load balancer sends clients to replicas that
 * can serve them (or, when no replica can, tells them at once). Liveness does not include it: restarting the
 * gateway does not bring Redis back, and the connection recovers by itself when Redis does.
 * <p>
 * One Redis, or the master Sentinel names, is up when it answers a PING. A cluster is up when every one of its
 * 16384 slots has a master that is not marked failed in the client's view of the topology, and each of those
 * masters answers a PING: a failed master whose slots a replica has taken over (it stays listed until an operator
 * forgets it) does not keep the replica out of its load balancer, a slot that nobody serves does.
 */
public final class StoreHealth implements ReactiveHealthIndicator {

	/** Every Redis Cluster has this many hash slots. */
	private static final int CLUSTER_SLOTS = 16384;

	private final @Nullable ReactiveStringRedisTemplate redis;

	private final Duration timeout;

	private StoreHealth(@Nullable ReactiveStringRedisTemplate redis, Duration timeout) {
		this.redis = redis;
		this.timeout = timeout;
	}

	/** The in-memory store is part of the process: always up. */
	public static StoreHealth memory() {
		return new StoreHealth(null, Duration.ZERO);
	}

	/**
	 * @param timeout Redis's command timeout ({@code spring.data.redis.timeout}); the check gives up a little
	 *     after it, should the client's own timeout not fire
	 */
	public static StoreHealth redis(ReactiveStringRedisTemplate redis, Duration timeout) {
		return new StoreHealth(redis, timeout);
	}

	@Override
	public Mono<Health> health() {
		ReactiveStringRedisTemplate template = this.redis;
		if (template == null) {
			return Mono.just(Health.up().withDetail("store", "memory").build());
		}
		return template.execute(StoreHealth::ping)
			.next()
			.timeout(this.timeout.plusMillis(500))
			.map(pong -> Health.up().withDetail("store", "redis").build())
			.onErrorResume(error -> Mono.just(Health.down().withDetail("store", "redis")
				.withDetail("error", error.getClass().getSimpleName())
				.build()));
	}

	private static Mono<String> ping(ReactiveRedisConnection connection) {
		if (!(connection instanceof ReactiveRedisClusterConnection cluster)) {
			return connection.ping();
		}
		return cluster.clusterGetNodes()
			.filter(node -> node.isMaster() && !node.getFlags().contains(RedisClusterNode.Flag.FAIL)
					&& !node.getSlotRange().getSlots().isEmpty())
			.collectList()
			.flatMap(masters -> {
				long served = masters.stream().mapToLong(master -> master.getSlotRange().getSlots().size()).sum();
				if (served < CLUSTER_SLOTS) {
					return Mono.error(new IllegalStateException(
							"the cluster serves " + served + " of " + CLUSTER_SLOTS + " slots"));
				}
				return Flux.fromIterable(masters).flatMap(cluster::ping).then(Mono.just("PONG"));
			});
	}

}
