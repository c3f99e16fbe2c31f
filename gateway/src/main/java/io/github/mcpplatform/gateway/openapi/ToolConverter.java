package io.github.mcpplatform.gateway.openapi;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.github.mcpplatform.gateway.configrepo.BackendTransport.OpenApi;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns an OpenAPI 3.0, 3.1 or 3.2 document into the tools its backend entry selects ({@link OperationSelector}). Each
 * tool's input is one object: a property per path, query and header parameter, and {@code body} for a JSON request
 * body; no other property is accepted. Its annotations follow the HTTP method: GET and HEAD read-only and
 * idempotent, PUT idempotent, DELETE destructive (and idempotent), POST and PATCH neither.
 *
 * @see <a href="https://spec.openapis.org/oas/v3.1.0#operation-object">OpenAPI: Operation Object</a>
 */
final class ToolConverter {

	static final int MAX_OPERATIONS = 5_000;

	static final int MAX_DESCRIPTION = 1_024;

	private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

	/** Header parameters the OpenAPI specification says are ignored: the request sets them itself. */
	private static final Set<String> IGNORED_HEADERS = Set.of("accept", "content-type", "authorization");

	/** Headers a parameter may never set: they would change where the request goes or who it claims to be. */
	private static final Set<String> REFUSED_HEADERS = Set.of("host", "cookie", "content-length", "transfer-encoding",
			"connection", "proxy-authorization", "forwarded", "x-forwarded-for", "x-forwarded-host");

	private final OpenApi entry;

	private final int nameBudget;

	/** @param nameBudget the longest tool name, so that the gateway's prefixed name fits */
	ToolConverter(OpenApi entry, int nameBudget) {
		this.entry = entry;
		this.nameBudget = nameBudget;
	}

	ToolSet convert(Documents documents) {
		JsonNode root = documents.root();
		String version = root.path("openapi").asString("");
		// 3.2 adds to 3.1 (the QUERY method, streaming media) without changing what is read here.
		if (!root.isObject() || !(version.startsWith("3.0.") || version.startsWith("3.1.") || version.startsWith("3.2."))) {
			throw new DocumentException(Documents.display(documents.main()) + " is not an OpenAPI 3.0, 3.1 or 3.2 document"
					+ (root.has("swagger") ? " (it is Swagger 2.0: convert it to OpenAPI 3 first)" : " (no openapi: 3.x field)"));
		}
		if (!root.path("paths").isObject()) {
			throw new DocumentException(Documents.display(documents.main()) + " has no paths object");
		}
		boolean openApi30 = version.startsWith("3.0.");
		OperationSelector selector = new OperationSelector(this.entry);
		List<Candidate> candidates = new ArrayList<>();
		List<String> left = new ArrayList<>();
		int operations = 0;
		for (Map.Entry<String, JsonNode> pathItem : root.get("paths").properties()) {
			String path = pathItem.getKey();
			URI from = documents.main();
			JsonNode item = pathItem.getValue();
			if (item.has("$ref")) {
				Documents.Target target = documents.resolve(item.get("$ref").asString(""), from);
				item = target.node();
				from = target.document();
			}
			for (String lower : METHODS) {
				JsonNode operation = item.get(lower);
				if (operation == null || !operation.isObject()) {
					continue;
				}
				if (++operations > MAX_OPERATIONS) {
					throw new DocumentException(Documents.display(documents.main()) + " declares more than " + MAX_OPERATIONS
							+ " operations");
				}
				String method = lower.toUpperCase(Locale.ROOT);
				String operationId = operation.path("operationId").asString(null);
				List<String> tags = new ArrayList<>();
				operation.path("tags").values().forEach(tag -> tags.add(tag.asString("")));
				String label = (operationId != null ? operationId + " " : "") + "(" + method + " " + path + ")";
				String refusal = selector.refusal(method, path, operationId, tags);
				if (refusal != null) {
					left.add(label + ": " + refusal);
					continue;
				}
				try {
					candidates.add(candidate(documents, openApi30, method, path, item, operation, from));
				}
				catch (Unsupported e) {
					left.add(label + ": " + e.getMessage());
				}
			}
		}
		JsonNode info = root.path("info");
		String instructions = info.path("description").asString(null);
		return new ToolSet(info.path("title").asString(""), info.path("version").asString(""),
				instructions == null ? null : cut(instructions, 2_000), named(candidates), left);
	}

