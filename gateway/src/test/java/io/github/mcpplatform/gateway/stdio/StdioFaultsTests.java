package io.github.mcpplatform.gateway.stdio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.unit.DataSize;

import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.backend.BackendSettings;
import io.github.mcpplatform.gateway.backend.BackendStatus;
import io.github.mcpplatform.gateway.backend.BackendStatus.State;
import io.github.mcpplatform.gateway.backend.BackendUnavailableException;
import io.github.mcpplatform.gateway.backend.StreamableHttpTransports;
import io.github.mcpplatform.gateway.backend.TestMcpServer;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.BackendTransport.EnvValue;
import io.github.mcpplatform.gateway.configrepo.BackendTransport.Sharing;
import io.github.mcpplatform.gateway.configrepo.BackendTransport.Stdio;
import io.github.mcpplatform.gateway.configrepo.ConfigSnapshot;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.modelcontextprotocol.spec.McpSchema.Tool;

/**
 * stdio processes that misbehave (small scripts in {@code src/test/resources/stdio}): each fails only its own
 * backend, with words that say what happened, and the gateway's log stays bounded.
 */
@ExtendWith(OutputCaptureExtension.class)
class StdioFaultsTests {

	private static final BackendSettings FAST = new BackendSettings(Duration.ofMillis(200), Duration.ofMillis(500),
			Duration.ofMillis(100), Duration.ofMillis(500));

	private static final GatewayUser ANN = GatewayUser.named("ann", "https://idp.example");

	private StdioChannels channels = channels(StdioSettings.defaults(true));

	private BackendRegistry registry;

	private TestMcpServer http;

	@AfterEach
	void stop() {
		if (this.registry != null) {
			this.registry.close();
		}
		if (this.http != null) {
			this.http.close();
		}
		this.channels.close();
	}

	@Test
	void aProcessThatExitsAtOnceIsDownWithItsExitCodeAndStartsAgainOnlyAfterABackoffWhileOthersStayUp() {
		this.http = new TestMcpServer(List.of("query"));
		BackendDefinition broken = TestStdio.script("broken", "exits-at-once.sh", Map.of());
		BackendDefinition tiny = TestStdio.script("tiny", "tiny-server.js", Map.of());
		this.registry = registry(broken, tiny, new BackendDefinition("search", URI.create(this.http.url()), "search", true,
				Duration.ofSeconds(30), null, "test"));

		await().atMost(Duration.ofSeconds(60)).until(() -> state("tiny") == State.READY && state("search") == State.READY
				&& state("broken") == State.DOWN);
		assertThat(this.registry.catalog().tools()).extracting(Tool::name).containsExactlyInAnyOrder("tiny_hello", "search_query");
		await().atMost(Duration.ofSeconds(30)).until(() -> problem("broken").contains("started again in"));
		assertThat(problem("broken")).contains("its process exited with code 3");
		assertThat(state("tiny")).isEqualTo(State.READY);
		assertThat(state("search")).isEqualTo(State.READY);
	}

	@Test
	void theBackoffDoublesFromOneSecondUpToItsMaximum() {
		Duration max = Duration.ofSeconds(10);

		assertThat(List.of(1, 2, 3, 4, 5, 6, 40)).extracting(deaths -> ProcessSupervisor.backoff(deaths, max))
			.containsExactly(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
					Duration.ofSeconds(8), max, max);
	}

	@Test
	void aProcessThatWritesSomethingElseThanJsonRpcToStdoutIsStoppedAndSaidToBeBroken(CapturedOutput output) {
		BackendDefinition garbage = TestStdio.script("garbage", "writes-garbage.sh", Map.of());

		assertThatThrownBy(() -> this.channels.channel(garbage, TestStdio.session("a"), ANN).block(Duration.ofSeconds(20)))
			.isInstanceOf(BackendUnavailableException.class)
			.hasMessageContaining("backend 'garbage' its process wrote a line to stdout that is not a JSON-RPC message");

		assertThat(output).contains("(49 characters, starting 'Server listening... (this line belongs o...')");
		await().atMost(Duration.ofSeconds(10)).until(() -> children("writes-garbage.sh").isEmpty());
	}

