package io.github.mcpplatform.gateway.openapi;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.mcpplatform.gateway.openapi.OpenApiTool.Parameter;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import tools.jackson.databind.JsonNode;

/**
 * Builds the HTTP request of a call from its (already validated) arguments, exactly as the operation declares it:
 * path parameters percent-encoded as one segment each (a value that is {@code .} or {@code ..} or holds a
 * {@code /} is refused, so that no argument can reach another path), query parameters in their {@code style}
 * ({@code form} by default, exploded), header values without line breaks, and the body as JSON. The URI is the
 * API's base URL followed by the operation's path, and nothing else: no argument can name a host.
 *
 * @see <a href="https://spec.openapis.org/oas/v3.1.0#style-examples">OpenAPI: style examples</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3986#section-2.3">RFC 3986: unreserved characters</a>
 */
final class RequestBuilder {

	private RequestBuilder() {
	}

	/** A call's arguments that cannot make a request; the message is for the model, and nothing was sent. */
	static final class ArgumentException extends RuntimeException {

		ArgumentException(String message) {
			super(message, null, false, false);
		}

	}

	static RestRequest build(URI base, OpenApiTool tool, JsonNode arguments) {
		String path = tool.path();
		StringBuilder query = new StringBuilder();
		List<Map.Entry<String, String>> headers = new ArrayList<>();
		for (Parameter parameter : tool.parameters()) {
			JsonNode value = arguments.get(parameter.argument());
			if (value == null || value.isNull()) {
				continue;
			}
			switch (parameter.in()) {
				case PATH -> path = path.replace("{" + parameter.name() + "}", pathValue(parameter, value));
				case QUERY -> query(query, parameter, value);
				case HEADER -> headers.add(new SimpleEntry<>(parameter.name(), headerValue(parameter, value)));
			}
		}
		if (path.contains("{") && path.matches(".*\\{[^}/]+}.*")) {
			throw new ArgumentException("path parameter missing for " + tool.path());
		}
		String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
		String uri = base.getScheme() + "://" + base.getRawAuthority() + basePath + path
				+ (query.isEmpty() ? "" : "?" + query);
		URI built = URI.create(uri);
		byte[] body = null;
		if (tool.body() != null && arguments.has(tool.body())) {
			body = JsonRpc.JSON.writeValueAsString(arguments.get(tool.body())).getBytes(StandardCharsets.UTF_8);
		}
		return new RestRequest(tool.method(), built, headers, body);
	}

	private static String pathValue(Parameter parameter, JsonNode value) {
		String text = parameter.json() ? JsonRpc.JSON.writeValueAsString(value) : simple(value, ",");
		if (text.isEmpty() || ".".equals(text) || "..".equals(text) || text.contains("/") || text.contains("\\")) {
			throw new ArgumentException("'" + parameter.argument() + "' must be one path segment: not empty, not . or .., "
					+ "without / or \\");
		}
		return encode(text);
	}

	private static void query(StringBuilder query, Parameter parameter, JsonNode value) {
		String name = encode(parameter.name());
		if (parameter.json()) {
			append(query, name, encode(JsonRpc.JSON.writeValueAsString(value)));
		}
		else if (value.isArray()) {
			List<String> items = new ArrayList<>();
			value.values().forEach(item -> items.add(encode(scalar(item))));
			if (parameter.explode() && "form".equals(parameter.style())) {
				items.forEach(item -> append(query, name, item));
			}
			else {
				String separator = switch (parameter.style()) {
					case "spaceDelimited" -> "%20";
					case "pipeDelimited" -> "%7C";
					default -> ",";
				};
				append(query, name, String.join(separator, items));
			}
		}
		else if (value.isObject()) {
			if ("deepObject".equals(parameter.style())) {
				value.properties().forEach(field -> append(query, name + "%5B" + encode(field.getKey()) + "%5D",
						encode(scalar(field.getValue()))));
			}
			else if (parameter.explode()) {
				value.properties().forEach(field -> append(query, encode(field.getKey()), encode(scalar(field.getValue()))));
			}
			else {
				List<String> pairs = new ArrayList<>();
				value.properties().forEach(field -> {
					pairs.add(encode(field.getKey()));
					pairs.add(encode(scalar(field.getValue())));
				});
				append(query, name, String.join(",", pairs));
			}
		}
		else {
			append(query, name, encode(scalar(value)));
		}
	}

	private static String headerValue(Parameter parameter, JsonNode value) {
		String text = parameter.json() ? JsonRpc.JSON.writeValueAsString(value) : simple(value, ",");
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\r' || c == '\n' || c == 0 || (c < 0x20 && c != '\t') || c == 0x7f) {
				throw new ArgumentException("'" + parameter.argument() + "' is a header value: it must not contain line breaks "
						+ "or other control characters");
			}
		}
		return text;
	}

	/** The {@code simple} style: a list or object as comma-separated values. */
	private static String simple(JsonNode value, String separator) {
		if (value.isArray()) {
			List<String> items = new ArrayList<>();
			value.values().forEach(item -> items.add(scalar(item)));
			return String.join(separator, items);
		}
		if (value.isObject()) {
			List<String> pairs = new ArrayList<>();
			value.properties().forEach(field -> {
				pairs.add(field.getKey());
				pairs.add(scalar(field.getValue()));
			});
			return String.join(separator, pairs);
		}
		return scalar(value);
	}

	private static String scalar(JsonNode value) {
		return value.isString() ? value.asString() : value.isContainer() ? JsonRpc.JSON.writeValueAsString(value)
				: value.asString();
	}

	private static void append(StringBuilder query, String name, String value) {
		if (!query.isEmpty()) {
			query.append('&');
		}
		query.append(name).append('=').append(value);
	}

	/** Every byte but RFC 3986's unreserved characters, percent-encoded (UTF-8). */
	static String encode(String text) {
		StringBuilder encoded = new StringBuilder();
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xff);
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'
					|| c == '~') {
				encoded.append(c);
			}
			else {
				encoded.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
					.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
			}
		}
		return encoded.toString();
	}

}