	/** An operation that will be a tool, before its name is known to be unique. */
	private record Candidate(String name, String method, String path, ObjectNode listed, List<OpenApiTool.Parameter> parameters,
			@Nullable String body) {
	}

	/** Names that two operations would share get the hash of their method and path, each. */
	private List<OpenApiTool> named(List<Candidate> candidates) {
		Map<String, Integer> counts = new HashMap<>();
		candidates.forEach(candidate -> counts.merge(candidate.name(), 1, Integer::sum));
		List<OpenApiTool> tools = new ArrayList<>();
		for (Candidate candidate : candidates) {
			String name = counts.get(candidate.name()) > 1
					? ToolNaming.distinct(candidate.name(), candidate.method(), candidate.path(), this.nameBudget) : candidate.name();
			ObjectNode listed = candidate.listed();
			listed.put("name", name);
			tools.add(new OpenApiTool(name, listed, candidate.method(), candidate.path(), candidate.parameters(), candidate.body()));
		}
		return tools;
	}

	private Candidate candidate(Documents documents, boolean openApi30, String method, String path, JsonNode item,
			JsonNode operation, URI from) {
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
					throw new Unsupported("needs " + in + " parameter '" + name + "', which the gateway does not send");
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
				default -> throw new Unsupported("parameter '" + name + "' is in '" + in + "', which OpenAPI does not define");
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
				object.put("description", cut(parameter.get("description").asString(""), 500));
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
				throw new Unsupported("takes its body only as " + String.join(", ", requestBody.path("content").propertyNames())
						+ "; only JSON bodies are sent");
			}
			if (media != null) {
				body = properties.has("body") ? "request_body" : "body";
				JsonNode bodySchema = media.has("schema") ? inliner.inline(media.get("schema"), bodyFrom)
						: JsonRpc.JSON.createObjectNode();
				if (bodySchema instanceof ObjectNode object && !object.has("description") && requestBody.has("description")) {
					object.put("description", cut(requestBody.get("description").asString(""), 500));
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
		String operationId = operation.path("operationId").asString(null);
		ObjectNode listed = JsonRpc.JSON.createObjectNode();
		String name = ToolNaming.name(operationId, method, path, this.nameBudget);
		listed.put("name", name);
		String summary = operation.path("summary").asString("").strip();
		listed.put("title", cut(summary.isEmpty() ? (operationId != null ? operationId : method + " " + path) : summary, 100));
		listed.put("description", description(summary, operation.path("description").asString("").strip(), method, path,
				operation.path("deprecated").asBoolean(false)));
		listed.set("inputSchema", schema);
		ObjectNode annotations = listed.putObject("annotations");
		annotations.put("title", listed.get("title").asString());
		boolean readOnly = "GET".equals(method) || "HEAD".equals(method);
		annotations.put("readOnlyHint", readOnly);
		annotations.put("destructiveHint", "DELETE".equals(method));
		annotations.put("idempotentHint", readOnly || "PUT".equals(method) || "DELETE".equals(method));
		annotations.put("openWorldHint", this.entry.openWorld());
		return new Candidate(name, method, path, listed, parameters, body);
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

	private static String description(String summary, String description, String method, String path, boolean deprecated) {
		StringBuilder text = new StringBuilder();
		if (deprecated) {
			text.append("(Deprecated) ");
		}
		text.append(summary);
		if (!description.isEmpty() && !description.equals(summary)) {
			text.append(summary.isEmpty() ? "" : "\n\n").append(description);
		}
		String http = "HTTP: " + method + " " + path;
		String cut = cut(text.toString().strip(), MAX_DESCRIPTION - http.length() - 2);
		return cut.isEmpty() ? http : cut + "\n\n" + http;
	}

	/** At most {@code max} characters, cut at a word with an ellipsis. */
	static String cut(String text, int max) {
		if (text.length() <= max) {
			return text;
		}
		int end = text.lastIndexOf(' ', max - 1);
		return text.substring(0, end > max / 2 ? end : max - 1).stripTrailing() + "…";
	}

	/** An operation the gateway cannot call as declared; it is left out, the others stay. */
	private static final class Unsupported extends RuntimeException {

		Unsupported(String message) {
			super(message, null, false, false);
		}

	}

}
