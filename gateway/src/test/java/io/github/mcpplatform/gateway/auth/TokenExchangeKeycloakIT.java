package io.github.mcpplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.github.mcpplatform.gateway.GatewayApplication;
import io.github.mcpplatform.gateway.KeycloakServer;
import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.backend.TestMcpServer;
import tools.jackson.databind.JsonNode;

/**
 * Token exchange against a real Keycloak (standard token exchange, V2, on by default since 26.2): a person signs in
 * to the gateway at Keycloak's own login page, and a backend declared {@code auth: {type: token-exchange, audience:
 * hr-api}} receives a token Keycloak issued for {@code hr-api} naming that person. An audience Keycloak does not
 * know is refused for that backend's calls alone. The realm is set up through Keycloak's admin REST API: a
 * confidential client {@code gateway} with standard token exchange enabled, an audience mapper that makes
 * {@code hr-api} available to it, and the client {@code hr-api}.
 */
class TokenExchangeKeycloakIT {

	private static final String REALM = "corp";

	private static final String GATEWAY_SECRET = "gateway-s3cret";

	private static KeycloakServer keycloak;

	private static TestMcpServer hr;

	private static TestMcpServer payroll;

	private static ConfigurableApplicationContext gateway;

	private static String base;

	@BeforeAll
	static void start(@TempDir Path configRepo) throws Exception {
		keycloak = KeycloakServer.start();
		int port = KeycloakServer.freePort();
		base = "http://127.0.0.1:" + port;
		setUpRealm(base + AuthorizationServer.CALLBACK_PATH);
		hr = new TestMcpServer(List.of("search"));
		payroll = new TestMcpServer(List.of("slips"));
		Files.writeString(configRepo.resolve("backends.yaml"), """
				backends:
				  - name: hr
				    url: %s
				    auth: {type: token-exchange, audience: hr-api}
				  - name: payroll
				    url: %s
				    auth: {type: token-exchange, audience: no-such-client}
				""".formatted(hr.url(), payroll.url()));
		gateway = new SpringApplicationBuilder(GatewayApplication.class).run("--server.port=" + port,
				"--gateway.public-url=" + base, "--gateway.auth.mode=oauth",
				"--gateway.auth.upstream.issuer-uri=" + keycloak.issuer(REALM), "--gateway.auth.upstream.client-id=gateway",
				"--gateway.auth.upstream.client-secret=" + GATEWAY_SECRET, "--gateway.config-repo.uri=" + configRepo,
				"--logging.level.root=WARN", "--logging.structured.format.console=");
		AuthorizationFlowTests.base = base;
		// The catalog connections carry the gateway client's own client-credentials token.
		gateway.getBean(BackendRegistry.class).catalogChanges().filter(catalog -> catalog.tools().size() == 2)
			.blockFirst(Duration.ofSeconds(60));
	}

	@AfterAll
	static void stop() {
		if (gateway != null) {
			gateway.close();
		}
		if (hr != null) {
			hr.close();
			payroll.close();
		}
		if (keycloak != null) {
			keycloak.close();
		}
	}

	@Test
	void theBackendGetsKeycloaksTokenForItsAudienceNamingThePersonWhoSignedIn() {
		JsonNode tokens = signIn("erin", "erin-pass");
		String session = session(tokens);

		String answer = call(tokens, session, "hr_search");

		assertThat(answer).contains("\"text\":\"search\"").doesNotContain("isError\":true");
		JsonNode seen = claims(hr.toolCallAuthorization().substring("Bearer ".length()));
		assertThat(seen.path("iss").asString()).isEqualTo(keycloak.issuer(REALM));
		assertThat(seen.path("aud").toString()).contains("hr-api");
		assertThat(seen.path("preferred_username").asString()).isEqualTo("erin");
		assertThat(seen.path("sub").asString()).as("the person's Keycloak subject, as the gateway knows them")
			.isEqualTo(claims(tokens.path("access_token").asString()).path("sub").asString());
	}

	@Test
	void anAudienceKeycloakRefusesFailsThatBackendsCallsAloneSayingWhatKeycloakSaid() {
		JsonNode tokens = signIn("erin", "erin-pass");
		String session = session(tokens);

		String refused = call(tokens, session, "payroll_slips");

		assertThat(refused).contains("isError\":true").contains("backend 'payroll'").contains("refused: HTTP 400 invalid_client (Audience not found)")
			.doesNotContain(GATEWAY_SECRET);
		assertThat(call(tokens, session, "hr_search")).contains("\"text\":\"search\"").doesNotContain("isError\":true");
	}

