package io.github.mcpplatform.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.ConfigSnapshot;
import io.github.mcpplatform.gateway.protocol.ProtocolVersions;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a backend is told about the client in the gateway's catalog session, read on the wire by a listener that
 * records each request's body and refuses it (the gateway's side is the production connection code).
 */
class CatalogCapabilitiesTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Everything the gateway relays: a backend lists the tools it offers any such client. */
	private static final JsonNode EVERYTHING_RELAYED = JSON
		.readTree("{\"roots\":{\"listChanged\":true},\"sampling\":{},\"elicitation\":{\"form\":{},\"url\":{}}}");

	private final Map<String, JsonNode> requests = new ConcurrentHashMap<>();

	private DisposableServer listener;

	private BackendRegistry registry;

	@AfterEach
	void stop() {
		if (this.registry != null) {
			this.registry.close();
		}
		if (this.listener != null) {
			this.listener.disposeNow();
		}
	}

	@Test
	void theCatalogSessionDeclaresRootsSamplingAndBothElicitationModes() {
		connectToRecorder();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.requests.containsKey("initialize"));
		assertThat(this.requests.get("initialize").path("params").path("capabilities")).isEqualTo(EVERYTHING_RELAYED);
	}

	@Test
	void aStatelessBackendIsToldTheSameCapabilitiesInTheVersionEnvelope() {
		connectToRecorder();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.requests.containsKey("server/discover"));
		assertThat(this.requests.get("server/discover").path("params").path("_meta")
			.path(ProtocolVersions.META_CLIENT_CAPABILITIES)).isEqualTo(EVERYTHING_RELAYED);
	}

	/** A listener that keeps the first request of each method and answers every request 503. */
	private void connectToRecorder() {
		this.listener = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> request.receive().aggregate().asString().defaultIfEmpty("").flatMap(body -> {
				if (body.startsWith("{")) {
					JsonNode message = JSON.readTree(body);
					this.requests.putIfAbsent(message.path("method").asString(""), message);
				}
				return response.status(503).send().then();
			}).then(Mono.empty()))
			.bindNow();
		BackendDefinition backend = new BackendDefinition("recorder", URI.create("http://127.0.0.1:" + this.listener.port() + "/mcp"),
				"recorder", true, Duration.ofSeconds(2), null, "test:1");
		this.registry = new BackendRegistry(new ConfigSnapshot(List.of(backend)), new BackendSettings(Duration.ofMillis(200),
				Duration.ofMillis(500), Duration.ofMillis(100), Duration.ofMillis(500)), StreamableHttpTransports::to).start();
	}

}
