package io.github.mcpplatform.gateway.openapi;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.github.mcpplatform.gateway.protocol.JsonRpc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns an OpenAPI Schema Object into a self-contained JSON Schema for a tool's input: references inlined, OpenAPI
 * 3.0's dialect ({@code nullable}, boolean {@code exclusiveMinimum}) rewritten as JSON Schema, and what a request
 * must not carry left out ({@code readOnly} properties) along with what only documents a schema
 * ({@code example}, {@code xml}, {@code discriminator}, extensions). No {@code $id} or {@code $schema} survives, so
 * the validator never looks anything up.
 *
 * <p>
 * A schema that contains itself (a tree of categories) is cut where it recurs: the inner occurrence accepts any
 * value of its type. A reference that leads only to references back to itself is an error in the document, and so is
 * an input schema larger than {@value #MAX_NODES} schema objects once inlined (a document can make a small
 * schema huge by referencing the same large one many times).
 *
 * @see <a href="https://spec.openapis.org/oas/v3.0.3#schema-object">OpenAPI 3.0 Schema Object</a>
 */
final class SchemaInliner {

	static final int MAX_NODES = 5_000;

	private static final int MAX_DEPTH = 40;

	private static final Set<String> SUBSCHEMA = Set.of("items", "not", "contains", "propertyNames", "if", "then", "else",
			"additionalItems", "unevaluatedItems", "unevaluatedProperties");

	private static final Set<String> SUBSCHEMA_LISTS = Set.of("allOf", "oneOf", "anyOf", "prefixItems");

	private static final Set<String> SUBSCHEMA_MAPS = Set.of("properties", "patternProperties", "dependentSchemas");

	private static final Set<String> DROPPED = Set.of("discriminator", "xml", "externalDocs", "example", "examples",
			"nullable", "readOnly", "writeOnly", "$schema", "$id", "$anchor", "$dynamicAnchor", "$dynamicRef", "$defs",
			"definitions", "$comment", "$vocabulary");

	private final Documents documents;

	private final boolean openApi30;

	private int nodes;

	SchemaInliner(Documents documents, boolean openApi30) {
		this.documents = documents;
		this.openApi30 = openApi30;
	}

	/** The schema, self-contained; counts against this inliner's budget (one inliner per tool). */
	JsonNode inline(JsonNode schema, URI from) {
		return convert(schema, from, new ArrayDeque<>(), 0);
	}

	/** Whether the schema (after its references) is marked {@code readOnly}: not sent in requests. */
	boolean readOnly(JsonNode schema, URI from) {
		JsonNode node = schema;
		URI at = from;
		Set<URI> followed = new LinkedHashSet<>();
		while (node.isObject() && node.has("$ref") && node.get("$ref").isString()) {
			if (node.path("readOnly").asBoolean(false)) {
				return true;
			}
			Documents.Target target = this.documents.resolve(node.get("$ref").asString(), at);
			if (!followed.add(target.location())) {
				return false;
			}
			node = target.node();
			at = target.document();
		}
		return node.path("readOnly").asBoolean(false);
	}

