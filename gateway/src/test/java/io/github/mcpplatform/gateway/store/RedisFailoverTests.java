package io.github.mcpplatform.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import io.github.mcpplatform.gateway.GatewayApplication;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import io.github.mcpplatform.gateway.session.FrontSession;
import io.github.mcpplatform.gateway.session.TestRedisCluster;
import io.github.mcpplatform.gateway.session.TestRedisSentinel;

/**
 * A Redis failover under a running gateway while clients call it (opening sessions, listing tools in sessions
 * opened before): the gateway follows the new master without a restart; while it changes hands requests are
 * answered with 200 or, quickly, 503, never a 500 or a hung request; readiness is UP again afterwards; sessions
 * written before the failover are still there, and every session in Redis is whole.
 */
class RedisFailoverTests {

	/**
	 * No request hangs: each of its Redis commands gives up after 1 s (a write that a cluster master holds while it
	 * hands over is one of them). Issue 15's 2 s bound for an outage, with room for a loaded test machine: measured
	 * on one under a load average near 40 on two cores, up to 3.4 s during a cluster failover, under 1 s during a
	 * Sentinel one.
	 */
	private static final Duration ANSWER_BOUND = Duration.ofSeconds(5);

	/** How long the gateway may take to follow the new master once the failover is done. */
	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final String INITIALIZE = """
			{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
			"capabilities":{},"clientInfo":{"name":"failover","version":"1"}}}""";

	private static final String TOOLS_LIST = """
			{"jsonrpc":"2.0","id":2,"method":"tools/list"}""";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@Test
	void aSentinelFailoverWhileClientsCallIsFollowedWithoutRestartAndNoSessionIsLeftHalfWritten() throws Exception {
		TestRedisSentinel sentinel = TestRedisSentinel.get();
		try (ConfigurableApplicationContext gateway = gateway("--spring.data.redis.sentinel.master=" + TestRedisSentinel.MASTER,
				"--spring.data.redis.sentinel.nodes=" + String.join(",", sentinel.nodes()))) {
			String base = baseUrl(gateway);
			List<String> before = openSessions(base, 6);
			sentinel.awaitReplicaInSync();

			// The new master, not the old one (a master still, nobody's for some seconds), gets what is written next.
			Outcome outcome = whileClientsCall(base, before, sentinel::failOver,
					session -> sentinel.masterHolds("mcp:session:" + session));

			outcome.assertFollowed(this, base, before, sentinel.template());
		}
	}

	@Test
	void aClusterFailoverWhileClientsCallIsFollowedWithoutRestartAndNoSessionIsLost() throws Exception {
		TestRedisCluster cluster = TestRedisCluster.get();
		try (ConfigurableApplicationContext gateway = gateway(
				"--spring.data.redis.cluster.nodes=" + String.join(",", cluster.nodes()))) {
			String base = baseUrl(gateway);
			List<String> before = openSessions(base, 6);

			ReactiveStringRedisTemplate redis = cluster.template();
			Outcome outcome = whileClientsCall(base, before, () -> cluster.failOver("mcp:session:" + before.get(0)),
					session -> exists(redis, session));

			outcome.assertFollowed(this, base, before, redis);
			// CLUSTER FAILOVER hands over only once the replica has every write: none of the sessions opened meanwhile
			// is lost either.
			assertThat(outcome.opened).allSatisfy(session -> assertThat(exists(redis, session)).isTrue());
		}
	}

	/** What the clients saw while the failover ran. */
	private record Outcome(Map<Integer, AtomicInteger> statuses, List<Duration> slowest, List<String> opened) {

		void assertFollowed(RedisFailoverTests test, String base, List<String> before, ReactiveStringRedisTemplate redis)
				throws Exception {
			assertThat(this.statuses.keySet()).as("statuses seen while Redis failed over: %s", this.statuses)
				.isSubsetOf(200, 503)
				.contains(200);
			assertThat(this.slowest).allSatisfy(took -> assertThat(took).isLessThan(ANSWER_BOUND));
			for (String session : before) {
				assertThat(test.post(base, session, TOOLS_LIST).statusCode()).as("session opened before").isEqualTo(200);
			}
			assertThat(test.post(base, null, INITIALIZE).statusCode()).isEqualTo(200);
			Awaitility.await("readiness UP").atMost(PATIENCE).until(() -> test.readiness(base) == 200);
			for (String session : this.opened) {
				String stored = redis.opsForValue().get("mcp:session:" + session).block(Duration.ofSeconds(5));
				if (stored != null) {
					assertThat(JsonRpc.JSON.readValue(stored, FrontSession.class).protocolVersion()).isEqualTo("2025-11-25");
				}
			}
		}

	}

