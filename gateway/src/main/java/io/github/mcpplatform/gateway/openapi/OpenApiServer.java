package io.github.mcpplatform.gateway.openapi;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import io.github.mcpplatform.gateway.protocol.JsonRpcError;
import io.github.mcpplatform.gateway.protocol.ProtocolVersions;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The MCP server of one OpenAPI backend, in the gateway's process: it answers {@code initialize}, {@code ping},
 * {@code tools/list} and {@code tools/call}, the last by one HTTP request to the API. A call's arguments are
 * checked against the tool's input schema first; arguments that do not fit, or cannot make a safe request, are an
 * {@code isError} result that says why, and nothing is sent.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/server/tools#calling-tools">MCP: calling
 *     tools</a>
 */
final class OpenApiServer {

	private static final Logger log = LoggerFactory.getLogger(OpenApiServer.class);

	private static final JsonSchemaValidator VALIDATOR = new DefaultJsonSchemaValidator(JsonRpc.JSON);

	private final BackendDefinition backend;

	private final OpenApiBackends backends;

	OpenApiServer(BackendDefinition backend, OpenApiBackends backends) {
		this.backend = backend;
		this.backends = backends;
	}

	BackendDefinition backend() {
		return this.backend;
	}

	OpenApiBackends backends() {
		return this.backends;
	}

	/** The JSON-RPC response to a request; empty for a notification. */
	Mono<String> handle(ObjectNode message, GatewayUser user) {
		JsonNode id = message.get("id");
		if (id == null) {
			return Mono.empty();
		}
		String method = message.path("method").asString("");
		JsonNode params = message.path("params");
		return switch (method) {
			case "initialize" -> this.backends.tools(this.backend).map(tools -> JsonRpc.result(id, initialized(params, tools)));
			case "ping" -> Mono.just(JsonRpc.result(id, Map.of()));
			case "tools/list" -> this.backends.tools(this.backend).map(tools -> {
				ObjectNode result = JsonRpc.JSON.createObjectNode();
				tools.tools().forEach(tool -> result.withArray("tools").add(tool.listed()));
				result.withArray("tools");
				return JsonRpc.result(id, result);
			});
			case "tools/call" -> call(params, user).map(result -> JsonRpc.result(id, result))
				.onErrorResume(UnknownTool.class, e -> Mono.just(JsonRpcError.invalidParams(e.getMessage()).toJson(id)));
			default -> Mono.just(JsonRpcError.methodNotFound(method).toJson(id));
		};
	}

	private ObjectNode initialized(JsonNode params, ToolSet tools) {
		String asked = params.path("protocolVersion").asString("");
		ObjectNode result = JsonRpc.JSON.createObjectNode()
			.put("protocolVersion", ProtocolVersions.SESSION_ERA.contains(asked) ? asked : ProtocolVersions.NEWEST_SESSION);
		result.putObject("capabilities").putObject("tools").put("listChanged", true);
		result.putObject("serverInfo")
			.put("name", tools.title().isEmpty() ? this.backend.name() : tools.title())
			.put("version", tools.version().isEmpty() ? "0" : tools.version());
		if (tools.instructions() != null) {
			result.put("instructions", tools.instructions());
		}
		return result;
	}

	private Mono<ObjectNode> call(JsonNode params, GatewayUser user) {
		String name = params.path("name").asString("");
		return this.backends.tools(this.backend).flatMap(tools -> {
			OpenApiTool tool = tools.byName().get(name);
			if (tool == null) {
				return Mono.error(new UnknownTool("Unknown tool: " + name));
			}
			JsonNode arguments = params.path("arguments");
			if (arguments.isMissingNode() || arguments.isNull()) {
				arguments = JsonRpc.JSON.createObjectNode();
			}
			String invalid = invalid(tool, arguments);
			if (invalid != null) {
				return Mono.just(Answers.error("Invalid arguments for " + name + ": " + invalid + ". Nothing was sent to the API."));
			}
			RestRequest request;
			try {
				request = RequestBuilder.build(this.backend.url(), tool, arguments);
			}
			catch (RequestBuilder.ArgumentException e) {
				return Mono.just(Answers.error("Invalid arguments for " + name + ": " + e.getMessage()
						+ ". Nothing was sent to the API."));
			}
			return this.backends.credentials().forUser(user, this.backend)
				.flatMap(credential -> this.backends.calls().call(request, credential, this.backend.timeout()))
				.onErrorResume(e -> {
					log.warn("Backend {}: no credential for {}: {}", this.backend.name(), request.label(), e.getMessage());
					return Mono.just(Answers.error("The gateway could not get its credential for the API, so " + request.label()
							+ " was not sent: " + e.getMessage()));
				});
		});
	}

	/** Why the arguments do not fit the tool's input schema, or null when they do. */
	private static @Nullable String invalid(OpenApiTool tool, JsonNode arguments) {
		if (!arguments.isObject()) {
			return "arguments must be an object";
		}
		JsonSchemaValidator.ValidationResponse response = VALIDATOR.validate(tool.validation(),
				JsonRpc.JSON.convertValue(arguments, Object.class));
		return response.valid() ? null : response.errorMessage();
	}

	/** A call names a tool the backend does not have: a protocol error, not a tool result. */
	private static final class UnknownTool extends RuntimeException {

		UnknownTool(String message) {
			super(message, null, false, false);
		}

	}

}
