package io.github.mcpplatform.gateway.openapi;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.mcpplatform.gateway.configrepo.BackendTransport.OpenApi;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns an OpenAPI 3.0, 3.1 or 3.2 document into the tools its backend entry selects ({@link OperationSelector}). Each
 * tool's input is one object ({@link ToolInput}): a property per path, query and header parameter, and {@code body} for a JSON request
 * body; no other property is accepted. Its annotations follow the HTTP method: GET and HEAD read-only and
 * idempotent, PUT idempotent, DELETE destructive (and idempotent), POST and PATCH neither.
 *
 * @see <a href="https://spec.openapis.org/oas/v3.1.0#operation-object">OpenAPI: Operation Object</a>
 */
final class ToolConverter {

	static final int MAX_OPERATIONS = 5_000;

	static final int MAX_DESCRIPTION = 1_024;

	private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

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
				catch (UnsupportedOperation e) {
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
		ToolInput input = ToolInput.of(documents, openApi30, item, operation, from);
		String operationId = operation.path("operationId").asString(null);
		ObjectNode listed = JsonRpc.JSON.createObjectNode();
		String name = ToolNaming.name(operationId, method, path, this.nameBudget);
		listed.put("name", name);
		String summary = operation.path("summary").asString("").strip();
		listed.put("title", cut(summary.isEmpty() ? (operationId != null ? operationId : method + " " + path) : summary, 100));
		listed.put("description", description(summary, operation.path("description").asString("").strip(), method, path,
				operation.path("deprecated").asBoolean(false)));
		listed.set("inputSchema", input.schema());
		ObjectNode annotations = listed.putObject("annotations");
		annotations.put("title", listed.get("title").asString());
		boolean readOnly = "GET".equals(method) || "HEAD".equals(method);
		annotations.put("readOnlyHint", readOnly);
		annotations.put("destructiveHint", "DELETE".equals(method));
		annotations.put("idempotentHint", readOnly || "PUT".equals(method) || "DELETE".equals(method));
		annotations.put("openWorldHint", this.entry.openWorld());
		return new Candidate(name, method, path, listed, input.parameters(), input.body());
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

}
