package io.github.mcpplatform.gateway.openapi;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.github.mcpplatform.gateway.protocol.JsonRpc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small, real HTTP service implementing part of the Swagger Petstore 3 document ({@code openapi/petstore.yaml}
 * under {@code /api/v3}) with pets kept in memory, plus a few misbehaving operations under {@code /faults} (HTML,
 * binary, a 10 MB body, no answer, a redirect elsewhere), declared by {@code openapi/faults.yaml}. Every request
 * is recorded as it arrived.
 */
final class TestPetstore implements AutoCloseable {

	/** A request as the service saw it. */
	record Seen(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, String body) {
	}

	private final HttpServer server;

	private final Map<Long, ObjectNode> pets = new ConcurrentHashMap<>();

	final List<Seen> seen = new CopyOnWriteArrayList<>();

	/** The document served at {@code /api/v3/openapi.yaml}: the Petstore's own until a test changes it. */
	volatile String document = TestOpenApi.resource("openapi/petstore.yaml");

	TestPetstore() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setExecutor(Executors.newCachedThreadPool());
		pet(1, "doggie", "available", "friendly");
		pet(2, "kitty", "sold", "calm");
		pet(3, "rex", "available", "calm");
		this.server.createContext("/api/v3/", this::petstore);
		this.server.createContext("/faults/", this::faults);
		this.server.start();
	}

	String base() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/api/v3";
	}

	String faults() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/faults";
	}

	Seen last() {
		return this.seen.get(this.seen.size() - 1);
	}

	private void pet(long id, String name, String status, String tag) {
		ObjectNode pet = JsonRpc.JSON.createObjectNode().put("id", id).put("name", name).put("status", status);
		pet.putObject("category").put("id", 1).put("name", "Dogs");
		pet.putArray("photoUrls").add("https://example.invalid/" + name + ".png");
		pet.putArray("tags").addObject().put("id", 1).put("name", tag);
		this.pets.put(id, pet);
	}

	private void petstore(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		String method = exchange.getRequestMethod();
		String path = exchange.getRequestURI().getRawPath().substring("/api/v3".length());
		String query = exchange.getRequestURI().getRawQuery();
		this.seen.add(new Seen(method, exchange.getRequestURI().getRawPath(), query, Map.copyOf(exchange.getRequestHeaders()), body));
		Map<String, List<String>> params = params(query);
		if (method.equals("GET") && path.equals("/openapi.yaml")) {
			send(exchange, 200, "application/yaml", this.document.getBytes(StandardCharsets.UTF_8));
		}
		else if (method.equals("GET") && path.equals("/pet/findByStatus")) {
			String status = params.getOrDefault("status", List.of("available")).get(0);
			json(exchange, 200, array(pet -> pet.get("status").asString().equals(status)));
		}
		else if (method.equals("GET") && path.equals("/pet/findByTags")) {
			List<String> tags = params.getOrDefault("tags", List.of());
			json(exchange, 200, array(pet -> tags.contains(pet.get("tags").get(0).get("name").asString())));
		}
		else if (path.matches("/pet/[^/]+")) {
			String id = URLDecoder.decode(path.substring("/pet/".length()), StandardCharsets.UTF_8);
			ObjectNode pet = id.matches("[0-9]+") ? this.pets.get(Long.parseLong(id)) : null;
			if (pet == null) {
				json(exchange, 404, JsonRpc.JSON.createObjectNode().put("code", 404).put("message", "Pet not found: " + id));
			}
			else if (method.equals("DELETE")) {
				this.pets.remove(pet.get("id").asLong());
				json(exchange, 200, JsonRpc.JSON.createObjectNode().put("message", "deleted"));
			}
			else {
				json(exchange, 200, pet);
			}
		}
		else if (path.equals("/pet") && (method.equals("POST") || method.equals("PUT"))) {
			ObjectNode pet = (ObjectNode) JsonRpc.JSON.readTree(body);
			this.pets.put(pet.path("id").asLong(), pet);
			json(exchange, 200, pet);
		}
		else if (method.equals("GET") && path.equals("/store/inventory")) {
			json(exchange, 200, JsonRpc.JSON.createObjectNode().put("available", 2).put("sold", 1));
		}
		else if (method.equals("GET") && path.startsWith("/user/") && !path.equals("/user/login")
				&& !path.equals("/user/logout")) {
			json(exchange, 200, JsonRpc.JSON.createObjectNode().put("username", path.substring("/user/".length())));
		}
		else {
			json(exchange, 404, JsonRpc.JSON.createObjectNode().put("message", "no such operation here"));
		}
	}

	private void faults(HttpExchange exchange) throws IOException {
		exchange.getRequestBody().readAllBytes();
		this.seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
				exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), ""));
		String path = exchange.getRequestURI().getPath();
		switch (path) {
			case "/faults/html" -> send(exchange, 200, "text/html", "<html><body><form>Sign in</form></body></html>".getBytes());
			case "/faults/binary" -> send(exchange, 200, "application/octet-stream", new byte[] { 0, 1, 2, 3, (byte) 0xff });
			case "/faults/huge" -> {
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, 0);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write('[');
					byte[] item = "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\",".getBytes();
					for (int i = 0; i < 100_000; i++) {
						out.write(item);
					}
					out.write("\"end\"]".getBytes());
				}
				catch (IOException closed) {
					// The gateway stops reading at its limit.
				}
			}
			case "/faults/silent" -> {
				// Never answers: the gateway's timeout must.
			}
			case "/faults/redirect" -> {
				exchange.getResponseHeaders().set("Location", "http://elsewhere.invalid/steal");
				send(exchange, 302, "text/plain", new byte[0]);
			}
			case "/faults/echo-auth" -> send(exchange, 401, "application/json", ("{\"error\":\"bad token\",\"got\":\""
					+ exchange.getRequestHeaders().getFirst("Authorization") + "\"}").getBytes());
			case "/faults/many" -> {
				ArrayNode items = JsonRpc.JSON.createArrayNode();
				for (int i = 0; i < 2_000; i++) {
					items.addObject().put("id", i).put("name", "item number " + i + " with some words to make it longer");
				}
				json(exchange, 200, JsonRpc.JSON.createObjectNode().put("total", 2000).set("items", items));
			}
			default -> send(exchange, 404, "text/plain", "no".getBytes());
		}
	}

	private ArrayNode array(java.util.function.Predicate<ObjectNode> which) {
		ArrayNode array = JsonRpc.JSON.createArrayNode();
		this.pets.values().stream().filter(which).sorted((a, b) -> Long.compare(a.get("id").asLong(), b.get("id").asLong()))
			.forEach(array::add);
		return array;
	}

	private static Map<String, List<String>> params(String query) {
		Map<String, List<String>> params = new ConcurrentHashMap<>();
		if (query == null) {
			return params;
		}
		for (String pair : query.split("&")) {
			int equals = pair.indexOf('=');
			String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
			String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
			params.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
		}
		return params;
	}

	private static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
		send(exchange, status, "application/json", JsonRpc.JSON.writeValueAsBytes(body));
	}

	private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", type);
		exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
