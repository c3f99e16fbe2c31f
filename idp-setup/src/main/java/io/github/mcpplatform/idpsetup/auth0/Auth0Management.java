package io.github.mcpplatform.idpsetup.auth0;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.github.mcpplatform.idpsetup.http.ApiException;
import io.github.mcpplatform.idpsetup.http.JsonHttp;
import io.github.mcpplatform.idpsetup.http.JsonHttp.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway's API, application and connection at an Auth0 tenant, through the Management API v2: the API
 * whose identifier is the gateway's audience (with offline access, so the gateway gets refresh tokens), a
 * Regular Web Application (confidential) whose only callback is the gateway's, and a connection enabled for
 * it. Each object is read first and created or patched only when it differs; the client secret rotates only
 * when asked.
 *
 * @see <a href="https://auth0.com/docs/api/management/v2">Auth0 Management API v2</a>
 */
public final class Auth0Management {

	/** What the gateway's objects at Auth0 must look like. */
	public record Spec(String apiName, String audience, String clientName, String callbackUrl, String connection) {
	}

	/** The application as the tool found or made it. */
	public record Application(String clientId, String clientSecret) {

		@Override
		public String toString() {
			return "Application[clientId=" + this.clientId + "]";
		}

	}

	private static final int PAGE = 100;

	private final JsonHttp http;

	private final String base;

	private final Consumer<String> report;

	/** @param tenant {@code https://TENANT.auth0.com} (or a custom domain serving the Management API) */
	public Auth0Management(JsonHttp http, URI tenant, Consumer<String> report) {
		this.http = http;
		this.base = tenant.toString().replaceAll("/+$", "");
		this.report = report;
	}

	/** Uses a Management API token as it is (e.g. from the dashboard's API Explorer). */
	public void useToken(String token) {
		this.http.authorize(token);
	}

	/** Gets a Management API token with a machine-to-machine application's credentials. */
	public void signIn(String clientId, String clientSecret) {
		Response token = this.http.postForm(uri("/oauth/token"), Map.of("grant_type", "client_credentials", "client_id",
				clientId, "client_secret", clientSecret, "audience", this.base + "/api/v2/"));
		if (!token.ok()) {
			throw new ApiException("Auth0 refused the management credentials (" + JsonHttp.describe(token) + "); the "
					+ "machine-to-machine application must be authorized for the Management API (docs/auth.md)");
		}
		this.http.authorize(token.body().path("access_token").asString());
	}

	/** The tenant's issuer, from its discovery document (Auth0's has the trailing slash). */
	public String issuer() {
		return JsonHttp.expectOk(this.http.get(uri("/.well-known/openid-configuration")), "reading the tenant's discovery document")
			.body()
			.path("issuer")
			.asString();
	}

	/** The API (resource server) named by {@code spec.audience()}, with offline access. */
	public void ensureApi(Spec spec) {
		// GET /resource-servers/{id} takes the id or the identifier (audience).
		Response existing = this.http.get(uri("/api/v2/resource-servers/" + JsonHttp.encode(spec.audience())));
		if (existing.status() == 404) {
			ObjectNode body = JsonHttp.JSON.createObjectNode();
			body.put("name", spec.apiName());
			body.put("identifier", spec.audience());
			body.put("signing_alg", "RS256");
			body.put("allow_offline_access", true);
			body.put("skip_consent_for_verifiable_first_party_clients", true);
			JsonHttp.expectOk(this.http.post(uri("/api/v2/resource-servers"), body), "creating API " + spec.audience());
			this.report.accept("API " + spec.audience() + ": created");
			return;
		}
		JsonNode api = JsonHttp.expectOk(existing, "reading API " + spec.audience()).body();
		if (!api.path("allow_offline_access").asBoolean(false)) {
			ObjectNode patch = JsonHttp.JSON.createObjectNode();
			patch.put("allow_offline_access", true);
			JsonHttp.expectOk(this.http.patch(uri("/api/v2/resource-servers/" + JsonHttp.encode(api.path("id").asString())),
					patch), "allowing offline access on API " + spec.audience());
			this.report.accept("API " + spec.audience() + ": offline access allowed");
		}
		else {
			this.report.accept("API " + spec.audience() + ": up to date");
		}
	}

	/**
	 * The application: the one with {@code knownClientId} (from a previous run), else the one named
	 * {@code spec.clientName()}, else a new one.
	 */
	public Application ensureApplication(Spec spec, String knownClientId, boolean rotateSecret) {
		JsonNode found = knownClientId.isEmpty() ? findByName(spec.clientName()) : byId(knownClientId);
		ObjectNode wanted = application(spec);
		JsonNode application;
		if (found == null) {
			application = JsonHttp.expectOk(this.http.post(uri("/api/v2/clients"), wanted), "creating application "
					+ spec.clientName()).body();
			this.report.accept("application " + spec.clientName() + ": created (" + application.path("client_id").asString() + ")");
		}
		else if (differs(found, wanted)) {
			wanted.remove("name");
			wanted.remove("app_type");
			application = JsonHttp.expectOk(this.http.patch(clientUri(found), wanted), "updating application "
					+ found.path("name").asString()).body();
			this.report.accept("application " + found.path("name").asString() + ": updated (callback, grants or refresh tokens)");
		}
		else {
			application = found;
			this.report.accept("application " + found.path("name").asString() + ": up to date");
		}
		String clientId = application.path("client_id").asString();
		if (rotateSecret) {
			application = JsonHttp.expectOk(this.http.post(uri("/api/v2/clients/" + JsonHttp.encode(clientId) + "/rotate-secret"),
					JsonHttp.JSON.createObjectNode()), "rotating the secret of application " + clientId).body();
			this.report.accept("application " + clientId + ": secret rotated");
		}
		String secret = application.path("client_secret").asString("");
		if (secret.isEmpty()) {
			throw new ApiException("Auth0 did not return the client secret of application " + clientId + ": the management "
					+ "token needs the read:client_keys scope");
		}
		return new Application(clientId, secret);
	}

