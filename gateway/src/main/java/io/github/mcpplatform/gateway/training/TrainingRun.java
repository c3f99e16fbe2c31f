package io.github.mcpplatform.gateway.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.mcpplatform.gateway.GatewayApplication;
import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs the gateway in front of a {@link TrainingBackend}, on loopback, drives MCP clients through it, and stops:
 * the image build runs it with {@code -XX:AOTCacheOutput}, and the JVM writes the cache as the process exits.
 *
 * <p>
 * It covers what every call takes: the front endpoint, sessions, the merged catalog, policy, routing and the
 * backend call over streamable HTTP. Not covered: sign-in and token checks (the training gateway runs without
 * an identity provider) and Redis (it keeps its state in memory); their classes load on a replica's first such
 * requests, as without a cache.
 *
 * <pre>
 * java -XX:AOTCacheOutput=gateway.aot -cp ... io.github.mcpplatform.gateway.training.TrainingRun [calls]
 * </pre>
 *
 * @see <a href="https://openjdk.org/jeps/514">JEP 514: Ahead-of-Time Command-Line Ergonomics</a>
 * @see <a href="https://openjdk.org/jeps/515">JEP 515: Ahead-of-Time Method Profiling</a>
 */
public final class TrainingRun {

	/** Enough calls for the JIT to profile the call path (fewer leave most of it interpreted in the cache). */
	static final int DEFAULT_CALLS = 6_000;

	private static final int CLIENTS = 8;

	private static final String TRAINING_TOOL = "training_" + TrainingBackend.TOOL;

	private static final int TOLERATED_FAILURES_PERCENT = 5;

	private static final AtomicInteger FAILED = new AtomicInteger();

	private static final AtomicReference<String> LAST_FAILURE = new AtomicReference<>("");

	private static final Duration READY_WITHIN = Duration.ofSeconds(60);

	private TrainingRun() {
	}

	public static void main(String[] args) throws Exception {
		int calls = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_CALLS;
		Instant started = Instant.now();
		Path configRepo = Files.createTempDirectory("gateway-training-");
		try (TrainingBackend backend = TrainingBackend.start()) {
			Files.writeString(configRepo.resolve("backends.yaml"),
					"backends:\n  - name: training\n    url: " + backend.url() + "\n");
			try (ConfigurableApplicationContext gateway = startGateway(configRepo)) {
				String endpoint = "http://127.0.0.1:" + gateway.getEnvironment().getProperty("local.server.port");
				drive(endpoint, calls);
			}
		}
		finally {
			delete(configRepo);
		}
		System.out.println("training run: " + calls + " calls (" + FAILED.get() + " failed) in "
				+ Duration.between(started, Instant.now()).toMillis() + " ms");
		// Spring's and Reactor's non-daemon threads must not keep the JVM (and the cache it writes at exit) waiting.
		System.exit(0);
	}

	private static ConfigurableApplicationContext startGateway(Path configRepo) throws InterruptedException {
		SpringApplication application = new SpringApplication(GatewayApplication.class);
		ConfigurableApplicationContext gateway = application.run("--server.address=127.0.0.1", "--server.port=0",
				"--management.server.port=", "--gateway.config-repo.uri=" + configRepo,
				"--logging.level.root=WARN", "--logging.structured.format.console=",
				// Calls cut off as the run stops are no news.
				"--logging.level.reactor.core.publisher.Operators=OFF");
		ApplicationAvailability availability = gateway.getBean(ApplicationAvailability.class);
		Instant deadline = Instant.now().plus(READY_WITHIN);
		while (availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
			if (Instant.now().isAfter(deadline)) {
				gateway.close();
				throw new IllegalStateException("the training gateway was not ready within " + READY_WITHIN);
			}
			Thread.sleep(50);
		}
		// Ready means every backend had its first connection attempt, not that it succeeded: on a busy build
		// machine the first one may time out. The training needs the tool itself.
		BackendRegistry backends = gateway.getBean(BackendRegistry.class);
		if (!Boolean.TRUE.equals(Flux.concat(Mono.fromSupplier(backends::catalog), backends.catalogChanges())
			.any(catalog -> catalog.tool(TRAINING_TOOL).isPresent())
			.timeout(READY_WITHIN, Mono.just(false))
			.block())) {
			gateway.close();
			throw new IllegalStateException("the training gateway did not list " + TRAINING_TOOL + " within " + READY_WITHIN);
		}
		return gateway;
	}

	/** {@link #CLIENTS} clients at once, each with its own session: list everything once, then call the tool. */
	private static void drive(String endpoint, int calls) {
		List<Mono<Void>> clients = new ArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			int share = calls / CLIENTS;
			clients.add(Mono.usingWhen(Mono.fromSupplier(() -> client(endpoint)),
					client -> client.initialize()
						.then(client.listTools())
						.then(client.listResources())
						.then(client.listPrompts())
						.then(client.ping())
						.thenMany(Flux.range(0, share).concatMap(n -> client.callTool(echo(n))
							.doOnNext(TrainingRun::count)
							.onErrorResume(problem -> Mono.fromRunnable(() -> count(problem)))))
						.then(),
					McpAsyncClient::closeGracefully));
		}
		Flux.merge(clients).then().block(Duration.ofMinutes(10));
		requireMostlySuccessful(calls);
	}

	private static void count(CallToolResult result) {
		if (Boolean.TRUE.equals(result.isError())) {
			FAILED.incrementAndGet();
			LAST_FAILURE.set(String.valueOf(result.content()));
		}
	}

	private static void count(Throwable problem) {
		FAILED.incrementAndGet();
		LAST_FAILURE.set(String.valueOf(problem));
	}

	private static McpAsyncClient client(String endpoint) {
		return McpClient.async(HttpClientStreamableHttpTransport.builder(endpoint).endpoint("/mcp").build())
			.requestTimeout(Duration.ofSeconds(30))
			.build();
	}

	private static CallToolRequest echo(int n) {
		return CallToolRequest.builder().name(TRAINING_TOOL).arguments(Map.of("message", "call " + n)).build();
	}

	/**
	 * A failed call still trains the paths it took, but many mean the run trained something else than calls
	 * (a backend that kept dropping): more than {@link #TOLERATED_FAILURES_PERCENT} percent fail the run.
	 */
	private static void requireMostlySuccessful(int calls) {
		int failed = FAILED.get();
		if (failed * 100 > calls * TOLERATED_FAILURES_PERCENT) {
			throw new IllegalStateException(failed + " of " + calls + " training calls failed, the last with: " + LAST_FAILURE.get());
		}
	}

	private static void delete(Path directory) throws IOException {
		try (var files = Files.walk(directory)) {
			for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		}
	}

}
