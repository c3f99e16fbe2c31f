package io.github.mcpplatform.gateway.session;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
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

	private final Process process;

	private final int port;

	private TestRedis(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/** The one redis-server of this test JVM. */
	public static synchronized TestRedis get() {
		if (instance == null) {
			instance = start();
			Runtime.getRuntime().addShutdownHook(new Thread(instance.process::destroy));
		}
		return instance;
	}

	private static TestRedis start() {
		try {
			int port;
			try (ServerSocket socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			Process process = new ProcessBuilder(List.of("redis-server", "--port", String.valueOf(port), "--bind",
					"127.0.0.1", "--save", "", "--appendonly", "no"))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
			while (Instant.now().isBefore(deadline)) {
				try (Socket probe = new Socket("127.0.0.1", port)) {
					return new TestRedis(process, port);
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
