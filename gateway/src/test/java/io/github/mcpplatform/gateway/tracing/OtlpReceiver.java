package io.github.mcpplatform.gateway.tracing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;

/**
 * An OTLP/HTTP trace receiver the tests start: a real HTTP server on a free loopback port that accepts what an
 * OpenTelemetry exporter sends to {@code /v1/traces} (protobuf) and decodes it with the protocol's own classes. It
 * stands in for a collector, which does not run here.
 */
final class OtlpReceiver implements AutoCloseable {

	/** A received span, its ids in lower-case hex as {@code traceparent} spells them. */
	record ReceivedSpan(String service, String name, String traceId, String spanId, String parentSpanId,
			Map<String, String> attributes) {
	}

	private final HttpServer server;

	private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

	private final AtomicInteger requests = new AtomicInteger();

	OtlpReceiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/v1/traces", this::receive);
		this.server.start();
	}

	/** The URL to give an exporter: {@code management.opentelemetry.tracing.export.otlp.endpoint}. */
	String endpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1/traces";
	}

	/** How many export requests have arrived, whatever they held. */
	int requests() {
		return this.requests.get();
	}

	List<ReceivedSpan> spans() {
		return List.copyOf(this.spans);
	}

	private void receive(HttpExchange exchange) throws IOException {
		this.requests.incrementAndGet();
		try (InputStream body = exchange.getRequestBody()) {
			ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body.readAllBytes());
			request.getResourceSpansList().forEach(resource -> {
				String service = resource.getResource().getAttributesList().stream()
					.filter(attribute -> "service.name".equals(attribute.getKey()))
					.map(attribute -> attribute.getValue().getStringValue())
					.findFirst()
					.orElse("");
				resource.getScopeSpansList().forEach(scope -> scope.getSpansList().forEach(span -> this.spans.add(
						new ReceivedSpan(service, span.getName(), hex(span.getTraceId().toByteArray()),
								hex(span.getSpanId().toByteArray()), hex(span.getParentSpanId().toByteArray()),
								span.getAttributesList().stream().collect(Collectors.toMap(KeyValue::getKey,
										attribute -> attribute.getValue().getStringValue(), (a, b) -> b))))));
			});
			byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
			exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(200, answer.length);
			exchange.getResponseBody().write(answer);
		}
		catch (IOException | RuntimeException problem) {
			exchange.sendResponseHeaders(400, -1);
		}
		finally {
			exchange.close();
		}
	}

	private static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
