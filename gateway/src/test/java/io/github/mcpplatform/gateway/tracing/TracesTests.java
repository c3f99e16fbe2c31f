package io.github.mcpplatform.gateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.mcpplatform.gateway.GatewayApplication;
import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.backend.TestMcpServer;
import io.github.mcpplatform.gateway.session.TestRedis;
import io.github.mcpplatform.gateway.tracing.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

/**
 * Traces turned on: calls through the gateway to a real MCP server, with sessions in a real Redis, exported by
 * OTLP to a receiver the test starts ({@link OtlpReceiver}), which decodes them with the protocol's classes.
 */
@ExtendWith(OutputCaptureExtension.class)
class TracesTests {

	private static OtlpReceiver receiver;

	private static TestMcpServer db;

	private static ConfigurableApplicationContext gateway;

	private static TestFrontClient front;

	@BeforeAll
	static void start(@TempDir Path configRepo) throws Exception {
		receiver = new OtlpReceiver();
		db = new TestMcpServer(List.of("get_status", "slower"));
		Files.writeString(configRepo.resolve("backends.yaml"), """
				backends:
				  - name: db
				    url: %s
				    timeout: 2s
				    max-call-duration: 2s
				""".formatted(db.url()));
		gateway = new SpringApplicationBuilder(GatewayApplication.class).run("--server.port=0",
				"--gateway.config-repo.uri=" + configRepo, "--gateway.store=redis", "--spring.data.redis.host=127.0.0.1",
				"--spring.data.redis.port=" + TestRedis.get().port(), "--spring.data.redis.timeout=5s",
				"--management.tracing.export.enabled=true", "--management.tracing.sampling.probability=1.0",
				"--management.opentelemetry.tracing.export.otlp.endpoint=" + receiver.endpoint(),
				"--management.opentelemetry.tracing.export.schedule-delay=100ms", "--spring.application.name=gateway",
				"--logging.level.root=WARN");
		gateway.getBean(BackendRegistry.class).catalogChanges().filter(catalog -> catalog.tools().size() == 2)
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
	void aToolCallIsASpanWithChildSpansForItsAccessDecisionTheStoreAndItsBackendCall() {
		assertThat(front.call(front.initialize(), "db_get_status")).contains("\"text\":\"get_status\"");
		String traceparent = db.toolCallTraceparentHeader();
		assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-3]");

		ReceivedSpan request = await().atMost(Duration.ofSeconds(20)).until(
				() -> spanNamed("mcp tools/call", traceparent.substring(3, 35)), Optional::isPresent).get();
		assertThat(request.parentSpanId()).isEmpty();
		assertThat(request.service()).isEqualTo("gateway");
		assertThat(request.attributes()).containsEntry("mcp.method.name", "tools/call")
			.containsEntry("gateway.backend", "db")
			.containsEntry("gateway.outcome", "ok");
		ReceivedSpan policy = await().atMost(Duration.ofSeconds(20)).until(() -> childOf(request, "gateway.policy"),
				Optional::isPresent).get();
		assertThat(policy.attributes()).containsEntry("gateway.policy.decision", "allow").containsEntry("gateway.backend", "db");
		ReceivedSpan backendCall = await().atMost(Duration.ofSeconds(20)).until(
				() -> childOf(request, "gateway.backend.call"), Optional::isPresent).get();

		// The session's first call to the backend opened a backend session, which the store recorded.
		ReceivedSpan store = await().atMost(Duration.ofSeconds(20)).until(() -> receiver.spans().stream()
			.filter(span -> span.name().equals("gateway.store") && span.parentSpanId().equals(request.spanId())
					&& "putBackendSession".equals(span.attributes().get("db.operation.name")))
			.findFirst(), Optional::isPresent).get();
		assertThat(store.attributes()).containsEntry("db.system.name", "redis");

		// The backend received the backend call's context, as a header and in the message (SEP-414).
		assertThat(traceparent).startsWith("00-" + request.traceId() + "-" + backendCall.spanId() + "-");
		assertThat(db.toolCallTraceparentMeta()).isEqualTo(traceparent);
		// No span says who called, nor with what.
		assertThat(receiver.spans()).flatMap(span -> span.attributes().keySet())
			.noneMatch(key -> key.contains("user") || key.contains("argument"));
	}

