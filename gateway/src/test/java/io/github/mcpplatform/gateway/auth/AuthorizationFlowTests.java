package io.github.mcpplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.github.mcpplatform.gateway.resourceserver.OAuthGateway;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole sign-in against the assembled gateway, with mock-oauth2-server as the company's identity
 * provider and a scripted browser: registration, authorization with PKCE, consent, the upstream login, the
 * callback, the token exchange, MCP with the token, refresh, revocation; and the ways each step refuses.
 */
@ExtendWith(OutputCaptureExtension.class)
class AuthorizationFlowTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String REDIRECT = "http://127.0.0.1:33418/callback";

	static final String VERIFIER = "verifier-0123456789-0123456789-0123456789-abcdef";

	static OAuthGateway gateway;

	static String base;

	@BeforeAll
	static void start() {
		gateway = OAuthGateway.start();
		base = gateway.baseUrl;
	}

	@AfterAll
	static void stop() {
		gateway.close();
	}

	static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	static String register(TestBrowser browser, String authMethod) {
		HttpResponse<String> response = browser.postJson(base + "/register", """
				{"client_name":"Test client","redirect_uris":["%s"],"token_endpoint_auth_method":"%s",
				"grant_types":["authorization_code","refresh_token"]}""".formatted(REDIRECT, authMethod));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return response.body();
	}

	static String authorizeUrl(String clientId, String redirectUri, String challenge) {
		return base + "/authorize?" + TestBrowser.form(Map.of("response_type", "code", "client_id", clientId,
				"redirect_uri", redirectUri, "code_challenge", challenge, "code_challenge_method", "S256", "state",
				"client-state", "resource", base + "/mcp"));
	}

	/** Registration to the client's redirect with a code: what a person does in the browser. */
	static String signIn(TestBrowser browser, String clientId, String redirectUri) {
		gateway.idp.enqueueCallback(new DefaultOAuth2TokenCallback("idp", "auth0|alice-sub", "JWT",
				List.of(OAuthGateway.UPSTREAM_AUDIENCE), Map.of("preferred_username", "Alice", "email", "alice@example.com"),
				3600));
		HttpResponse<String> consent = browser.get(authorizeUrl(clientId, redirectUri, Secrets.s256(VERIFIER)));
		assertThat(consent.statusCode()).as(consent.body()).isEqualTo(200);
		HttpResponse<String> approved = browser.postForm(base + "/consent", Map.of("transaction",
				TestBrowser.hidden(consent.body(), "transaction"), "csrf_token", TestBrowser.hidden(consent.body(), "csrf_token"),
				"decision", "approve"));
		assertThat(approved.statusCode()).isEqualTo(303);
		HttpResponse<String> idp = browser.get(TestBrowser.location(approved));
		assertThat(idp.statusCode()).isEqualTo(302);
		HttpResponse<String> callback = browser.get(TestBrowser.location(idp));
		assertThat(callback.statusCode()).as(callback.body()).isEqualTo(302);
		return TestBrowser.location(callback);
	}

	static HttpResponse<String> redeem(TestBrowser client, String clientId, String code, String verifier) {
		return client.postForm(base + "/token", Map.of("grant_type", "authorization_code", "client_id", clientId, "code",
				code, "code_verifier", verifier, "redirect_uri", REDIRECT, "resource", base + "/mcp"));
	}

	static HttpResponse<String> refresh(TestBrowser client, String clientId, String refreshToken) {
		return client.postForm(base + "/token",
				Map.of("grant_type", "refresh_token", "client_id", clientId, "refresh_token", refreshToken));
	}

	static int mcpStatus(String accessToken) {
		return gateway.web()
			.post()
			.uri("/mcp")
			.header("Authorization", "Bearer " + accessToken)
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.bodyValue("""
					{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
					"capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""")
			.exchange()
			.returnResult(String.class)
			.getStatus()
			.value();
	}

	@Test
	void aPublicClientSignsInThroughConsentAndTheUpstreamAndItsTokenServesMcp() {
		TestBrowser browser = new TestBrowser();
		String clientId = json(browser.postJson(base + "/register", """
				{"client_name":"Test client","redirect_uris":["%s"],"token_endpoint_auth_method":"none"}""".formatted(REDIRECT)))
			.path("client_id").asString();
		// Another loopback port than registered: native clients take whatever port is free (RFC 8252 7.3).
		String redirect = signIn(browser, clientId, "http://127.0.0.1:40001/callback");
		assertThat(redirect).startsWith("http://127.0.0.1:40001/callback?");
		assertThat(TestBrowser.queryParam(redirect, "state")).isEqualTo("client-state");
		assertThat(TestBrowser.queryParam(redirect, "iss")).isEqualTo(base);

		HttpResponse<String> tokens = browser.postForm(base + "/token", Map.of("grant_type", "authorization_code",
				"client_id", clientId, "code", TestBrowser.queryParam(redirect, "code"), "code_verifier", VERIFIER,
				"redirect_uri", "http://127.0.0.1:40001/callback"));
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		assertThat(tokens.headers().firstValue("Cache-Control")).hasValue("no-store");
		JsonNode body = json(tokens);
		assertThat(body.path("token_type").asString()).isEqualTo("Bearer");
		assertThat(mcpStatus(body.path("access_token").asString())).isEqualTo(200);
		String payload = new String(java.util.Base64.getUrlDecoder().decode(body.path("access_token").asString().split("\\.")[1]));
		assertThat(JSON.readTree(payload).path("user_id").asString()).startsWith("alice-");
		assertThat(JSON.readTree(payload).path("aud").toString()).contains(base + "/mcp");
	}

	@Test
	void aConfidentialClientGetsASecretThatTheTokenEndpointEnforces() {
		TestBrowser browser = new TestBrowser();
		JsonNode registered = JSON.readTree(register(browser, "client_secret_post"));
		String clientId = registered.path("client_id").asString();
		assertThat(registered.path("client_secret").asString()).hasSizeGreaterThan(30);
		String code = TestBrowser.queryParam(signIn(browser, clientId, REDIRECT), "code");
		HttpResponse<String> withoutSecret = redeem(browser, clientId, code, VERIFIER);
		assertThat(withoutSecret.statusCode()).isEqualTo(401);
		assertThat(json(withoutSecret).path("error").asString()).isEqualTo("invalid_client");
	}

	@Test
	void theCodeGoesToARegisteredRedirectUriWithPercentEscapesExactlyAsRegistered() {
		TestBrowser browser = new TestBrowser();
		String registered = "https://client.example/cb%2Fx?next=%2Fhome";
		String clientId = json(browser.postJson(base + "/register", """
				{"redirect_uris":["%s"],"token_endpoint_auth_method":"none"}""".formatted(registered)))
			.path("client_id").asString();
		String redirect = signIn(browser, clientId, registered);
		assertThat(redirect).startsWith(registered + "&code=");
		assertThat(TestBrowser.queryParam(redirect, "state")).isEqualTo("client-state");
	}

	@Test
	void basicCredentialsWithABrokenPercentEscapeAreAnInvalidClientNotAServerError() {
		HttpResponse<String> response = new TestBrowser().send(java.net.http.HttpRequest
			.newBuilder(java.net.URI.create(base + "/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Authorization", "Basic " + java.util.Base64.getEncoder()
				.encodeToString("%zz:x".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=abc&code_verifier="
					+ VERIFIER))
			.build());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
		assertThat(json(response).path("error").asString()).isEqualTo("invalid_client");
	}

	@Test
	void refreshRotatesRepeatsTheSuccessorWithinTheGraceWindowAndRevocationEndsTheSignIn() {
		TestBrowser browser = new TestBrowser();
		String clientId = JSON.readTree(register(browser, "none")).path("client_id").asString();
		JsonNode first = json(redeem(browser, clientId, TestBrowser.queryParam(signIn(browser, clientId, REDIRECT), "code"),
				VERIFIER));
		String refreshToken = first.path("refresh_token").asString();

		HttpResponse<String> rotated = refresh(browser, clientId, refreshToken);
		assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
		String successor = json(rotated).path("refresh_token").asString();
		assertThat(successor).isNotEqualTo(refreshToken);
		assertThat(mcpStatus(json(rotated).path("access_token").asString())).isEqualTo(200);
		// A retry of the same refresh (two egress nodes, a lost response) gets the same successor, no new family.
		assertThat(json(refresh(browser, clientId, refreshToken)).path("refresh_token").asString()).isEqualTo(successor);

		assertThat(browser.postForm(base + "/revoke", Map.of("client_id", clientId, "token", successor)).statusCode())
			.isEqualTo(200);
		HttpResponse<String> afterRevocation = refresh(browser, clientId, successor);
		assertThat(afterRevocation.statusCode()).isEqualTo(400);
		assertThat(json(afterRevocation).path("error").asString()).isEqualTo("invalid_grant");
		// Access tokens of the revoked sign-in stop working too, once replicas stop remembering it as active.
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(10))
			.until(() -> mcpStatus(json(rotated).path("access_token").asString()) == 401);
	}

	@Test
	void aCodeIsRedeemedOnceAndItsReuseRevokesWhatTheFirstRedemptionGot() {
		TestBrowser browser = new TestBrowser();
		String clientId = JSON.readTree(register(browser, "none")).path("client_id").asString();
		String code = TestBrowser.queryParam(signIn(browser, clientId, REDIRECT), "code");
		JsonNode first = json(redeem(browser, clientId, code, VERIFIER));
		HttpResponse<String> again = redeem(browser, clientId, code, VERIFIER);
		assertThat(again.statusCode()).isEqualTo(400);
		assertThat(json(again).path("error").asString()).isEqualTo("invalid_grant");
		assertThat(json(refresh(browser, clientId, first.path("refresh_token").asString())).path("error").asString())
			.isEqualTo("invalid_grant");
	}

	@Test
	void ofTwoConcurrentRedemptionsOfACodeOnlyOneWins() throws Exception {
		TestBrowser browser = new TestBrowser();
		String clientId = JSON.readTree(register(browser, "none")).path("client_id").asString();
		String code = TestBrowser.queryParam(signIn(browser, clientId, REDIRECT), "code");
		java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString(TestBrowser.form(Map.of("grant_type",
					"authorization_code", "client_id", clientId, "code", code, "code_verifier", VERIFIER))))
			.build();
		List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> racing = new java.util.ArrayList<>();
		for (int i = 0; i < 8; i++) {
			racing.add(browser.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
		}
		List<Integer> statuses = racing.stream().map(java.util.concurrent.CompletableFuture::join)
			.map(HttpResponse::statusCode)
			.toList();
		assertThat(statuses).containsOnlyOnce(200);
	}

	@Test
	void aCodeOfOneClientIsRefusedToAnother() {
		TestBrowser browser = new TestBrowser();
		String victim = JSON.readTree(register(browser, "none")).path("client_id").asString();
		String attacker = JSON.readTree(register(browser, "none")).path("client_id").asString();
		String code = TestBrowser.queryParam(signIn(browser, victim, REDIRECT), "code");
		assertThat(json(redeem(browser, attacker, code, VERIFIER)).path("error").asString()).isEqualTo("invalid_grant");
	}

	@Test
	void aWrongCodeVerifierIsRefused() {
		TestBrowser browser = new TestBrowser();
		String clientId = JSON.readTree(register(browser, "none")).path("client_id").asString();
		String code = TestBrowser.queryParam(signIn(browser, clientId, REDIRECT), "code");
		assertThat(json(redeem(browser, clientId, code, VERIFIER + "x")).path("error").asString()).isEqualTo("invalid_grant");
	}

	@Test
	void aRedirectUriOtherThanTheAuthorizationRequestsIsRefusedAtTheTokenEndpoint() {
		TestBrowser browser = new TestBrowser();
		String clientId = JSON.readTree(register(browser, "none")).path("client_id").asString();
		String code = TestBrowser.queryParam(signIn(browser, clientId, "http://127.0.0.1:40002/callback"), "code");
		assertThat(json(redeem(browser, clientId, code, VERIFIER)).path("error").asString()).isEqualTo("invalid_grant");
	}

	@Test
	void aRefreshTokenOfOneClientIsRefusedToAnother() {
		TestBrowser browser = new TestBrowser();
		String owner = JSON.readTree(register(browser, "none")).path("client_id").asString();
		String other = JSON.readTree(register(browser, "none")).path("client_id").asString();
		JsonNode tokens = json(redeem(browser, owner, TestBrowser.queryParam(signIn(browser, owner, REDIRECT), "code"), VERIFIER));
		assertThat(json(refresh(browser, other, tokens.path("refresh_token").asString())).path("error").asString())
			.isEqualTo("invalid_grant");
	}

	@Test
	void anAccessTokenIsNotARefreshTokenNorTheOtherWayRound() {
		TestBrowser browser = new TestBrowser();
		String clientId = JSON.readTree(register(browser, "none")).path("client_id").asString();
		JsonNode tokens = json(redeem(browser, clientId, TestBrowser.queryParam(signIn(browser, clientId, REDIRECT), "code"),
				VERIFIER));
		assertThat(json(refresh(browser, clientId, tokens.path("access_token").asString())).path("error").asString())
			.isEqualTo("invalid_grant");
		assertThat(mcpStatus(tokens.path("refresh_token").asString())).isEqualTo(401);
	}

	@Test
	void theLogsNeverHoldATokenCodeOrSecret(CapturedOutput output) {
		TestBrowser browser = new TestBrowser();
		JsonNode client = JSON.readTree(register(browser, "client_secret_post"));
		String clientId = client.path("client_id").asString();
		String secret = client.path("client_secret").asString();
		String code = TestBrowser.queryParam(signIn(browser, clientId, REDIRECT), "code");
		JsonNode tokens = json(browser.postForm(base + "/token", Map.of("grant_type", "authorization_code", "client_id",
				clientId, "client_secret", secret, "code", code, "code_verifier", VERIFIER, "redirect_uri", REDIRECT)));
		String refreshToken = tokens.path("refresh_token").asString();
		String successor = json(browser.postForm(base + "/token", Map.of("grant_type", "refresh_token", "client_id", clientId,
				"client_secret", secret, "refresh_token", refreshToken))).path("refresh_token").asString();
		// Reuse after rotation and a second redemption of the code are logged as warnings: still no secrets.
		browser.postForm(base + "/token", Map.of("grant_type", "authorization_code", "client_id", clientId, "client_secret",
				secret, "code", code, "code_verifier", VERIFIER));
		assertThat(mcpStatus(tokens.path("access_token").asString())).isIn(200, 401);
		// A callback that fails inside the gateway (its sign-in was stored by an older, incompatible version):
		// the upstream code and state it carries stay out of the error log.
		String state = Secrets.random();
		String upstreamCode = Secrets.random();
		gateway.bean(AuthStore.class)
			.put(AuthRecords.TRANSACTION + Secrets.hash(state), "{no longer readable",
					java.time.Duration.ofMinutes(1))
			.block();
		assertThat(browser.get(base + "/oauth/callback?code=" + upstreamCode + "&state=" + state).statusCode())
			.isEqualTo(500);
		assertThat(output.getAll()).contains("signed in for client " + clientId)
			.doesNotContain(code, secret, refreshToken, successor, tokens.path("access_token").asString())
			.doesNotContain(upstreamCode, state, "/oauth/callback?")
			.doesNotContainPattern("eyJ[A-Za-z0-9_-]{8,}\\.eyJ");
	}

	@Test
	void aTokenRequestWithoutRedirectUriIsAcceptedAsOAuth21Allows() {
		TestBrowser browser = new TestBrowser();
		String clientId = JSON.readTree(register(browser, "none")).path("client_id").asString();
		String code = TestBrowser.queryParam(signIn(browser, clientId, REDIRECT), "code");
		HttpResponse<String> response = browser.postForm(base + "/token",
				Map.of("grant_type", "authorization_code", "client_id", clientId, "code", code, "code_verifier", VERIFIER));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	@Test
	void anUnsupportedGrantTypeIsRefused() {
		TestBrowser browser = new TestBrowser();
		String clientId = JSON.readTree(register(browser, "none")).path("client_id").asString();
		HttpResponse<String> response = browser.postForm(base + "/token",
				Map.of("grant_type", "password", "client_id", clientId, "username", "a", "password", "b"));
		assertThat(json(response).path("error").asString()).isEqualTo("unsupported_grant_type");
	}

}
