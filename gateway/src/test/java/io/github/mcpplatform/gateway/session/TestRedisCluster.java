package io.github.mcpplatform.gateway.session;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;

/**
 * A real Redis Cluster of this test JVM: three masters with one replica each ({@code cluster-enabled}, created
 * with {@code redis-cli --cluster create}), on loopback, nothing persisted. A node that stops being answered is
 * failed after 1 s ({@code cluster-node-timeout}), so that a failover in a test takes seconds.
 */
public final class TestRedisCluster {

	private static TestRedisCluster instance;

	private final TestRedisProcesses processes = new TestRedisProcesses("cluster");

	private final List<Integer> ports = new ArrayList<>();

	private TestRedisCluster() {
		for (int i = 0; i < 6; i++) {
			this.ports.add(this.processes.start(List.of("--cluster-enabled", "yes", "--cluster-node-timeout", "1000",
					"--cluster-config-file", "nodes-" + UUID.randomUUID() + ".conf")));
		}
		List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
		this.ports.forEach(port -> command.add("127.0.0.1:" + port));
		command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
		run(command);
		TestRedisProcesses.await("every node of the cluster to see it whole, replicas in sync").until(this::whole);
	}

	/** The cluster of this test JVM, created at first use. */
	public static synchronized TestRedisCluster get() {
		if (instance == null) {
			instance = new TestRedisCluster();
		}
		return instance;
	}

	/** {@code host:port} of every node, as {@code spring.data.redis.cluster.nodes} takes them. */
	public List<String> nodes() {
		return this.ports.stream().map(port -> "127.0.0.1:" + port).toList();
	}

	/**
	 * A new client connection with the gateway's topology refresh (application.yaml: adaptive, and periodic).
	 */
	public ReactiveStringRedisTemplate template() {
		ClusterTopologyRefreshOptions refresh = ClusterTopologyRefreshOptions.builder()
			.enableAllAdaptiveRefreshTriggers()
			.enablePeriodicRefresh(Duration.ofSeconds(30))
			.build();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisClusterConfiguration(nodes()),
				LettuceClientConfiguration.builder()
					.commandTimeout(Duration.ofSeconds(1))
					.clientOptions(ClusterClientOptions.builder().topologyRefreshOptions(refresh).build())
					.build());
		factory.afterPropertiesSet();
		factory.start();
		return new ReactiveStringRedisTemplate(factory);
	}

	/**
	 * Fails over the master that holds {@code key} to its replica as an operator would ({@code CLUSTER FAILOVER}
	 * on the replica: the master stops taking writes until the replica has all of them, then they swap), and
	 * returns once the replica is master and the cluster is whole again.
	 */
	public void failOver(String key) {
		int master = masterOf(key);
		String masterId = this.processes.on(master, commands -> commands.clusterMyId());
		int replica = this.ports.stream()
			.filter(port -> masterId.equals(this.processes.on(port, commands -> replicaOf(commands.clusterNodes()))))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no replica of the master on port " + master));
		this.processes.on(replica, commands -> commands.clusterFailover(false));
		TestRedisProcesses.await("the replica on port " + replica + " to take over from port " + master)
			.until(() -> "master".equals(this.processes.info(replica, "replication", "role"))
					&& "slave".equals(this.processes.info(master, "replication", "role")) && whole());
	}

	/** The port of the master that holds this key's slot now. */
	public int masterOf(String key) {
		long slot = this.processes.on(this.ports.get(0), commands -> commands.clusterKeyslot(key));
		return this.ports.stream()
			.filter(port -> "master".equals(this.processes.info(port, "replication", "role")))
			.filter(port -> this.processes.on(port, commands -> ownsSlot(commands.clusterNodes(), slot)))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no master holds slot " + slot));
	}

	/** The master id a {@code CLUSTER NODES} answer names on its {@code myself} line, when that node is a replica. */
	private static String replicaOf(String clusterNodes) {
		return clusterNodes.lines()
			.map(line -> line.split(" "))
			.filter(fields -> fields[2].contains("myself") && fields[2].contains("slave"))
			.map(fields -> fields[3])
			.findFirst()
			.orElse("");
	}

	/** Whether the {@code myself} line of a {@code CLUSTER NODES} answer lists this slot. */
	private static boolean ownsSlot(String clusterNodes, long slot) {
		return clusterNodes.lines().map(line -> line.split(" ")).filter(fields -> fields[2].contains("myself")).anyMatch(fields -> {
			for (int i = 8; i < fields.length; i++) {
				String[] range = fields[i].split("-");
				long from = Long.parseLong(range[0]);
				long to = range.length > 1 ? Long.parseLong(range[1]) : from;
				if (slot >= from && slot <= to) {
					return true;
				}
			}
			return false;
		});
	}

	/** Every node says the cluster is ok and knows all six, and three replicas are in sync with their masters. */
	private boolean whole() {
		int synced = 0;
		for (int port : this.ports) {
			if (!"ok".equals(clusterInfo(port, "cluster_state")) || !"6".equals(clusterInfo(port, "cluster_known_nodes"))) {
				return false;
			}
			if ("up".equals(this.processes.info(port, "replication", "master_link_status"))) {
				synced++;
			}
		}
		return synced == 3;
	}

	private String clusterInfo(int port, String field) {
		return this.processes.on(port, commands -> commands.clusterInfo())
			.lines()
			.filter(line -> line.startsWith(field + ":"))
			.map(line -> line.substring(field.length() + 1).trim())
			.findFirst()
			.orElse("");
	}

	private static void run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			if (process.waitFor() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
			}
		}
		catch (IOException e) {
			throw new IllegalStateException("cannot run redis-cli (install it: apt-get install redis-tools)", e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

}
