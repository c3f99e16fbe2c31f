package io.github.mcpplatform.gateway.session;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The redis-server processes of one group (a cluster, a Sentinel group), each on a free loopback port below
 * Linux's ephemeral range, in a directory of the group's own, each stopped by its PID (never by name: other tests
 * and other builds run their own). The group is stopped with the JVM too.
 */
final class TestRedisProcesses {

	/** How long a starting server may take to listen, or an awaited state of the group to come about. */
	static final Duration PATIENCE = Duration.ofSeconds(30);

	private final Path dir;

	private final Map<Integer, ProcessHandle> processes = new ConcurrentHashMap<>();

	private final RedisClient client = RedisClient.create();

	TestRedisProcesses(String name) {
		try {
			this.dir = Files.createTempDirectory("redis-" + name + "-");
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll));
	}

	/**
	 * Starts {@code redis-server} with these arguments (a config file first, or options) on a free port, also
	 * free at port + 10000 (a cluster node's bus), and returns the port once the server listens.
	 */
	int start(List<String> arguments) {
		int port = freePort();
		List<String> command = new ArrayList<>();
		command.add("redis-server");
		command.addAll(arguments);
		command.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1", "--dir", this.dir.toString(),
				"--save", "", "--appendonly", "no", "--logfile", this.dir.resolve(port + ".log").toString()));
		if (!arguments.contains("--sentinel")) {
			// A replica's first sync starts at once instead of after Redis's default 5 s wait for more replicas.
			command.addAll(List.of("--repl-diskless-sync-delay", "0"));
		}
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			this.processes.put(port, process.toHandle());
		}
		catch (IOException e) {
			throw new IllegalStateException("cannot start redis-server (install it: apt-get install redis-server)", e);
		}
		await("redis-server on port " + port + " to listen").until(() -> listens(port));
		return port;
	}

	/** Ends the server on this port and waits until it has gone. */
	void stop(int port) {
		ProcessHandle process = this.processes.remove(port);
		if (process != null) {
			process.destroyForcibly();
			process.onExit().join();
		}
	}

	void stopAll() {
		List.copyOf(this.processes.keySet()).forEach(this::stop);
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		try (java.util.stream.Stream<Path> files = Files.walk(this.dir)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
		}
		catch (IOException e) {
			// The temporary directory stays; nothing depends on it.
		}
	}

	Path dir() {
		return this.dir;
	}

	/** A condition awaited with this group's patience, described for the failure message. */
	static org.awaitility.core.ConditionFactory await(String what) {
		return org.awaitility.Awaitility.await(what).atMost(PATIENCE).pollInterval(Duration.ofMillis(50));
	}

	/** Runs commands on one server, on a connection of their own. */
	<T> T on(int port, java.util.function.Function<RedisCommands<String, String>, T> commands) {
		try (StatefulRedisConnection<String, String> connection = this.client
			.connect(RedisURI.builder().withHost("127.0.0.1").withPort(port).withTimeout(Duration.ofSeconds(5)).build())) {
			return commands.apply(connection.sync());
		}
	}

	/** A field of {@code INFO section} of the server on this port, e.g. {@code role} of {@code replication}. */
	String info(int port, String section, String field) {
		String info = on(port, commands -> commands.info(section));
		return info.lines()
			.filter(line -> line.startsWith(field + ":"))
			.map(line -> line.substring(field.length() + 1).trim())
			.findFirst()
			.orElse("");
	}

	private static boolean listens(int port) {
		try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
			return true;
		}
		catch (IOException notYet) {
			return false;
		}
	}

	private static int freePort() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int attempt = 0; attempt < 200; attempt++) {
			int port = random.nextInt(20_000, 22_700);
			if (free(port) && free(port + 10_000)) {
				return port;
			}
		}
		throw new IllegalStateException("no free port pair (p, p + 10000) between 20000 and 32700 after 200 tries");
	}

	private static boolean free(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException taken) {
			return false;
		}
	}

}
