package io.github.mcpplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.mcpplatform.gateway.resourceserver.OAuthGateway;

/**
 * Every way a registration, an authorization request, a consent or a callback can be wrong, each refused
 * without side effects; where the redirect URI is not yet known to be the client's, never by a redirect.
 */
class AuthorizationRequestTests {

	static final String REDIRECT = "http://127.0.0.1:33418/callback";

	static OAuthGateway gateway;

	static String base;

	static String clientId;

	@BeforeAll
	static void start() {
		gateway = OAuthGateway.start();
		base = gateway.baseUrl;
		clientId = AuthorizationFlowTests.JSON.readTree(new TestBrowser().postJson(base + "/register", """
				{"client_name":"<b>Evil & Co</b>","redirect_uris":["%s","https://app.example.com/cb?x=1"],
				"token_endpoint_auth_method":"none"}""".formatted(REDIRECT)).body()).path("client_id").asString();
	}

	@AfterAll
	static void stop() {
		gateway.close();
	}

	static HttpResponse<String> registerRedirect(String uri) {
		return new TestBrowser().postJson(base + "/register",
				"{\"redirect_uris\":[\"" + uri + "\"],\"token_endpoint_auth_method\":\"none\"}");
	}

	static Map<String, String> validRequest() {
		Map<String, String> query = new HashMap<>(Map.of("response_type", "code", "client_id", clientId, "redirect_uri",
				REDIRECT, "code_challenge", Secrets.s256(AuthorizationFlowTests.VERIFIER), "code_challenge_method", "S256",
				"state", "s1"));
		return query;
	}

	static HttpResponse<String> authorize(TestBrowser browser, Map<String, String> query) {
		return browser.get(base + "/authorize?" + TestBrowser.form(query));
	}

	static void assertErrorPageWithoutRedirect(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
	}

	static void assertRedirectedError(HttpResponse<String> response, String error) {
		assertThat(response.statusCode()).isEqualTo(302);
		String location = TestBrowser.location(response);
		assertThat(location).startsWith(REDIRECT + "?");
		assertThat(TestBrowser.queryParam(location, "error")).isEqualTo(error);
		assertThat(TestBrowser.queryParam(location, "state")).isEqualTo("s1");
	}

	// Registration

	@Test
	void registeringAPlainHttpRedirectOffLoopbackIsRefused() {
		HttpResponse<String> response = registerRedirect("http://evil.com/cb");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("invalid_redirect_uri");
	}

	@Test
	void registeringScriptDataOrFileRedirectsIsRefused() {
		for (String uri : List.of("javascript:alert(1)", "data:text/html,hi", "file:///etc/passwd")) {
			assertThat(registerRedirect(uri).statusCode()).as(uri).isEqualTo(400);
		}
	}

	@Test
	void registeringARedirectWithUserInfoIsRefused() {
		assertThat(registerRedirect("http://localhost@evil.com/cb").statusCode()).isEqualTo(400);
	}

	@Test
	void registeringARedirectWithAFragmentIsRefused() {
		assertThat(registerRedirect("https://app.example.com/cb#frag").statusCode()).isEqualTo(400);
	}

	@Test
	void registeringTooManyRedirectUrisIsRefused() {
		String uris = String.join(",", java.util.Collections.nCopies(11, "\"https://app.example.com/cb\""));
		assertThat(new TestBrowser().postJson(base + "/register", "{\"redirect_uris\":[" + uris + "]}").statusCode())
			.isEqualTo(400);
	}

	@Test
	void anOversizedRegistrationIsRefusedWith413() {
		String name = "x".repeat(20_000);
		assertThat(new TestBrowser().postJson(base + "/register",
				"{\"client_name\":\"" + name + "\",\"redirect_uris\":[\"" + REDIRECT + "\"]}").statusCode()).isEqualTo(413);
	}

	@Test
	void aMalformedRegistrationIsRefused() {
		HttpResponse<String> response = new TestBrowser().postJson(base + "/register", "{not json");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("invalid_client_metadata");
	}

	@Test
	void registeringPasswordOrClientCredentialsGrantsIsRefused() {
		for (String grant : List.of("password", "client_credentials", "implicit")) {
			assertThat(new TestBrowser().postJson(base + "/register", "{\"redirect_uris\":[\"" + REDIRECT
					+ "\"],\"grant_types\":[\"authorization_code\",\"" + grant + "\"]}").statusCode()).as(grant).isEqualTo(400);
		}
	}

