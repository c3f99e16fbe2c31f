package io.github.mcpplatform.idpsetup.keycloak;

import java.net.URI;
import java.util.Map;
import java.util.function.Consumer;

import io.github.mcpplatform.idpsetup.http.ApiException;
import io.github.mcpplatform.idpsetup.http.JsonHttp;
import io.github.mcpplatform.idpsetup.http.JsonHttp.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway's realm and client at a Keycloak, through its Admin REST API: the realm, a confidential client
 * whose only redirect URI is the gateway's callback, and two protocol mappers on it (the audience of its
 * access tokens, and the groups claim). Each is read first and created or corrected only when it differs,
 * so running this again changes nothing and never duplicates; the client secret changes only when asked.
 *
 * @see <a href="https://www.keycloak.org/docs-api/latest/rest-api/index.html">Keycloak Admin REST API</a>
 */
public final class KeycloakAdmin {

	static final String AUDIENCE_MAPPER = "mcp-gateway-audience";

	static final String GROUPS_MAPPER = "mcp-gateway-groups";

	/** What the gateway's client at Keycloak must look like. */
	public record ClientSpec(String realm, String clientId, String callbackUrl, String audience, String groupsClaim) {
	}

	private final JsonHttp http;

	private final String base;

	private final Consumer<String> report;

	public KeycloakAdmin(JsonHttp http, URI url, Consumer<String> report) {
		this.http = http;
		this.base = url.toString().replaceAll("/+$", "");
		this.report = report;
	}

	/** Signs in as an administrator of {@code adminRealm} with the {@code admin-cli} client. */
	public void signIn(String adminRealm, String username, String password) {
		Response token = this.http.postForm(uri("/realms/" + JsonHttp.encode(adminRealm) + "/protocol/openid-connect/token"),
				Map.of("grant_type", "password", "client_id", "admin-cli", "username", username, "password", password));
		if (!token.ok()) {
			throw new ApiException("Keycloak refused the administrator " + username + " of realm " + adminRealm + " ("
					+ JsonHttp.describe(token) + "); check --admin-user, --admin-realm and the password");
		}
		this.http.authorize(token.body().path("access_token").asString());
	}

	/** The realm's issuer, read from its discovery document exactly as Keycloak puts it in tokens. */
	public String issuer(String realm) {
		Response discovery = JsonHttp.expectOk(
				this.http.get(uri("/realms/" + JsonHttp.encode(realm) + "/.well-known/openid-configuration")),
				"reading realm " + realm + "'s discovery document");
		return discovery.body().path("issuer").asString();
	}

	/** Creates the realm when missing. */
	public void ensureRealm(String realm) {
		Response existing = this.http.get(uri("/admin/realms/" + JsonHttp.encode(realm)));
		if (existing.ok()) {
			this.report.accept("realm " + realm + ": exists");
			return;
		}
		if (existing.status() != 404) {
			throw new ApiException("reading realm " + realm + " failed: " + JsonHttp.describe(existing));
		}
		ObjectNode body = JsonHttp.JSON.createObjectNode();
		body.put("realm", realm);
		body.put("enabled", true);
		// Explicit although it is Keycloak's default: a self-registered account would be a signed-in user.
		body.put("registrationAllowed", false);
		JsonHttp.expectOk(this.http.post(uri("/admin/realms"), body), "creating realm " + realm);
		this.report.accept("realm " + realm + ": created");
	}

	/**
	 * Creates or corrects the gateway's client and its mappers, and returns its secret: the current one, or a
	 * new one when {@code rotateSecret}.
	 */
	public String ensureClient(ClientSpec spec, boolean rotateSecret) {
		String clients = "/admin/realms/" + JsonHttp.encode(spec.realm()) + "/clients";
		JsonNode found = findClient(clients, spec.clientId());
		ObjectNode wanted = clientRepresentation(spec);
		String id;
		if (found == null) {
			Response created = JsonHttp.expectOk(this.http.post(uri(clients), wanted), "creating client " + spec.clientId());
			id = created.location().substring(created.location().lastIndexOf('/') + 1);
			this.report.accept("client " + spec.clientId() + ": created");
		}
		else {
			id = found.path("id").asString();
			if (differs(found, wanted)) {
				ObjectNode merged = ((ObjectNode) found).deepCopy();
				merged.setAll(wanted);
				ObjectNode attributes = found.path("attributes").isObject() ? ((ObjectNode) found.path("attributes")).deepCopy()
						: JsonHttp.JSON.createObjectNode();
				attributes.setAll((ObjectNode) wanted.path("attributes"));
				merged.set("attributes", attributes);
				JsonHttp.expectOk(this.http.put(uri(clients + "/" + id), merged), "updating client " + spec.clientId());
				this.report.accept("client " + spec.clientId() + ": updated (redirect URI, flows or PKCE)");
			}
			else {
				this.report.accept("client " + spec.clientId() + ": up to date");
			}
		}
		String mappers = clients + "/" + id + "/protocol-mappers/models";
		ensureMapper(mappers, audienceMapper(spec.audience()));
		ensureMapper(mappers, groupsMapper(spec.groupsClaim()));
		String secretPath = clients + "/" + id + "/client-secret";
		if (rotateSecret) {
			Response rotated = JsonHttp.expectOk(this.http.post(uri(secretPath), JsonHttp.JSON.createObjectNode()),
					"rotating the secret of client " + spec.clientId());
			this.report.accept("client " + spec.clientId() + ": secret rotated");
			return rotated.body().path("value").asString();
		}
		return JsonHttp.expectOk(this.http.get(uri(secretPath)), "reading the secret of client " + spec.clientId())
			.body()
			.path("value")
			.asString();
	}