	@Test
	void aClientsTraceparentInMetaMakesTheRequestSpanAChildOfTheClientsSpan() {
		String clientTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		String clientSpanId = "00f067aa0ba902b7";

		front.call(front.initialize(), "db_get_status", "00-" + clientTraceId + "-" + clientSpanId + "-01");

		ReceivedSpan request = await().atMost(Duration.ofSeconds(20)).until(
				() -> spanNamed("mcp tools/call", clientTraceId), Optional::isPresent).get();
		assertThat(request.parentSpanId()).isEqualTo(clientSpanId);
		// The backend is in the client's trace too, below the gateway's backend call.
		assertThat(db.toolCallTraceparentHeader()).startsWith("00-" + clientTraceId + "-").doesNotContain(clientSpanId);
		assertThat(db.toolCallTraceparentMeta()).isEqualTo(db.toolCallTraceparentHeader());
	}

	@Test
	void aMalformedTraceparentFromTheClientStartsATraceOfTheGatewaysOwn() {
		front.call(front.initialize(), "db_get_status", "00-not-a-trace-01");

		String traceparent = db.toolCallTraceparentHeader();
		assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-3]");
		ReceivedSpan request = await().atMost(Duration.ofSeconds(20)).until(
				() -> spanNamed("mcp tools/call", traceparent.substring(3, 35)), Optional::isPresent).get();
		assertThat(request.parentSpanId()).isEmpty();
	}

	@Test
	void aBackendThatContinuesTheTraceFromItsHeaderIsAChildOfTheGatewaysBackendCall() {
		front.call(front.initialize(), "db_get_status");
		String traceparent = db.toolCallTraceparentHeader();
		// The backend's side, as an OpenTelemetry-instrumented server does it: its own SDK and exporter, its parent
		// taken from the header it received.
		try (SdkTracerProvider backend = SdkTracerProvider.builder()
			.setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "db")))
			.addSpanProcessor(SimpleSpanProcessor.create(OtlpHttpSpanExporter.builder().setEndpoint(receiver.endpoint()).build()))
			.build()) {
			Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(),
					Map.of("traceparent", traceparent), new MapGetter());
			backend.get("test-backend").spanBuilder("tools/call get_status").setParent(parent).startSpan().end();
		}

		ReceivedSpan backendSide = await().atMost(Duration.ofSeconds(20)).until(
				() -> receiver.spans().stream().filter(span -> "db".equals(span.service())).findFirst(), Optional::isPresent).get();
		ReceivedSpan backendCall = await().atMost(Duration.ofSeconds(20)).until(() -> receiver.spans().stream()
			.filter(span -> span.spanId().equals(backendSide.parentSpanId()))
			.findFirst(), Optional::isPresent).get();
		assertThat(backendCall.name()).isEqualTo("gateway.backend.call");
		assertThat(backendCall.service()).isEqualTo("gateway");
		assertThat(backendCall.traceId()).isEqualTo(backendSide.traceId());
	}

	@Test
	void theLogLineOfAFailedCallCarriesItsTraceId(CapturedOutput output) {
		assertThat(front.call(front.initialize(), "db_slower")).contains("did not start answering");

		// The production log format (ECS JSON): the trace id is a field of the line.
		String line = output.getOut().lines()
			.filter(logged -> logged.contains("A request failed: backend 'db' did not start answering"))
			.findFirst()
			.orElseThrow();
		Matcher traceId = Pattern.compile("\"traceId\":\"([0-9a-f]{32})\"").matcher(line);
		assertThat(traceId.find()).as(line).isTrue();
		ReceivedSpan request = await().atMost(Duration.ofSeconds(20)).until(
				() -> spanNamed("mcp tools/call", traceId.group(1)), Optional::isPresent).get();
		assertThat(request.attributes()).containsEntry("gen_ai.tool.name", "db_slower")
			.containsEntry("gateway.outcome", "timeout");
	}

	private static Optional<ReceivedSpan> spanNamed(String name, String traceId) {
		return receiver.spans().stream()
			.filter(span -> span.name().equals(name) && span.traceId().equals(traceId))
			.findFirst();
	}

	private static Optional<ReceivedSpan> childOf(ReceivedSpan parent, String name) {
		return receiver.spans().stream()
			.filter(span -> span.name().equals(name) && span.parentSpanId().equals(parent.spanId())
					&& span.traceId().equals(parent.traceId()))
			.findFirst();
	}

	private static final class MapGetter implements TextMapGetter<Map<String, String>> {

		@Override
		public Iterable<String> keys(Map<String, String> carrier) {
			return carrier.keySet();
		}

		@Override
		public String get(Map<String, String> carrier, String key) {
			return carrier == null ? null : carrier.get(key);
		}

	}

}