	// Authorization request

	@Test
	void anUnknownClientGetsAnErrorPageNotARedirect() {
		Map<String, String> query = validRequest();
		query.put("client_id", "mcp-unknown");
		assertErrorPageWithoutRedirect(authorize(new TestBrowser(), query));
	}

	@Test
	void anUnregisteredRedirectUriGetsAnErrorPageNotARedirect() {
		for (String uri : List.of("http://127.0.0.1:33418/other", "http://evil.com/callback",
				"http://127.0.0.1:33418/callback?extra=1", "https://app.example.com/cb", "https://app.example.com/cb?x=1&y=2",
				"http://localhost:33418/callback")) {
			Map<String, String> query = validRequest();
			query.put("redirect_uri", uri);
			assertErrorPageWithoutRedirect(authorize(new TestBrowser(), query));
		}
	}

	@Test
	void aLoopbackRedirectWhosePortIsPaddedWithZerosGetsAnErrorPageNotARedirect() {
		Map<String, String> query = validRequest();
		query.put("redirect_uri", "http://127.0.0.1:" + "0".repeat(2000) + "33418/callback");
		assertErrorPageWithoutRedirect(authorize(new TestBrowser(), query));
	}

	@Test
	void aMissingCodeChallengeIsRefused() {
		Map<String, String> query = validRequest();
		query.remove("code_challenge");
		assertRedirectedError(authorize(new TestBrowser(), query), "invalid_request");
	}

	@Test
	void aPlainOrMissingCodeChallengeMethodIsRefused() {
		Map<String, String> plain = validRequest();
		plain.put("code_challenge_method", "plain");
		assertRedirectedError(authorize(new TestBrowser(), plain), "invalid_request");
		Map<String, String> missing = validRequest();
		missing.remove("code_challenge_method");
		assertRedirectedError(authorize(new TestBrowser(), missing), "invalid_request");
	}

	@Test
	void responseTypeTokenIsRefused() {
		Map<String, String> query = validRequest();
		query.put("response_type", "token");
		assertRedirectedError(authorize(new TestBrowser(), query), "unsupported_response_type");
	}

	@Test
	void aResourceOfAnotherServerIsRefusedAsInvalidTarget() {
		Map<String, String> query = validRequest();
		query.put("resource", "https://other.example.com/mcp");
		assertRedirectedError(authorize(new TestBrowser(), query), "invalid_target");
	}

	@Test
	void theResourceWithATrailingSlashOrUpperCaseHostIsAccepted() {
		for (String resource : List.of(base + "/mcp/", base.toUpperCase().replace("HTTP://", "http://") + "/mcp")) {
			Map<String, String> query = validRequest();
			query.put("resource", resource);
			assertThat(authorize(new TestBrowser(), query).statusCode()).as(resource).isEqualTo(200);
		}
	}

	@Test
	void aRepeatedParameterIsRefused() {
		HttpResponse<String> response = new TestBrowser()
			.get(base + "/authorize?" + TestBrowser.form(validRequest()) + "&redirect_uri=http%3A%2F%2Fevil.com%2Fcb");
		assertErrorPageWithoutRedirect(response);
	}

