package io.github.mcpplatform.idpsetup.http;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * JSON over HTTP to an identity provider's management API, with the JDK's client. Every call is bounded: a
 * connection within {@link #CONNECT_TIMEOUT}, an answer within {@link #REQUEST_TIMEOUT}; either running out
 * stops the command with the URL that did not answer (the tool changes one object per call, so what was done
 * before stays done and a re-run carries on). Errors quote the API's own message, never a request body or a
 * token.
 */
public final class JsonHttp {

	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	public static final JsonMapper JSON = JsonMapper.builder().build();

	/** An answer: its status and its body as JSON (missing when empty or not JSON). */
	public record Response(int status, JsonNode body, HttpResponse<String> raw) {

		public boolean ok() {
			return this.status >= 200 && this.status < 300;
		}

		public String location() {
			return this.raw.headers().firstValue("Location").orElse("");
		}

	}

	private final HttpClient client;

	private volatile String bearer = "";

	public JsonHttp() {
		this.client = HttpClient.newBuilder()
			.connectTimeout(CONNECT_TIMEOUT)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/** The token every later call carries. */
	public void authorize(String token) {
		this.bearer = token;
	}

	public Response get(URI uri) {
		return send(request(uri).GET());
	}

	public Response post(URI uri, JsonNode body) {
		return send(json(uri, "POST", body));
	}

	public Response put(URI uri, JsonNode body) {
		return send(json(uri, "PUT", body));
	}

	public Response patch(URI uri, JsonNode body) {
		return send(json(uri, "PATCH", body));
	}

	/** A form POST (token endpoints); the form's values never appear in an error. */
	public Response postForm(URI uri, Map<String, String> form) {
		String encoded = form.entrySet()
			.stream()
			.map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
			.collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(uri)
			.timeout(REQUEST_TIMEOUT)
			.header("Accept", "application/json")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(encoded)));
	}

	/** The call's answer, which must be a success; otherwise an {@link ApiException} saying what was refused. */
	public static Response expectOk(Response response, String what) {
		if (!response.ok()) {
			throw new ApiException(what + " failed: " + describe(response));
		}
		return response;
	}

	/** Status and the API's own error text (Keycloak's errorMessage, Auth0's message), for messages. */
	public static String describe(Response response) {
		JsonNode body = response.body();
		String message = first(body, "errorMessage", "error_description", "message", "error");
		return "HTTP " + response.status() + " from " + response.raw().request().method() + " "
				+ withoutQuery(response.raw().uri()) + (message.isEmpty() ? "" : ": " + message);
	}

	public static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private HttpRequest.Builder request(URI uri) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
		if (!this.bearer.isEmpty()) {
			builder.header("Authorization", "Bearer " + this.bearer);
		}
		return builder;
	}

	private HttpRequest.Builder json(URI uri, String method, JsonNode body) {
		return request(uri).header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
	}

	private Response send(HttpRequest.Builder builder) {
		HttpRequest request = builder.build();
		try {
			HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), parse(response.body()), response);
		}
		catch (HttpTimeoutException e) {
			throw new ApiException(request.method() + " " + withoutQuery(request.uri()) + " did not answer within "
					+ REQUEST_TIMEOUT.toSeconds() + " s (connecting: " + CONNECT_TIMEOUT.toSeconds() + " s); what was done "
					+ "before stays done, run the command again");
		}
		catch (IOException e) {
			throw new ApiException("cannot reach " + withoutQuery(request.uri()) + ": " + e.getMessage());
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new ApiException("interrupted while calling " + withoutQuery(request.uri()));
		}
	}

	private static JsonNode parse(String body) {
		if (body == null || body.isBlank()) {
			return MissingNode.getInstance();
		}
		try {
			return JSON.readTree(body);
		}
		catch (JacksonException notJson) {
			return MissingNode.getInstance();
		}
	}

	private static String first(JsonNode body, String... fields) {
		for (String field : fields) {
			String value = body.path(field).asString("");
			if (!value.isEmpty()) {
				return value;
			}
		}
		return "";
	}

	private static String withoutQuery(URI uri) {
		return uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
	}

}