	/** Enables the connection (a database, social or enterprise connection by name) for the application. */
	public void ensureConnection(Spec spec, String clientId) {
		Response list = JsonHttp.expectOk(this.http.get(uri("/api/v2/connections?name=" + JsonHttp.encode(spec.connection()))),
				"looking up connection " + spec.connection());
		JsonNode connection = list.body().path(0);
		if (connection.isMissingNode()) {
			throw new ApiException("there is no connection named " + spec.connection() + " in this tenant: name an "
					+ "existing one with --connection (Authentication in the Auth0 dashboard lists them)");
		}
		String id = connection.path("id").asString();
		if (connection.path("options").path("disable_signup").asBoolean(false) == false
				&& "auth0".equals(connection.path("strategy").asString())) {
			this.report.accept("warning: connection " + spec.connection() + " lets anyone sign up, and every account it "
					+ "creates can sign in to the gateway: turn on Disable Sign Ups (docs/auth.md)");
		}
		String path = "/api/v2/connections/" + JsonHttp.encode(id) + "/clients";
		String from = "";
		do {
			JsonNode page = JsonHttp.expectOk(this.http.get(uri(path + "?take=" + PAGE + (from.isEmpty() ? "" : "&from="
					+ JsonHttp.encode(from)))), "listing the applications of connection " + spec.connection()).body();
			for (JsonNode enabled : page.path("clients")) {
				if (clientId.equals(enabled.path("client_id").asString())) {
					this.report.accept("connection " + spec.connection() + ": enabled for the application");
					return;
				}
			}
			from = page.path("next").asString("");
		}
		while (!from.isEmpty());
		ArrayNode body = JsonHttp.JSON.createArrayNode();
		body.addObject().put("client_id", clientId).put("status", true);
		JsonHttp.expectOk(this.http.patch(uri(path), body), "enabling connection " + spec.connection());
		this.report.accept("connection " + spec.connection() + ": enabled for the application");
	}

	private JsonNode byId(String clientId) {
		Response response = this.http.get(uri("/api/v2/clients/" + JsonHttp.encode(clientId)));
		if (response.status() == 404) {
			throw new ApiException("application " + clientId + " (from the previous values file) no longer exists: remove "
					+ "gateway.auth.upstream.clientId from that file to create a new application");
		}
		return JsonHttp.expectOk(response, "reading application " + clientId).body();
	}

	private JsonNode findByName(String name) {
		for (int page = 0;; page++) {
			JsonNode clients = JsonHttp.expectOk(this.http.get(uri("/api/v2/clients?per_page=" + PAGE + "&page=" + page
					+ "&is_global=false")), "listing applications").body();
			List<JsonNode> named = clients.valueStream().filter(c -> name.equals(c.path("name").asString())).toList();
			if (named.size() > 1) {
				throw new ApiException(named.size() + " applications are named " + name + ": pass the gateway's with "
						+ "--client-id, or rename the others");
			}
			if (named.size() == 1) {
				return named.get(0);
			}
			if (clients.size() < PAGE) {
				return null;
			}
		}
	}

	private static ObjectNode application(Spec spec) {
		ObjectNode client = JsonHttp.JSON.createObjectNode();
		client.put("name", spec.clientName());
		client.put("app_type", "regular_web");
		client.put("oidc_conformant", true);
		client.put("token_endpoint_auth_method", "client_secret_post");
		client.putArray("callbacks").add(spec.callbackUrl());
		client.putArray("grant_types").add("authorization_code").add("refresh_token");
		// The gateway is the only holder of these refresh tokens; rotating ones with a short reuse interval,
		// and an absolute lifetime a little over the gateway's own sign-in lifetime (30 days by default).
		ObjectNode refresh = client.putObject("refresh_token");
		refresh.put("rotation_type", "rotating");
		refresh.put("expiration_type", "expiring");
		refresh.put("leeway", 30);
		refresh.put("token_lifetime", 2_678_400);
		refresh.put("infinite_token_lifetime", false);
		refresh.put("idle_token_lifetime", 2_592_000);
		refresh.put("infinite_idle_token_lifetime", false);
		return client;
	}

	private static boolean differs(JsonNode actual, JsonNode wanted) {
		for (Map.Entry<String, JsonNode> field : wanted.properties()) {
			JsonNode have = actual.path(field.getKey());
			if (field.getValue().isObject() ? differs(have, field.getValue()) : !field.getValue().equals(have)) {
				return true;
			}
		}
		return false;
	}

	private URI clientUri(JsonNode client) {
		return uri("/api/v2/clients/" + JsonHttp.encode(client.path("client_id").asString()));
	}

	private URI uri(String path) {
		return URI.create(this.base + path);
	}

}