	@Test
	void theAuthorizationEndpointSendsNoCorsHeaders() {
		HttpResponse<String> response = new TestBrowser().send(HttpRequest
			.newBuilder(URI.create(base + "/authorize?" + TestBrowser.form(validRequest())))
			.header("Origin", "https://evil.example")
			.build());
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	// The client's state: RFC 6749 VSCHAR, bounded, refused before anything is stored and never echoed back

	@Test
	void aStateLongerThan512CharactersGetsAnErrorPageNotARedirect() {
		Map<String, String> query = validRequest();
		query.put("state", "s".repeat(513));
		assertErrorPageWithoutRedirect(authorize(new TestBrowser(), query));
	}

	@Test
	void aStateOf512VisibleAsciiCharactersIsAccepted() {
		Map<String, String> query = validRequest();
		query.put("state", ("a-Z_0.9~ !\"#$%&'()*+,/:;<=>?@[\\]^`|" + "x".repeat(512)).substring(0, 512));
		assertThat(authorize(new TestBrowser(), query).statusCode()).isEqualTo(200);
	}

	@Test
	void aStateWithControlOrNonAsciiCharactersGetsAnErrorPageNotARedirect() {
		for (String state : List.of("tab\there", "line\nbreak", "caf\u00e9")) {
			Map<String, String> query = validRequest();
			query.put("state", state);
			assertErrorPageWithoutRedirect(authorize(new TestBrowser(), query));
		}
	}

	@Test
	void aStateWithATemplateBraceGetsAnErrorPageNotAServerError() {
		for (String state : List.of("{x}", "a{", "}")) {
			Map<String, String> query = validRequest();
			query.put("state", state);
			assertErrorPageWithoutRedirect(authorize(new TestBrowser(), query));
		}
	}

	@Test
	void anErrorRedirectToARegisteredUriWithPercentEscapesKeepsThatUriExactly() {
		String registered = "https://app.example.com/cb%2Fx?next=%2Fhome";
		String escaped = AuthorizationFlowTests.JSON.readTree(registerRedirect(registered).body()).path("client_id").asString();
		Map<String, String> query = validRequest();
		query.put("client_id", escaped);
		query.put("redirect_uri", registered);
		query.put("response_type", "token");
		HttpResponse<String> response = authorize(new TestBrowser(), query);
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(TestBrowser.location(response)).startsWith(registered + "&error=unsupported_response_type&");
		assertThat(TestBrowser.queryParam(TestBrowser.location(response), "state")).isEqualTo("s1");
	}

	// Consent

	@Test
	void theConsentPageNamesTheClientAndRedirectHostAndCannotBeFramed() {
		HttpResponse<String> page = authorize(new TestBrowser(), validRequest());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("&lt;b&gt;Evil &amp; Co&lt;/b&gt;").doesNotContain("<b>Evil").contains("127.0.0.1");
		assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("frame-ancestors 'none'");
		assertThat(page.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
		assertThat(page.headers().firstValue("Set-Cookie").orElse("")).containsIgnoringCase("HttpOnly").contains("SameSite=Lax");
	}

	@Test
	void anApprovalWithoutTheCsrfTokenIsRefused() {
		TestBrowser browser = new TestBrowser();
		String page = authorize(browser, validRequest()).body();
		HttpResponse<String> response = browser.postForm(base + "/consent",
				Map.of("transaction", TestBrowser.hidden(page, "transaction"), "decision", "approve"));
		assertThat(response.statusCode()).isEqualTo(403);
	}

	@Test
	void anApprovalWithTheCsrfTokenOfAnotherSignInIsRefused() {
		TestBrowser browser = new TestBrowser();
		String mine = authorize(browser, validRequest()).body();
		String other = authorize(browser, validRequest()).body();
		HttpResponse<String> response = browser.postForm(base + "/consent", Map.of("transaction",
				TestBrowser.hidden(mine, "transaction"), "csrf_token", TestBrowser.hidden(other, "csrf_token"), "decision",
				"approve"));
		assertThat(response.statusCode()).isEqualTo(403);
	}

	@Test
	void anApprovalFromAnotherBrowserIsRefused() {
		// Cross-site POST: the attacker's page submits a valid form, but the victim's browser has no binding to it.
		String page = authorize(new TestBrowser(), validRequest()).body();
		HttpResponse<String> response = new TestBrowser().postForm(base + "/consent", Map.of("transaction",
				TestBrowser.hidden(page, "transaction"), "csrf_token", TestBrowser.hidden(page, "csrf_token"), "decision",
				"approve"));
		assertThat(response.statusCode()).isEqualTo(403);
	}

	@Test
	void approvingAnswers303ToTheUpstreamWithoutTheClientsResource() {
		TestBrowser browser = new TestBrowser();
		Map<String, String> query = validRequest();
		query.put("resource", base + "/mcp");
		String page = authorize(browser, query).body();
		HttpResponse<String> approved = browser.postForm(base + "/consent", Map.of("transaction",
				TestBrowser.hidden(page, "transaction"), "csrf_token", TestBrowser.hidden(page, "csrf_token"), "decision",
				"approve"));
		assertThat(approved.statusCode()).isEqualTo(303);
		String upstream = TestBrowser.location(approved);
		assertThat(upstream).startsWith(gateway.idp.issuerUrl("idp").toString());
		assertThat(TestBrowser.queryParam(upstream, "code_challenge_method")).isEqualTo("S256");
		assertThat(TestBrowser.queryParam(upstream, "audience")).isEqualTo(OAuthGateway.UPSTREAM_AUDIENCE);
		assertThat(TestBrowser.queryParam(upstream, "nonce")).isNotBlank();
		assertThat(TestBrowser.queryParam(upstream, "resource")).isNull();
	}

	@Test
	void denyingRedirectsAccessDeniedToTheRegisteredRedirect() {
		TestBrowser browser = new TestBrowser();
		String page = authorize(browser, validRequest()).body();
		HttpResponse<String> denied = browser.postForm(base + "/consent", Map.of("transaction",
				TestBrowser.hidden(page, "transaction"), "csrf_token", TestBrowser.hidden(page, "csrf_token"), "decision",
				"deny"));
		assertRedirectedError(denied, "access_denied");
	}

	// Upstream callback

	@Test
	void anUpstreamUrlApprovedInOneBrowserFailsAtTheCallbackInAnother() {
		TestBrowser attacker = new TestBrowser();
		String page = authorize(attacker, validRequest()).body();
		String upstream = TestBrowser.location(attacker.postForm(base + "/consent", Map.of("transaction",
				TestBrowser.hidden(page, "transaction"), "csrf_token", TestBrowser.hidden(page, "csrf_token"), "decision",
				"approve")));
		TestBrowser victim = new TestBrowser();
		HttpResponse<String> idp = victim.get(upstream);
		HttpResponse<String> callback = victim.get(TestBrowser.location(idp));
		assertThat(callback.statusCode()).isEqualTo(403);
		assertThat(callback.headers().firstValue("Location")).isEmpty();
	}

	@Test
	void anUnknownStateAtTheCallbackIsRefused() {
		HttpResponse<String> response = new TestBrowser().get(base + "/oauth/callback?state=made-up&code=abc");
		assertErrorPageWithoutRedirect(response);
	}

	@Test
	void aCallbackIsUsedOnce() {
		TestBrowser browser = new TestBrowser();
		String page = authorize(browser, validRequest()).body();
		String upstream = TestBrowser.location(browser.postForm(base + "/consent", Map.of("transaction",
				TestBrowser.hidden(page, "transaction"), "csrf_token", TestBrowser.hidden(page, "csrf_token"), "decision",
				"approve")));
		String callback = TestBrowser.location(browser.get(upstream));
		assertThat(browser.get(callback).statusCode()).isEqualTo(302);
		assertErrorPageWithoutRedirect(browser.get(callback));
	}

	@Test
	void aCallbackOpenedFirstInAnotherBrowserDoesNotSpoilTheSignInOfTheBrowserThatApprovedIt() {
		TestBrowser browser = new TestBrowser();
		String page = authorize(browser, validRequest()).body();
		String upstream = TestBrowser.location(browser.postForm(base + "/consent", Map.of("transaction",
				TestBrowser.hidden(page, "transaction"), "csrf_token", TestBrowser.hidden(page, "csrf_token"), "decision",
				"approve")));
		String callback = TestBrowser.location(browser.get(upstream));
		// Someone who learnt the state (an IdP log, a Referer) requests the callback first.
		assertThat(new TestBrowser().get(callback).statusCode()).isEqualTo(403);
		HttpResponse<String> mine = browser.get(callback);
		assertThat(mine.statusCode()).as(mine.body()).isEqualTo(302);
		assertThat(TestBrowser.queryParam(TestBrowser.location(mine), "code")).isNotBlank();
	}

	@Test
	void anErrorFromTheIdentityProviderGoesOnlyToTheRegisteredRedirect() {
		TestBrowser browser = new TestBrowser();
		String page = authorize(browser, validRequest()).body();
		String upstream = TestBrowser.location(browser.postForm(base + "/consent", Map.of("transaction",
				TestBrowser.hidden(page, "transaction"), "csrf_token", TestBrowser.hidden(page, "csrf_token"), "decision",
				"approve")));
		String state = TestBrowser.queryParam(upstream, "state");
		assertRedirectedError(browser.get(base + "/oauth/callback?error=access_denied&state=" + state), "access_denied");
	}

}
