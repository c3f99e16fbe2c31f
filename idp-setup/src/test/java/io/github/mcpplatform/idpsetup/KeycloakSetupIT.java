package io.github.mcpplatform.idpsetup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import io.github.mcpplatform.idpsetup.gateway.GatewaySecrets;
import io.github.mcpplatform.idpsetup.gateway.HelmValues;
import io.github.mcpplatform.idpsetup.http.JsonHttp;
import io.github.mcpplatform.idpsetup.keycloak.KeycloakServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code setup-idp keycloak} against a real Keycloak ({@link KeycloakServer}): run twice it changes nothing the
 * second time, re-renders without the administrator, rotates the secret only when asked; then a person signs in
 * through the packaged gateway with the realm, client, secret and keys it produced (e2e/keycloak-signin.test.mjs,
 * the official MCP TypeScript SDK client).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakSetupIT {

	@TempDir
	static Path work;

	static KeycloakServer keycloak;

	static String publicUrl;

	static Path passwordFile;

	@BeforeAll
	static void start() throws IOException {
		keycloak = KeycloakServer.shared();
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			publicUrl = "http://127.0.0.1:" + socket.getLocalPort();
		}
		passwordFile = Files.writeString(work.resolve("admin-password"), keycloak.adminPassword() + "\n");
	}

	@Test
	@Order(1)
	void runTwiceTheSecondRunChangesNothingAndDuplicatesNothing() {
		Run first = setup("--admin-password-file", passwordFile.toString());
		assertThat(first.exit()).as(first.output()).isZero();
		assertThat(first.output()).contains("realm mcp: created", "client mcp-gateway: created",
				"mapper mcp-gateway-audience: created", "mapper mcp-gateway-groups: created", "signing key: generated");
		GatewaySecrets.Contents created = secrets();

		Run second = setup("--admin-password-file", passwordFile.toString());
		assertThat(second.exit()).as(second.output()).isZero();
		assertThat(second.output()).contains("realm mcp: exists", "client mcp-gateway: up to date",
				"mapper mcp-gateway-audience: up to date", "mapper mcp-gateway-groups: up to date", "signing key: kept",
				"token-encryption key: kept");
		assertThat(secrets()).isEqualTo(created);

		JsonHttp admin = admin();
		JsonNode clients = admin.get(keycloak.url().resolve("/admin/realms/mcp/clients?clientId=mcp-gateway")).body();
		assertThat(clients).hasSize(1);
		JsonNode client = clients.get(0);
		assertThat(client.path("redirectUris").valueStream().map(JsonNode::asString)).containsExactly(publicUrl + "/oauth/callback");
		assertThat(client.path("publicClient").asBoolean()).isFalse();
		assertThat(client.path("directAccessGrantsEnabled").asBoolean()).isFalse();
		List<String> mappers = admin.get(keycloak.url().resolve("/admin/realms/mcp/clients/" + client.path("id").asString()
				+ "/protocol-mappers/models")).body().valueStream().map(m -> m.path("name").asString()).toList();
		assertThat(mappers).containsExactlyInAnyOrder("mcp-gateway-audience", "mcp-gateway-groups");
		assertThat(admin.get(keycloak.url().resolve("/admin/realms/mcp/clients/" + client.path("id").asString() + "/client-secret"))
			.body().path("value").asString()).isEqualTo(created.clientSecret());

		assertThat(HelmValues.previousUpstream(work.resolve("values-idp.yaml")).orElseThrow().path("issuerUri").asString())
			.isEqualTo(keycloak.url() + "/realms/mcp");
	}

	@Test
	@Order(2)
	void withoutTheAdministratorTheValuesAndSecretsAreRenderedAgainUnchanged() {
		GatewaySecrets.Contents before = secrets();

		Run run = setup("--values-only");

		assertThat(run.exit()).as(run.output()).isZero();
		assertThat(run.output()).doesNotContain("realm mcp");
		assertThat(secrets()).isEqualTo(before);
	}

	@Test
	@Order(3)
	void theClientSecretChangesOnlyWhenAskedAndKeycloakAgrees() {
		GatewaySecrets.Contents before = secrets();

		Run run = setup("--admin-password-file", passwordFile.toString(), "--rotate-client-secret");

		assertThat(run.exit()).as(run.output()).isZero();
		GatewaySecrets.Contents after = secrets();
		assertThat(after.clientSecret()).isNotEqualTo(before.clientSecret());
		assertThat(after.signingKeySet()).isEqualTo(before.signingKeySet());
		JsonHttp admin = admin();
		String id = admin.get(keycloak.url().resolve("/admin/realms/mcp/clients?clientId=mcp-gateway")).body().get(0).path("id").asString();
		assertThat(admin.get(keycloak.url().resolve("/admin/realms/mcp/clients/" + id + "/client-secret")).body().path("value").asString())
			.isEqualTo(after.clientSecret());
	}

	@Test
	@Order(4)
	void aPersonSignsInThroughTheGatewayWithTheRealmAndKeysItMade() throws Exception {
		Path gatewayJar = Path.of("..", "gateway", "target", "gateway.jar");
		assertThat(gatewayJar).as("the gateway is packaged before this module (reactor order)").exists();
		assertThat(Path.of("..", "cnpg-backend", "target", "cnpg-backend.jar")).as("the backend is packaged first").exists();
		createPerson("alice", "dba");
		GatewaySecrets.Contents secrets = secrets();
		JsonNode upstream = HelmValues.previousUpstream(work.resolve("values-idp.yaml")).orElseThrow();
		Path signing = Files.writeString(work.resolve("signing.jwks"), secrets.signingKeySet());
		Path encryption = Files.writeString(work.resolve("token-encryption.key"), secrets.tokenEncryptionKey());

		ProcessBuilder builder = new ProcessBuilder(
				List.of("node", "--test", "--test-timeout=300000", "keycloak-signin.test.mjs"))
			.directory(Path.of("..", "e2e").toFile())
			.redirectErrorStream(true);
		builder.environment().putAll(Map.of("GATEWAY_URL", publicUrl, "IDP_ISSUER", upstream.path("issuerUri").asString(),
				"IDP_CLIENT_ID", upstream.path("clientId").asString(), "IDP_CLIENT_SECRET", secrets.clientSecret(),
				"IDP_AUDIENCE", upstream.path("audience").asString(), "IDP_GROUPS_CLAIM", upstream.path("groupsClaim").asString(),
				"SIGNING_KEY_FILE", signing.toString(), "TOKEN_ENCRYPTION_KEY_FILE", encryption.toString(), "IDP_USER", "alice",
				"IDP_PASSWORD", "alice-password-1"));
		Process node = builder.start();
		try (BufferedReader output = node.inputReader()) {
			output.lines().forEach(System.out::println);
		}
		assertThat(node.waitFor(330, TimeUnit.SECONDS)).as("the e2e run finished in time").isTrue();
		assertThat(node.exitValue()).as("node --test exit code (its output is above)").isZero();
	}

	/** A person of the realm, in one group, with everything Keycloak's default user profile asks for. */
	private static void createPerson(String username, String group) {
		JsonHttp admin = admin();
		ObjectNode groupBody = JsonHttp.JSON.createObjectNode().put("name", group);
		JsonHttp.expectOk(admin.post(keycloak.url().resolve("/admin/realms/mcp/groups"), groupBody), "creating group");
		ObjectNode user = JsonHttp.JSON.createObjectNode();
		user.put("username", username);
		user.put("enabled", true);
		user.put("email", username + "@example.com");
		user.put("emailVerified", true);
		user.put("firstName", "Alice");
		user.put("lastName", "Example");
		user.putArray("groups").add("/" + group);
		user.putArray("credentials").addObject().put("type", "password").put("value", username + "-password-1")
			.put("temporary", false);
		JsonHttp.expectOk(admin.post(keycloak.url().resolve("/admin/realms/mcp/users"), user), "creating user");
	}

	private static JsonHttp admin() {
		JsonHttp http = new JsonHttp();
		new io.github.mcpplatform.idpsetup.keycloak.KeycloakAdmin(http, keycloak.url(), line -> {
		}).signIn("master", "admin", keycloak.adminPassword());
		return http;
	}

	private static GatewaySecrets.Contents secrets() {
		return GatewaySecrets.inManifest(new GatewaySecrets.Names("mcp", "mcp-idp", "mcp-gateway-keys"),
				work.resolve("secrets-idp.yaml")).read();
	}

	record Run(int exit, String output) {
	}

	private static Run setup(String... more) {
		List<String> args = new ArrayList<>(List.of("keycloak", "--url", keycloak.url().toString(), "--public-url", publicUrl,
				"--dry-run", "--namespace", "mcp", "--values", work.resolve("values-idp.yaml").toString(), "--manifest",
				work.resolve("secrets-idp.yaml").toString()));
		args.addAll(List.of(more));
		StringWriter out = new StringWriter();
		int exit = SetupIdp.run(Map.of(), new PrintWriter(out, true), new PrintWriter(out, true), args.toArray(String[]::new));
		return new Run(exit, out.toString());
	}


}