	private JsonNode findClient(String clients, String clientId) {
		Response list = JsonHttp.expectOk(this.http.get(uri(clients + "?clientId=" + JsonHttp.encode(clientId))),
				"looking up client " + clientId);
		for (JsonNode client : list.body()) {
			if (clientId.equals(client.path("clientId").asString())) {
				return client;
			}
		}
		return null;
	}

	private void ensureMapper(String mappers, ObjectNode wanted) {
		String name = wanted.path("name").asString();
		Response list = JsonHttp.expectOk(this.http.get(uri(mappers)), "listing the client's protocol mappers");
		for (JsonNode mapper : list.body()) {
			if (name.equals(mapper.path("name").asString())) {
				if (differs(mapper, wanted)) {
					ObjectNode update = wanted.deepCopy();
					update.put("id", mapper.path("id").asString());
					JsonHttp.expectOk(this.http.put(uri(mappers + "/" + mapper.path("id").asString()), update),
							"updating mapper " + name);
					this.report.accept("mapper " + name + ": updated");
				}
				else {
					this.report.accept("mapper " + name + ": up to date");
				}
				return;
			}
		}
		JsonHttp.expectOk(this.http.post(uri(mappers), wanted), "creating mapper " + name);
		this.report.accept("mapper " + name + ": created");
	}

	private static ObjectNode clientRepresentation(ClientSpec spec) {
		ObjectNode client = JsonHttp.JSON.createObjectNode();
		client.put("clientId", spec.clientId());
		client.put("name", "MCP gateway");
		client.put("protocol", "openid-connect");
		client.put("enabled", true);
		// Confidential, authorization code flow only: the gateway is the only party that talks to Keycloak.
		client.put("publicClient", false);
		client.put("clientAuthenticatorType", "client-secret");
		client.put("standardFlowEnabled", true);
		client.put("implicitFlowEnabled", false);
		client.put("directAccessGrantsEnabled", false);
		client.put("serviceAccountsEnabled", false);
		client.put("frontchannelLogout", false);
		client.putArray("redirectUris").add(spec.callbackUrl());
		client.putArray("webOrigins");
		ObjectNode attributes = client.putObject("attributes");
		// The gateway always sends its own PKCE (S256); requiring it refuses a code stolen without the verifier.
		attributes.put("pkce.code.challenge.method", "S256");
		return client;
	}

	private static ObjectNode audienceMapper(String audience) {
		return mapper(AUDIENCE_MAPPER, "oidc-audience-mapper",
				Map.of("included.custom.audience", audience, "access.token.claim", "true", "id.token.claim", "false",
						"introspection.token.claim", "true"));
	}

	private static ObjectNode groupsMapper(String claim) {
		return mapper(GROUPS_MAPPER, "oidc-group-membership-mapper",
				Map.of("claim.name", claim, "full.path", "false", "id.token.claim", "true", "access.token.claim", "true",
						"userinfo.token.claim", "true", "introspection.token.claim", "true"));
	}

	private static ObjectNode mapper(String name, String type, Map<String, String> config) {
		ObjectNode mapper = JsonHttp.JSON.createObjectNode();
		mapper.put("name", name);
		mapper.put("protocol", "openid-connect");
		mapper.put("protocolMapper", type);
		ObjectNode values = mapper.putObject("config");
		config.forEach(values::put);
		return mapper;
	}

	/** Whether {@code actual} lacks any field of {@code wanted} or holds another value (nested objects by field). */
	static boolean differs(JsonNode actual, JsonNode wanted) {
		for (Map.Entry<String, JsonNode> field : wanted.properties()) {
			JsonNode have = actual.path(field.getKey());
			JsonNode want = field.getValue();
			if (want.isObject() ? differs(have, want) : !normalized(want).equals(normalized(have))) {
				return true;
			}
		}
		return false;
	}

	/** Keycloak answers some booleans of {@code config} as strings: compare their text. */
	private static Object normalized(JsonNode node) {
		if (node.isArray()) {
			return node.valueStream().map(KeycloakAdmin::normalized).toList();
		}
		return node.isValueNode() ? node.asString() : node;
	}

	private URI uri(String path) {
		return URI.create(this.base + path);
	}

}