	private static void setUpRealm(String callback) {
		keycloak.create("", Map.of("realm", REALM, "enabled", true));
		keycloak.create("/" + REALM + "/users", Map.of("username", "erin", "enabled", true, "email", "erin@corp.example",
				"emailVerified", true, "firstName", "Erin", "lastName", "Example", "credentials",
				List.of(Map.of("type", "password", "value", "erin-pass", "temporary", false))));
		keycloak.create("/" + REALM + "/clients", Map.of("clientId", "hr-api", "publicClient", false, "secret", "hr-s3cret",
				"standardFlowEnabled", false, "directAccessGrantsEnabled", false));
		keycloak.create("/" + REALM + "/clients", Map.of("clientId", "gateway", "publicClient", false, "secret",
				GATEWAY_SECRET, "standardFlowEnabled", true, "directAccessGrantsEnabled", false, "serviceAccountsEnabled",
				true, "redirectUris", List.of(callback),
				// Standard token exchange is switched on per client that exchanges.
				"attributes", Map.of("standard.token.exchange.enabled", "true"),
				// Keycloak exchanges only for audiences the client's tokens may carry.
				"protocolMappers", List.of(Map.of("name", "hr-api audience", "protocol", "openid-connect", "protocolMapper",
						"oidc-audience-mapper", "config", Map.of("included.client.audience", "hr-api",
								"access.token.claim", "true", "id.token.claim", "false")))));
	}

	/** Registration, consent, Keycloak's login form, and the code redeemed: the client's tokens. */
	private static JsonNode signIn(String username, String password) {
		TestBrowser browser = new TestBrowser();
		String clientId = AuthorizationFlowTests.JSON.readTree(AuthorizationFlowTests.register(browser, "none"))
			.path("client_id").asString();
		HttpResponse<String> consent = browser.get(AuthorizationFlowTests.authorizeUrl(clientId,
				AuthorizationFlowTests.REDIRECT, Secrets.s256(AuthorizationFlowTests.VERIFIER)));
		HttpResponse<String> approved = browser.postForm(base + "/consent", Map.of("transaction",
				TestBrowser.hidden(consent.body(), "transaction"), "csrf_token", TestBrowser.hidden(consent.body(), "csrf_token"),
				"decision", "approve"));
		HttpResponse<String> loginPage = browser.get(TestBrowser.location(approved));
		assertThat(loginPage.statusCode()).as(loginPage.body()).isEqualTo(200);
		Matcher action = Pattern.compile("action=\"([^\"]+)\"").matcher(loginPage.body());
		assertThat(action.find()).as("Keycloak's login form").isTrue();
		// Keycloak marks its cookies Secure even on http, so Java's cookie jar keeps them back: sent as a browser
		// on http://127.0.0.1 (a secure context) would.
		String cookies = loginPage.headers().allValues("set-cookie").stream().map(cookie -> cookie.split(";", 2)[0])
			.collect(java.util.stream.Collectors.joining("; "));
		HttpResponse<String> loggedIn = browser.send(java.net.http.HttpRequest.newBuilder(
				java.net.URI.create(action.group(1).replace("&amp;", "&")))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Cookie", cookies)
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString(TestBrowser.form(Map.of("username", username,
					"password", password, "credentialId", ""))))
			.build());
		assertThat(loggedIn.statusCode()).as(loggedIn.body()).isEqualTo(302);
		HttpResponse<String> callback = browser.get(TestBrowser.location(loggedIn));
		assertThat(callback.statusCode()).as(callback.body()).isEqualTo(302);
		HttpResponse<String> redeemed = AuthorizationFlowTests.redeem(browser, clientId,
				TestBrowser.queryParam(TestBrowser.location(callback), "code"), AuthorizationFlowTests.VERIFIER);
		assertThat(redeemed.statusCode()).as(redeemed.body()).isEqualTo(200);
		return AuthorizationFlowTests.json(redeemed);
	}

	private static String session(JsonNode tokens) {
		return web().post().uri("/mcp").header("Authorization", "Bearer " + tokens.path("access_token").asString())
			.header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
					+ "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}")
			.exchange().expectStatus().isOk().returnResult(String.class).getResponseHeaders().getFirst("Mcp-Session-Id");
	}

	private static String call(JsonNode tokens, String session, String tool) {
		return web().post().uri("/mcp").header("Authorization", "Bearer " + tokens.path("access_token").asString())
			.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25")
			.header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
					+ "\",\"arguments\":{}}}")
			.exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
	}

	private static WebTestClient web() {
		return WebTestClient.bindToServer().baseUrl(base).responseTimeout(Duration.ofSeconds(30)).build();
	}

	private static JsonNode claims(String jwt) {
		return AuthorizationFlowTests.JSON
			.readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
	}

}
