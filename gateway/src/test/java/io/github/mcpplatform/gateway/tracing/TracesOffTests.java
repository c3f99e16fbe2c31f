package io.github.mcpplatform.gateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.mcpplatform.gateway.GatewayApplication;
import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.backend.TestMcpServer;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Traces as they are by default: off, although a collector's address is configured. Nothing reaches the receiver
 * the test starts ({@link OtlpReceiver}), backends receive no {@code traceparent}, and no exporter exists.
 */
class TracesOffTests {

	private static OtlpReceiver receiver;

	private static TestMcpServer db;

	private static ConfigurableApplicationContext gateway;

	private static TestFrontClient front;

	@BeforeAll
	static void start(@TempDir Path configRepo) throws Exception {
		receiver = new OtlpReceiver();
		db = new TestMcpServer(List.of("get_status"));
		Files.writeString(configRepo.resolve("backends.yaml"), """
				backends:
				  - name: db
				    url: %s
				""".formatted(db.url()));
		gateway = new SpringApplicationBuilder(GatewayApplication.class).run("--server.port=0",
				"--gateway.config-repo.uri=" + configRepo,
				"--management.opentelemetry.tracing.export.otlp.endpoint=" + receiver.endpoint(),
				"--management.opentelemetry.tracing.export.schedule-delay=100ms", "--logging.level.root=WARN");
		gateway.getBean(BackendRegistry.class).catalogChanges().filter(catalog -> catalog.tools().size() == 1)
			.blockFirst(Duration.ofSeconds(60));
		front = new TestFrontClient(((WebServerApplicationContext) gateway).getWebServer().getPort());
	}

	@AfterAll
	static void stop() {
		gateway.close();
		db.close();
		receiver.close();
	}

	@Test
	void byDefaultNothingIsTracedSentOrAddedToBackendRequests() {
		assertThat(front.call(front.initialize(), "db_get_status")).contains("\"text\":\"get_status\"");

		assertThat(db.toolCallTraceparentHeader()).isEmpty();
		assertThat(db.toolCallTraceparentMeta()).isEmpty();
		assertThat(gateway.getBean(CallTraces.class).on()).isFalse();
		assertThat(gateway.getBeanNamesForType(SpanExporter.class)).isEmpty();
		// No OpenTelemetry worker thread (span or log-record batch processor) runs.
		assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
			.noneMatch(name -> name.contains("BatchSpanProcessor") || name.contains("BatchLogRecordProcessor"));
		// Ten export intervals pass without a single export request.
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> receiver.requests() == 0);
	}

}
