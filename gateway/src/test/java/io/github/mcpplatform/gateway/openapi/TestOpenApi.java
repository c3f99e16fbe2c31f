package io.github.mcpplatform.gateway.openapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.springframework.web.reactive.function.client.WebClient;

import io.github.mcpplatform.gateway.backend.ColocatedConnector;
import io.github.mcpplatform.gateway.backend.BackendCredentials;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.ConfigRepoLoader;
import io.github.mcpplatform.gateway.identity.BackendTokens;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.identity.SigningKeys;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import io.github.mcpplatform.gateway.session.FrontSession;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Fixtures for OpenAPI backends: a config repo on disk, the backends' state, and MCP messages. */
final class TestOpenApi {

	/** The connector the gateway gives OpenAPI backends (no redirects followed), on event loops of the tests' own. */
	private static final ColocatedConnector CONNECTOR = new ColocatedConnector(
			LoopResources.create("test-openapi", 2, true).onServer(true), 16);

	static final GatewayUser ANN = GatewayUser.named("ann", "https://idp.example");

	static final FrontSession SESSION = new FrontSession("session-1", ANN.principal(), "2025-11-25",
			"{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}",
			Map.of(), Instant.now());

	private TestOpenApi() {
	}

	/** A config repo with one backend entry (YAML, one file) and the test resources' documents under openapi/. */
	static Path repo(Path root, String backendYaml) {
		try {
			Files.createDirectories(root.resolve("backends"));
			Files.writeString(root.resolve("backends/api.yaml"), backendYaml);
			Files.createDirectories(root.resolve("openapi"));
			for (String document : new String[] { "petstore.yaml", "faults.yaml", "adguard-home.yaml", "authentik.yaml" }) {
				Files.writeString(root.resolve("openapi").resolve(document), resource("openapi/" + document));
			}
			return root;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static String resource(String name) {
		try (var in = TestOpenApi.class.getClassLoader().getResourceAsStream(name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static BackendDefinition load(Path root) {
		return new ConfigRepoLoader(name -> switch (name) {
			case "API_KEY" -> "secret-api-key-0123456789";
			case "BEARER" -> "Bearer secret-api-key-0123456789";
			default -> "value-of-" + name;
		}).load(root)
			.backends()
			.get(0);
	}

	static OpenApiBackends backends() {
		return backends(OpenApiSettings.DEFAULTS);
	}

	static OpenApiBackends backends(OpenApiSettings settings) {
		BackendTokens tokens = new BackendTokens(SigningKeys.load(null), "https://mcp.example.com", Clock.systemUTC());
		return new OpenApiBackends(settings, CONNECTOR, new BackendCredentials(tokens, WebClient.create()), "mcp-gateway",
				GatewayUser.named("mcp-gateway", "https://mcp.example.com"));
	}

	static ObjectNode request(int id, String method, Object params) {
		ObjectNode request = JsonRpc.JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
		request.set("params", JsonRpc.JSON.valueToTree(params));
		return request;
	}

	/** Sends a request through the backend's upstream, as the gateway's front does; the JSON-RPC response. */
	static JsonNode send(OpenApiBackends backends, BackendDefinition backend, ObjectNode request) {
		byte[] body = backends.upstream(backend)
			.call(SESSION, ANN, request)
			.flatMap(answer -> org.springframework.core.io.buffer.DataBufferUtils.join(answer.getBody()))
			.map(buffer -> buffer.toString(StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8))
			.block(Duration.ofSeconds(30));
		return JsonRpc.JSON.readTree(body);
	}

	static JsonNode call(OpenApiBackends backends, BackendDefinition backend, String tool, Map<String, Object> arguments) {
		return send(backends, backend, request(7, "tools/call", Map.of("name", tool, "arguments", arguments))).get("result");
	}

	static String text(JsonNode result) {
		return result.get("content").get(0).get("text").asString();
	}

}
