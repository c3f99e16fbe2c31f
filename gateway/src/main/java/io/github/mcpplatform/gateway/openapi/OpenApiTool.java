package io.github.mcpplatform.gateway.openapi;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.mcpplatform.gateway.protocol.JsonRpc;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.node.ObjectNode;

/**
 * One operation of an OpenAPI document, offered as a tool: what {@code tools/list} shows of it, and how a call's
 * arguments become the HTTP request.
 *
 * @param name the tool's name, within the backend
 * @param listed the tool as {@code tools/list} shows it (name, title, description, input schema, annotations)
 * @param method the HTTP method, upper case
 * @param path the path template, e.g. {@code /pet/{petId}}, appended to the API's base URL
 * @param parameters how each argument other than the body reaches the request
 * @param body the argument that is the JSON request body, or null when the operation takes none
 * @param validation the input schema as the validator takes it, made once
 */
record OpenApiTool(String name, ObjectNode listed, String method, String path, List<Parameter> parameters,
		@Nullable String body, Map<String, Object> validation) {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	OpenApiTool {
		parameters = List.copyOf(parameters);
	}

	OpenApiTool(String name, ObjectNode listed, String method, String path, List<Parameter> parameters,
			@Nullable String body) {
		this(name, listed, method, path, parameters, body, JsonRpc.JSON.convertValue(listed.get("inputSchema"), MAP));
	}

	ObjectNode inputSchema() {
		return (ObjectNode) this.listed.get("inputSchema");
	}

	/** Where a parameter goes in the request. */
	enum Location {

		PATH, QUERY, HEADER

	}

	/**
	 * One parameter of the operation.
	 *
	 * @param argument the argument's name in the tool's input
	 * @param name the parameter's name in the request
	 * @param style how a list or object is written ({@code form}, {@code simple}, {@code spaceDelimited},
	 *     {@code pipeDelimited}, {@code deepObject})
	 * @param explode whether each item of a list or object becomes a parameter of its own
	 * @param json whether the value is sent as JSON text (a parameter declared by {@code content})
	 * @see <a href="https://spec.openapis.org/oas/v3.1.0#style-values">OpenAPI: style values</a>
	 */
	record Parameter(String argument, String name, Location in, String style, boolean explode, boolean json) {
	}

}
