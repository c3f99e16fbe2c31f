package io.github.mcpplatform.idpsetup.auth0;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auth0's Management API has no local equivalent, so the tests replay a recorded contract of it: the
 * request/response pairs of one scenario (src/test/resources/auth0/*.json, taken from Auth0's published API
 * reference, each with its page as {@code source}), served in order on a loopback port. A request that is not
 * the next one recorded (method, path and query, the recorded body's fields, the management token on
 * /api/v2) is answered 500 and noted, so a test sees every call the tool made that Auth0 would not expect.
 */
public final class RecordedAuth0 implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final List<JsonNode> exchanges = new ArrayList<>();

	private final List<String> deviations = new ArrayList<>();

	private int next;

	public RecordedAuth0(String scenario) {
		try (InputStream in = RecordedAuth0.class.getResourceAsStream("/auth0/" + scenario + ".json")) {
			JSON.readTree(in).path("exchanges").forEach(this.exchanges::add);
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		this.server.createContext("/", this::answer);
		this.server.start();
	}

	/** Where the tool reaches this tenant: {@code --domain} takes the URL. */
	public String base() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** Requests that were not the next recorded one, and recorded requests that never came. */
	public synchronized List<String> deviations() {
		List<String> all = new ArrayList<>(this.deviations);
		for (int i = this.next; i < this.exchanges.size(); i++) {
			JsonNode request = this.exchanges.get(i).path("request");
			all.add("never requested: " + request.path("method").asString() + " " + request.path("path").asString());
		}
		return all;
	}

	private synchronized void answer(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		String call = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
				+ (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
		if (this.next >= this.exchanges.size()) {
			reply(exchange, 500, null, "unexpected " + call + " after the last recorded exchange");
			return;
		}
		JsonNode recorded = this.exchanges.get(this.next);
		JsonNode request = recorded.path("request");
		String expected = request.path("method").asString() + " " + request.path("path").asString();
		String problem = null;
		if (!expected.equals(call)) {
			problem = "expected " + expected + ", got " + call;
		}
		else if (request.has("body") && !contains(JSON.readTree(body), request.path("body"))) {
			problem = call + " sent " + body + ", which lacks " + request.path("body");
		}
		else if (request.has("form") && !form(body).equals(expectedForm(request.path("form")))) {
			problem = call + " sent another form than recorded";
		}
		else if (call.contains("/api/v2/") && !"Bearer management-token".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
			problem = call + " without the management token";
		}
		this.next++;
		if (problem != null) {
			reply(exchange, 500, null, problem);
			return;
		}
		JsonNode response = recorded.path("response");
		reply(exchange, response.path("status").asInt(), response.has("body") ? response.path("body") : null, null);
	}

	private void reply(HttpExchange exchange, int status, JsonNode body, String deviation) throws IOException {
		if (deviation != null) {
			this.deviations.add(deviation);
		}
		byte[] bytes = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
		if (bytes.length > 0) {
			exchange.getResponseBody().write(bytes);
		}
		exchange.close();
	}

	/** Whether {@code actual} has every field of {@code wanted} with its value (objects by field, arrays exactly). */
	private static boolean contains(JsonNode actual, JsonNode wanted) {
		if (wanted.isObject()) {
			for (Map.Entry<String, JsonNode> field : wanted.properties()) {
				if (!contains(actual.path(field.getKey()), field.getValue())) {
					return false;
				}
			}
			return true;
		}
		if (wanted.isArray()) {
			if (!actual.isArray() || actual.size() != wanted.size()) {
				return false;
			}
			for (int i = 0; i < wanted.size(); i++) {
				if (!contains(actual.get(i), wanted.get(i))) {
					return false;
				}
			}
			return true;
		}
		return wanted.equals(actual);
	}

	private Map<String, String> expectedForm(JsonNode recorded) {
		Map<String, String> form = new LinkedHashMap<>();
		recorded.properties().forEach(e -> form.put(e.getKey(), e.getValue().asString().replace("{base}", base())));
		return form;
	}

	private static Map<String, String> form(String body) {
		Map<String, String> form = new LinkedHashMap<>();
		for (String pair : body.split("&")) {
			int eq = pair.indexOf('=');
			if (eq > 0) {
				form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
		}
		return form;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
