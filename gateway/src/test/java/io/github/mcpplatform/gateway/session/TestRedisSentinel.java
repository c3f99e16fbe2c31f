package io.github.mcpplatform.gateway.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.lettuce.core.sentinel.api.sync.RedisSentinelCommands;

/**
 * A real Sentinel group of this test JVM: a master, its replica, and three sentinels ({@code redis-server
 * --sentinel}, quorum two) watching them under the name {@link #MASTER}, on loopback, nothing persisted.
 */
public final class TestRedisSentinel {

	public static final String MASTER = "gateway";

	private static TestRedisSentinel instance;

	private final TestRedisProcesses processes = new TestRedisProcesses("sentinel");

	private int master;

	private int replica;

	private final List<Integer> sentinels;

	private final RedisClient client = RedisClient.create();

	private TestRedisSentinel() {
		this.master = this.processes.start(List.of());
		this.replica = this.processes.start(List.of("--replicaof", "127.0.0.1", String.valueOf(this.master)));
		TestRedisProcesses.await("the replica to be in sync with its master")
			.until(() -> "up".equals(this.processes.info(this.replica, "replication", "master_link_status")));
		// Started once the replica is in sync: a sentinel sees it in the master's INFO at once.
		this.sentinels = List.of(sentinel(), sentinel(), sentinel());
		TestRedisProcesses.await("every sentinel to know the replica and the other sentinels").until(() -> this.sentinels.stream()
			.allMatch(port -> onSentinel(port, commands -> {
				Map<String, String> known = commands.master(MASTER);
				List<Map<String, String>> replicas = commands.replicas(MASTER);
				return "2".equals(known.get("num-other-sentinels")) && replicas.size() == 1
						&& "slave".equals(replicas.get(0).get("flags"))
						&& "ok".equals(replicas.get(0).get("master-link-status"));
			})));
	}

	/** The Sentinel group of this test JVM, started at first use. */
	public static synchronized TestRedisSentinel get() {
		if (instance == null) {
			instance = new TestRedisSentinel();
		}
		return instance;
	}

	/** {@code host:port} of every sentinel, as {@code spring.data.redis.sentinel.nodes} takes them. */
	public List<String> nodes() {
		return this.sentinels.stream().map(port -> "127.0.0.1:" + port).toList();
	}

	/** A new client connection as the gateway makes it (through the sentinels, following their announcements). */
	public ReactiveStringRedisTemplate template() {
		RedisSentinelConfiguration sentinel = new RedisSentinelConfiguration(MASTER, new java.util.HashSet<>(nodes()));
		LettuceConnectionFactory factory = new LettuceConnectionFactory(sentinel,
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(1)).readFrom(ReadFrom.UPSTREAM).build());
		factory.afterPropertiesSet();
		factory.start();
		return new ReactiveStringRedisTemplate(factory);
	}

	/** The master's port now. */
	public int master() {
		return this.master;
	}

	/**
	 * Fails the master over to the replica as an operator would ({@code SENTINEL FAILOVER}), and returns once
	 * every sentinel names the replica as the master. Sentinel turns the old master into a replica some ten seconds
	 * later (it waits for newer configurations first); until then it is a master nobody should write to.
	 */
	public void failOver() {
		int promoted = this.replica;
		onSentinel(this.sentinels.get(0), commands -> commands.failover(MASTER));
		TestRedisProcesses.await("every sentinel to name port " + promoted + " the master").until(() -> this.sentinels.stream()
			.allMatch(port -> onSentinel(port, commands -> ((java.net.InetSocketAddress) commands.getMasterAddrByName(MASTER)).getPort() == promoted)));
		this.replica = this.master;
		this.master = promoted;
	}

	/** Whether the master holds this key, asked directly (not through the sentinels). */
	public boolean masterHolds(String key) {
		return this.processes.on(this.master, commands -> commands.exists(key)) == 1;
	}

	/** Returns once the replica has every write the master had when this was called. */
	public void awaitReplicaInSync() {
		long written = Long.parseLong(this.processes.info(this.master, "replication", "master_repl_offset"));
		TestRedisProcesses.await("the replica to catch up with offset " + written)
			.until(() -> Long.parseLong(this.processes.info(this.replica, "replication", "master_repl_offset")) >= written);
	}

	private int sentinel() {
		Path config = this.processes.dir().resolve("sentinel-" + UUID.randomUUID() + ".conf");
		try {
			Files.writeString(config, """
					sentinel monitor %s 127.0.0.1 %d 2
					sentinel down-after-milliseconds %s 1000
					sentinel failover-timeout %s 10000
					""".formatted(MASTER, this.master, MASTER, MASTER));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return this.processes.start(List.of(config.toString(), "--sentinel"));
	}

	private <T> T onSentinel(int port, java.util.function.Function<RedisSentinelCommands<String, String>, T> commands) {
		try (StatefulRedisSentinelConnection<String, String> connection = this.client
			.connectSentinel(RedisURI.builder().withHost("127.0.0.1").withPort(port).withTimeout(Duration.ofSeconds(5)).build())) {
			return commands.apply(connection.sync());
		}
	}

}
