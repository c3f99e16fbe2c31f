package io.github.mcpplatform.gateway.session;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * A real {@code redis-server} of its own on a free loopback port, nothing persisted, stopped with the JVM.
 * Tests never touch a Redis they did not start.
 */
public final class TestRedis {

	private static TestRedis instance;

	private Process process;

	private final int port;

	/** Where an own server keeps its append-only file across restarts; null for the shared one. */
	private final Path dataDir;

	private TestRedis(Process process, int port, Path dataDir) {
		this.process = process;
		this.port = port;
		this.dataDir = dataDir;
	}

	/** The one redis-server of this test JVM. */
	public static synchronized TestRedis get() {
		if (instance == null) {
			instance = start();
			Runtime.getRuntime().addShutdownHook(new Thread(instance.process::destroy));
		}
		return instance;
	}

	/**
	 * A redis-server of the caller's own (to stop, hang and restart), which keeps its data in an append-only file
	 * in {@code dataDir}, written at every command, so that a restart on the same port finds it again. The
	 * caller stops it ({@link #stop()}).
	 */
	public static TestRedis own(Path dataDir) {
		return start(freePort(), dataDir);
	}

	private static TestRedis start() {
		return start(freePort(), null);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	private static TestRedis start(int port, Path dataDir) {
		try {
			List<String> command = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port), "--bind",
					"127.0.0.1", "--save", ""));
			command.addAll(dataDir == null ? List.of("--appendonly", "no")
					: List.of("--appendonly", "yes", "--appendfsync", "always", "--dir", dataDir.toString()));
			Process process = new ProcessBuilder(command)
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
			while (Instant.now().isBefore(deadline)) {
				try (Socket probe = new Socket("127.0.0.1", port)) {
					return new TestRedis(process, port, dataDir);
				}
				catch (IOException notYet) {
					Thread.sleep(50);
				}
			}
			process.destroy();
			throw new IllegalStateException("redis-server did not listen on port " + port + " within 10 s");
		}
		catch (IOException e) {
			throw new IllegalStateException("cannot start redis-server (install it: apt-get install redis-server)", e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	/** Stops the server's process ({@code SIGSTOP}): connections stay open and commands get no answer. */
	public void hang() {
		signal("-STOP");
	}

	/** Lets a {@link #hang() hung} server go on ({@code SIGCONT}). */
	public void resume() {
		signal("-CONT");
	}

	/** Ends the server and waits until it has gone: connections are closed, new ones refused. */
	public void stop() {
		this.process.destroy();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	/** Starts an own server again, on the same port with the same data. */
	public void restart() {
		this.process = start(this.port, this.dataDir).process;
	}

	private void signal(String signal) {
		try {
			int exit = new ProcessBuilder("kill", signal, String.valueOf(this.process.pid())).start().waitFor();
			if (exit != 0) {
				throw new IllegalStateException("kill " + signal + " exited with " + exit);
			}
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	public int port() {
		return this.port;
	}

	/** A new client connection to this server. */
	public ReactiveStringRedisTemplate template() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", this.port));
		factory.afterPropertiesSet();
		factory.start();
		return new ReactiveStringRedisTemplate(factory);
	}

}
