package io.github.mcpplatform.gateway.openapi;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.github.mcpplatform.gateway.protocol.JsonRpc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tool's input, from an operation's parameters (its path item's and its own, the operation's winning) and its
 * request body: one object with a property per path, query and header parameter and {@code body} for a JSON body,
 * the required ones listed, nothing else accepted. Cookie parameters, and headers that would change where a
 * request goes or who it claims to be, are never sent: an operation that requires one cannot be a tool.
 *
 * @param schema the input schema
 * @param parameters how each argument other than the body reaches the request
 * @param body the body's argument, or null
 * @see <a href="https://spec.openapis.org/oas/v3.1.0#parameter-object">OpenAPI: Parameter Object</a>
 */
record ToolInput(ObjectNode schema, List<OpenApiTool.Parameter> parameters, @Nullable String body) {

	/** Header parameters the OpenAPI specification says are ignored: the request sets them itself. */
	private static final Set<String> IGNORED_HEADERS = Set.of("accept", "content-type", "authorization");

	/** Headers a parameter may never set: they would change where the request goes or who it claims to be. */
	private static final Set<String> REFUSED_HEADERS = Set.of("host", "cookie", "content-length", "transfer-encoding",
			"connection", "proxy-authorization", "forwarded", "x-forwarded-for", "x-forwarded-host");

	static ToolInput of(Documents documents, boolean openApi30, JsonNode item, JsonNode operation, URI from) {
		SchemaInliner inliner = new SchemaInliner(documents, openApi30);
		Map<String, ResolvedParameter> declared = new LinkedHashMap<>();
		for (JsonNode list : List.of(item.path("parameters"), operation.path("parameters"))) {
			for (JsonNode parameter : list.values()) {
				ResolvedParameter resolved = resolveParameter(documents, parameter, from);
				declared.put(resolved.in() + ":" + resolved.node().path("name").asString(""), resolved);
			}
		}
		ObjectNode schema = JsonRpc.JSON.createObjectNode().put("type", "object");
		ObjectNode properties = schema.putObject("properties");
		List<String> required = new ArrayList<>();
		List<OpenApiTool.Parameter> parameters = new ArrayList<>();
		for (ResolvedParameter resolved : declared.values()) {
			JsonNode parameter = resolved.node();
			String name = parameter.path("name").asString("");
			String in = resolved.in();
			boolean isRequired = "path".equals(in) || parameter.path("required").asBoolean(false);
			if ("cookie".equals(in) || ("header".equals(in) && REFUSED_HEADERS.contains(name.toLowerCase(Locale.ROOT)))) {
				if (isRequired) {
					throw new UnsupportedOperation("needs " + in + " parameter '" + name + "', which the gateway does not send");
				}
				continue;
			}
			if (("header".equals(in) && IGNORED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) || name.isEmpty()) {
				continue;
			}
			OpenApiTool.Location location = switch (in) {
				case "path" -> OpenApiTool.Location.PATH;
				case "query" -> OpenApiTool.Location.QUERY;
				case "header" -> OpenApiTool.Location.HEADER;
				default -> throw new UnsupportedOperation("parameter '" + name + "' is in '" + in + "', which OpenAPI does not define");
			};
			boolean json = false;
			JsonNode parameterSchema = parameter.get("schema");
			if (parameterSchema == null && parameter.path("content").isObject() && parameter.get("content").size() > 0) {
				parameterSchema = parameter.get("content").values().iterator().next().get("schema");
				json = true;
			}
			JsonNode property = parameterSchema == null ? JsonRpc.JSON.createObjectNode()
					: inliner.inline(parameterSchema, resolved.document());
			if (property instanceof ObjectNode object && !object.has("description") && parameter.has("description")) {
				object.put("description", ToolConverter.cut(parameter.get("description").asString(""), 500));
			}
			String argument = properties.has(name) || "body".equals(name) ? in + "_" + name : name;
			properties.set(argument, property);
			if (isRequired) {
				required.add(argument);
			}
			String style = parameter.path("style").asString("path".equals(in) || "header".equals(in) ? "simple" : "form");
			boolean explode = parameter.path("explode").asBoolean("form".equals(style));
			parameters.add(new OpenApiTool.Parameter(argument, name, location, style, explode, json));
		}
		String body = null;
		JsonNode requestBody = operation.get("requestBody");
		if (requestBody != null) {
			URI bodyFrom = from;
			if (requestBody.has("$ref")) {
				Documents.Target target = documents.resolve(requestBody.get("$ref").asString(""), from);
				requestBody = target.node();
				bodyFrom = target.document();
			}
			JsonNode media = jsonMedia(requestBody.path("content"));
			boolean bodyRequired = requestBody.path("required").asBoolean(false);
			if (media == null && bodyRequired) {
				throw new UnsupportedOperation("takes its body only as " + String.join(", ", requestBody.path("content").propertyNames())
						+ "; only JSON bodies are sent");
			}
			if (media != null) {
				body = properties.has("body") ? "request_body" : "body";
				JsonNode bodySchema = media.has("schema") ? inliner.inline(media.get("schema"), bodyFrom)
						: JsonRpc.JSON.createObjectNode();
				if (bodySchema instanceof ObjectNode object && !object.has("description") && requestBody.has("description")) {
					object.put("description", ToolConverter.cut(requestBody.get("description").asString(""), 500));
				}
				properties.set(body, bodySchema);
				if (bodyRequired) {
					required.add(body);
				}
			}
		}
		if (!required.isEmpty()) {
			required.forEach(schema.putArray("required")::add);
		}
		schema.put("additionalProperties", false);
		return new ToolInput(schema, parameters, body);
	}

	private record ResolvedParameter(JsonNode node, URI document, String in) {
	}

	private static ResolvedParameter resolveParameter(Documents documents, JsonNode parameter, URI from) {
		JsonNode node = parameter;
		URI document = from;
		for (int hops = 0; node.has("$ref"); hops++) {
			if (hops > 10) {
				throw new DocumentException("a parameter $ref leads through more than 10 references");
			}
			Documents.Target target = documents.resolve(node.get("$ref").asString(""), document);
			node = target.node();
			document = target.document();
		}
		return new ResolvedParameter(node, document, node.path("in").asString(""));
	}

	/** The JSON media type of a body's content: {@code application/json} first, else any {@code +json}. */
	private static @Nullable JsonNode jsonMedia(JsonNode content) {
		if (content.has("application/json")) {
			return content.get("application/json");
		}
		for (Map.Entry<String, JsonNode> media : content.properties()) {
			String type = media.getKey().toLowerCase(Locale.ROOT);
			if (type.endsWith("+json") || type.startsWith("application/json")) {
				return media.getValue();
			}
		}
		return null;
	}

}