	@Test
	void aLineOverTheSizeLimitBreaksTheProcess() {
		this.channels.close();
		StdioSettings small = new StdioSettings(true, Duration.ofSeconds(1), DataSize.ofBytes(1024), 100, 4, Duration.ofSeconds(1));
		this.channels = channels(small);
		BackendDefinition big = TestStdio.backend("big", "sh", List.of("-c", "head -c 5000 /dev/zero | tr '\\0' x; exec sleep 600"),
				Sharing.SHARED, Map.of());

		assertThatThrownBy(() -> this.channels.channel(big, TestStdio.session("a"), ANN).block(Duration.ofSeconds(20)))
			.hasMessageContaining("wrote a line of more than 1024B to stdout");
	}

	@Test
	void aProcessThatFloodsItsStderrGetsOnlyItsShareOfTheLogAndTheRestIsCounted(CapturedOutput output) {
		// Its lines are logged at INFO; an application another test class started in this JVM may have left the
		// root level at WARN (logging.level.root), which would hide them.
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		logging.setLogLevel(StderrLog.class.getName(), LogLevel.INFO);
		try {
			floodsItsStderr(output);
		}
		finally {
			logging.setLogLevel(StderrLog.class.getName(), null);
		}
	}

	private void floodsItsStderr(CapturedOutput output) {
		this.channels.close();
		this.channels = channels(new StdioSettings(true, Duration.ofSeconds(5), DataSize.ofMegabytes(1), 20, 4,
				Duration.ofSeconds(1)));
		BackendDefinition noisy = TestStdio.script("noisy", "tiny-server.js",
				Map.of("STDERR_LINES", new EnvValue.Literal("5000")));
		this.channels.channel(noisy, TestStdio.session("a"), ANN).block(Duration.ofSeconds(20));

		this.channels.close();

		await().atMost(Duration.ofSeconds(10)).until(() -> output.getAll().contains("more lines to stderr that were not logged"));
		assertThat(output.getAll().lines().filter(line -> line.contains("stderr: noise line"))).hasSize(20);
		assertThat(output).contains("Backend noisy (pid ").contains("wrote 4980 more lines to stderr that were not logged");
	}

	@Test
	void aNewUserBeyondTheBoundTakesThePlaceOfTheUserIdleLongest() {
		BackendDefinition tiny = TestStdio.script("tiny", "tiny-server.js", Map.of());
		Stdio bounded = new Stdio(((Stdio) tiny.transport()).command(), ((Stdio) tiny.transport()).args(), Map.of(),
				Sharing.PER_USER, 1, Duration.ofMinutes(15));
		BackendDefinition perUser = new BackendDefinition(tiny.name(), tiny.url(), tiny.prefix(), true, tiny.timeout(),
				tiny.longCalls(), null,
				tiny.access(), tiny.auth(), bounded, "test");
		this.channels.channel(perUser, TestStdio.session("a"), ANN).block(Duration.ofSeconds(20));
		long annPid = this.channels.pids("tiny").get(0);

		this.channels.channel(perUser, TestStdio.session("b"), GatewayUser.named("bob", "https://idp.example"))
			.block(Duration.ofSeconds(20));

		await().atMost(Duration.ofSeconds(10)).until(() -> !ProcessHandle.of(annPid).map(ProcessHandle::isAlive).orElse(false));
		assertThat(this.channels.pids("tiny")).hasSize(1).doesNotContain(annPid);
	}

	private BackendRegistry registry(BackendDefinition... backends) {
		return new BackendRegistry(new ConfigSnapshot(List.of(backends)), FAST,
				backend -> backend.transport() instanceof Stdio ? this.channels.catalogTransport(backend)
						: StreamableHttpTransports.to(backend)).start();
	}

	private State state(String backend) {
		return status(backend).map(BackendStatus::state).orElse(State.CONNECTING);
	}

	private String problem(String backend) {
		return status(backend).map(BackendStatus::problem).orElse("");
	}

	private Optional<BackendStatus> status(String backend) {
		return this.registry.statuses().stream().filter(status -> status.backend().equals(backend)).findFirst();
	}

	private static List<ProcessHandle> children(String script) {
		return ProcessHandle.current().descendants()
			.filter(process -> process.info().commandLine().orElse("").contains(script))
			.filter(ProcessHandle::isAlive)
			.toList();
	}

	private static StdioChannels channels(StdioSettings settings) {
		return new StdioChannels(settings, System::getenv, GatewayUser.named("mcp-gateway", "http://gateway"));
	}

}