	/**
	 * Four clients call until {@code failover} has returned and the gateway answers a tools/list and opens a new
	 * session that {@code stored} finds where it must be; then they stop.
	 */
	private Outcome whileClientsCall(String base, List<String> sessions, Runnable failover, Predicate<String> stored)
			throws Exception {
		Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
		List<Duration> slowest = new CopyOnWriteArrayList<>();
		List<String> opened = new CopyOnWriteArrayList<>();
		AtomicBoolean stop = new AtomicBoolean();
		List<Thread> clients = new ArrayList<>();
		for (int c = 0; c < 4; c++) {
			int client = c;
			Thread thread = new Thread(() -> {
				Duration worst = Duration.ZERO;
				for (int i = 0; !stop.get(); i++) {
					long start = System.nanoTime();
					HttpResponse<String> answer = i % 2 == 0 ? post(base, null, INITIALIZE)
							: post(base, sessions.get((client + i) % sessions.size()), TOOLS_LIST);
					Duration took = Duration.ofNanos(System.nanoTime() - start);
					worst = took.compareTo(worst) > 0 ? took : worst;
					statuses.computeIfAbsent(answer.statusCode(), any -> new AtomicInteger()).incrementAndGet();
					answer.headers().firstValue("Mcp-Session-Id").ifPresent(opened::add);
				}
				slowest.add(worst);
			});
			thread.start();
			clients.add(thread);
		}
		long start = System.nanoTime();
		try {
			failover.run();
			Awaitility.await("the gateway to open sessions and list tools again")
				.atMost(PATIENCE)
				.pollInterval(Duration.ofMillis(100))
				.until(() -> {
					HttpResponse<String> fresh = post(base, null, INITIALIZE);
					return fresh.statusCode() == 200 && stored.test(fresh.headers().firstValue("Mcp-Session-Id").orElseThrow())
							&& post(base, sessions.get(0), TOOLS_LIST).statusCode() == 200;
				});
		}
		finally {
			stop.set(true);
			for (Thread client : clients) {
				client.join(10_000);
			}
		}
		System.out.printf("Failover followed after %d ms; answers meanwhile %s, slowest %s%n",
				Duration.ofNanos(System.nanoTime() - start).toMillis(), statuses, slowest.stream().max(Duration::compareTo).orElseThrow());
		return new Outcome(statuses, slowest, opened);
	}

	private List<String> openSessions(String base, int count) {
		List<String> sessions = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			HttpResponse<String> answer = post(base, null, INITIALIZE);
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
			sessions.add(answer.headers().firstValue("Mcp-Session-Id").orElseThrow());
		}
		return sessions;
	}

	private static boolean exists(ReactiveStringRedisTemplate redis, String session) {
		return Boolean.TRUE.equals(redis.hasKey("mcp:session:" + session).block(Duration.ofSeconds(5)));
	}

	HttpResponse<String> post(String base, String session, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/mcp"))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (session != null) {
			request.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
		}
		return send(request.build());
	}

	int readiness(String base) {
		return send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness")).build()).statusCode();
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private static ConfigurableApplicationContext gateway(String... redis) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--gateway.config-repo.uri=../config-repo",
				"--CNPG_BACKEND_URL=http://127.0.0.1:9/mcp", "--gateway.store=redis", "--logging.level.root=WARN",
				"--logging.structured.format.console="));
		arguments.addAll(List.of(redis));
		return new SpringApplicationBuilder(GatewayApplication.class).run(arguments.toArray(String[]::new));
	}

	private static String baseUrl(ConfigurableApplicationContext gateway) {
		return "http://127.0.0.1:" + ((WebServerApplicationContext) gateway).getWebServer().getPort();
	}

}