	private JsonNode convert(JsonNode schema, URI from, Deque<URI> stack, int depth) {
		if (!schema.isObject()) {
			// OpenAPI 3.1 allows true and false as schemas.
			return schema.isBoolean() ? schema : JsonRpc.JSON.createObjectNode();
		}
		if (++this.nodes > MAX_NODES) {
			throw new DocumentException("an input schema is larger than " + MAX_NODES + " schema objects once its $refs "
					+ "are inlined");
		}
		if (schema.has("$ref") && schema.get("$ref").isString()) {
			return reference(schema, from, stack, depth);
		}
		ObjectNode out = JsonRpc.JSON.createObjectNode();
		if (depth > MAX_DEPTH) {
			return out.put("description", "(nested too deep to describe)");
		}
		for (Map.Entry<String, JsonNode> field : schema.properties()) {
			String key = field.getKey();
			JsonNode value = field.getValue();
			if (DROPPED.contains(key) || key.startsWith("x-")) {
				continue;
			}
			if (SUBSCHEMA.contains(key)) {
				out.set(key, convert(value, from, stack, depth + 1));
			}
			else if ("additionalProperties".equals(key)) {
				out.set(key, value.isObject() ? convert(value, from, stack, depth + 1) : value);
			}
			else if (SUBSCHEMA_LISTS.contains(key) && value.isArray()) {
				ArrayNode list = out.putArray(key);
				value.values().forEach(item -> list.add(convert(item, from, stack, depth + 1)));
			}
			else if (SUBSCHEMA_MAPS.contains(key) && value.isObject()) {
				ObjectNode map = out.putObject(key);
				for (Map.Entry<String, JsonNode> property : value.properties()) {
					if ("properties".equals(key) && readOnly(property.getValue(), from)) {
						continue;
					}
					map.set(property.getKey(), convert(property.getValue(), from, stack, depth + 1));
				}
			}
			else {
				out.set(key, value.deepCopy());
			}
		}
		if (out.get("properties") instanceof ObjectNode properties && out.get("required") instanceof ArrayNode required) {
			ArrayNode kept = JsonRpc.JSON.createArrayNode();
			required.values().stream().filter(name -> properties.has(name.asString(""))).forEach(kept::add);
			out.set("required", kept);
		}
		if (this.openApi30) {
			dialect30(schema, out);
		}
		return out;
	}

	private JsonNode reference(JsonNode schema, URI from, Deque<URI> stack, int depth) {
		String ref = schema.get("$ref").asString();
		Documents.Target target = this.documents.resolve(ref, from);
		Set<URI> chain = new LinkedHashSet<>();
		chain.add(target.location());
		// A reference to a reference: follow it, and refuse a chain that comes back to where it started.
		while (target.node().isObject() && target.node().size() == 1 && target.node().has("$ref")) {
			target = this.documents.resolve(target.node().get("$ref").asString(), target.document());
			if (!chain.add(target.location())) {
				throw new DocumentException("$ref '" + ref + "' leads round in a circle of references that never reach a "
						+ "schema: " + chain);
			}
		}
		if (stack.contains(target.location())) {
			ObjectNode any = JsonRpc.JSON.createObjectNode();
			JsonNode type = target.node().get("type");
			if (type != null) {
				any.set("type", type.deepCopy());
			}
			return any.put("description", "(the same structure again: " + name(target.location()) + ")");
		}
		stack.push(target.location());
		try {
			JsonNode converted = convert(target.node(), target.document(), stack, depth + 1);
			if (converted instanceof ObjectNode object && schema.has("description") && schema.get("description").isString()) {
				ObjectNode copy = object.deepCopy();
				copy.put("description", schema.get("description").asString());
				return copy;
			}
			return converted;
		}
		finally {
			stack.pop();
		}
	}

	/** OpenAPI 3.0's {@code nullable} and boolean exclusive bounds, as JSON Schema says them. */
	private static void dialect30(JsonNode schema, ObjectNode out) {
		if (schema.path("nullable").asBoolean(false)) {
			JsonNode type = out.get("type");
			if (type != null && type.isString()) {
				out.putArray("type").add(type.asString()).add("null");
			}
			if (out.get("enum") instanceof ArrayNode values) {
				values.addNull();
			}
		}
		for (String bound : new String[] { "Minimum", "Maximum" }) {
			JsonNode exclusive = out.get("exclusive" + bound);
			if (exclusive != null && exclusive.isBoolean()) {
				out.remove("exclusive" + bound);
				JsonNode limit = out.get(bound.toLowerCase(java.util.Locale.ROOT));
				if (exclusive.asBoolean() && limit != null) {
					out.set("exclusive" + bound, limit);
					out.remove(bound.toLowerCase(java.util.Locale.ROOT));
				}
			}
		}
	}

	private static String name(URI location) {
		String fragment = location.getFragment();
		return fragment == null ? Documents.display(location) : fragment.substring(fragment.lastIndexOf('/') + 1);
	}

}
