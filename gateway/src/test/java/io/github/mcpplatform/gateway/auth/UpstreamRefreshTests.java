package io.github.mcpplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.mcpplatform.gateway.resourceserver.OAuthGateway;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import okhttp3.mockwebserver.RecordedRequest;
import tools.jackson.databind.JsonNode;

/**
 * The upstream tokens behind a sign-in are refreshed at the identity provider, with the configured
 * audience, when they are about to expire; when the identity provider refuses, the sign-in ends and the
 * client is told to sign in again ({@code invalid_grant}); when it is down, the sign-in stays.
 */
class UpstreamRefreshTests {

	static OAuthGateway gateway;

	@BeforeAll
	static void start() {
		gateway = OAuthGateway.start();
		AuthorizationFlowTests.gateway = gateway;
		AuthorizationFlowTests.base = gateway.baseUrl;
	}

	@AfterAll
	static void stop() {
		gateway.close();
	}

	/** A browser, the public client it signed in with, and the tokens it got. */
	private record SignedIn(TestBrowser browser, String clientId, JsonNode tokens) {
	}

	/** A sign-in whose upstream tokens expire in 30 s: the next refresh must renew them. */
	private static SignedIn signIn() {
		return signIn(Map.of("preferred_username", "carol"));
	}

	/** The same, with these claims in the identity provider's tokens. */
	private static SignedIn signIn(Map<String, Object> claims) {
		TestBrowser browser = new TestBrowser();
		String clientId = AuthorizationFlowTests.JSON.readTree(AuthorizationFlowTests.register(browser, "none"))
			.path("client_id")
			.asString();
		String redirect = signInWithShortUpstreamTokens(gateway, browser, clientId, claims);
		JsonNode tokens = AuthorizationFlowTests.json(AuthorizationFlowTests.redeem(browser, clientId,
				TestBrowser.queryParam(redirect, "code"), AuthorizationFlowTests.VERIFIER));
		return new SignedIn(browser, clientId, tokens);
	}

	@Test
	void refreshRenewsUpstreamTokensAboutToExpireWithTheAudience() {
		SignedIn signedIn = signIn();
		TestBrowser browser = signedIn.browser();
		String clientId = signedIn.clientId();
		JsonNode tokens = signedIn.tokens();

		HttpResponse<String> renewed = AuthorizationFlowTests.refresh(browser, clientId,
				tokens.path("refresh_token").asString());
		assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(200);
		String upstreamRefresh = lastTokenRequest(gateway);
		assertThat(upstreamRefresh).contains("grant_type=refresh_token")
			.contains("audience=" + java.net.URLEncoder.encode(OAuthGateway.UPSTREAM_AUDIENCE,
					java.nio.charset.StandardCharsets.UTF_8));
	}

	@Test
	void aRefreshedIdTokenBringsTheUsersGroupsOfTodayIntoTheNextAccessToken() throws Exception {
		SignedIn signedIn = signIn(Map.of("preferred_username", "carol", "groups", List.of("dba", "staff")));
		assertThat(groups(signedIn.tokens())).containsExactly("dba", "staff");

		// Removed from dba at the identity provider; its next id_token says so.
		gateway.idp.enqueueCallback(upstreamTokens("carol-sub", Map.of("preferred_username", "carol", "groups", List.of("staff"))));
		HttpResponse<String> renewed = AuthorizationFlowTests.refresh(signedIn.browser(), signedIn.clientId(),
				signedIn.tokens().path("refresh_token").asString());

		assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(200);
		assertThat(groups(AuthorizationFlowTests.json(renewed))).containsExactly("staff");
	}

	@Test
	void aRefreshedIdTokenAboutAnotherUserEndsTheSignIn() {
		SignedIn signedIn = signIn();

		gateway.idp.enqueueCallback(upstreamTokens("mallory-sub", Map.of("preferred_username", "mallory")));
		HttpResponse<String> refused = AuthorizationFlowTests.refresh(signedIn.browser(), signedIn.clientId(),
				signedIn.tokens().path("refresh_token").asString());

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(AuthorizationFlowTests.json(refused).path("error").asString()).isEqualTo("invalid_grant");
	}

	static List<String> groups(JsonNode tokens) throws java.text.ParseException {
		List<String> groups = com.nimbusds.jwt.SignedJWT.parse(tokens.path("access_token").asString()).getJWTClaimsSet()
			.getStringListClaim("groups");
		return groups == null ? List.of() : groups;
	}

	@Test
	void theIdentityProviderEndingTheSessionEndsTheSignInWithInvalidGrant() throws InterruptedException {
		SignedIn signedIn = signIn();
		TestBrowser browser = signedIn.browser();
		String clientId = signedIn.clientId();
		JsonNode tokens = signedIn.tokens();
		String refreshToken = tokens.path("refresh_token").asString();
		assertThat(AuthorizationFlowTests.mcpStatus(tokens.path("access_token").asString())).isEqualTo(200);

		// The session was ended at the identity provider (logout, user blocked): it refuses the refresh.
		gateway.idp.enqueueCallback(new RefusingTokenCallback("idp", OAuth2Error.INVALID_GRANT));
		HttpResponse<String> refused = AuthorizationFlowTests.refresh(browser, clientId, refreshToken);
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(AuthorizationFlowTests.json(refused).path("error").asString()).isEqualTo("invalid_grant");
		assertThat(AuthorizationFlowTests.json(AuthorizationFlowTests.refresh(browser, clientId, refreshToken))
			.path("error")
			.asString()).isEqualTo("invalid_grant");
		// Its access token stops working too, on every replica, once the remembered answer lapses.
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
		while (AuthorizationFlowTests.mcpStatus(tokens.path("access_token").asString()) != 401) {
			assertThat(System.nanoTime()).as("the ended sign-in's access token is refused").isLessThan(deadline);
			Thread.sleep(250);
		}
	}

	@Test
	void anIdentityProviderThatIsDownKeepsTheSignInAndTheClientTriesAgain() {
		SignedIn signedIn = signIn();
		TestBrowser browser = signedIn.browser();
		String clientId = signedIn.clientId();
		String refreshToken = signedIn.tokens().path("refresh_token").asString();

		gateway.idp.enqueueCallback(new RefusingTokenCallback("idp", OAuth2Error.TEMPORARILY_UNAVAILABLE));
		HttpResponse<String> unavailable = AuthorizationFlowTests.refresh(browser, clientId, refreshToken);
		assertThat(unavailable.statusCode()).isEqualTo(503);
		assertThat(AuthorizationFlowTests.json(unavailable).path("error").asString()).isEqualTo("temporarily_unavailable");

		HttpResponse<String> later = AuthorizationFlowTests.refresh(browser, clientId, refreshToken);
		assertThat(later.statusCode()).as(later.body()).isEqualTo(200);
	}

	static String signInWithShortUpstreamTokens(OAuthGateway gateway, TestBrowser browser, String clientId,
			Map<String, Object> claims) {
		gateway.idp.enqueueCallback(upstreamTokens("carol-sub", claims));
		return throughTheBrowser(gateway, browser, clientId);
	}

	/**
	 * What the person does, from the authorization request to the client's redirect with a code; the identity
	 * provider signs in whoever its next queued callback names.
	 */
	static String throughTheBrowser(OAuthGateway gateway, TestBrowser browser, String clientId) {
		String base = gateway.baseUrl;
		HttpResponse<String> consent = browser.get(AuthorizationFlowTests.authorizeUrl(clientId,
				AuthorizationFlowTests.REDIRECT, Secrets.s256(AuthorizationFlowTests.VERIFIER)));
		HttpResponse<String> approved = browser.postForm(base + "/consent",
				Map.of("transaction", TestBrowser.hidden(consent.body(), "transaction"), "csrf_token",
						TestBrowser.hidden(consent.body(), "csrf_token"), "decision", "approve"));
		HttpResponse<String> idp = browser.get(TestBrowser.location(approved));
		return TestBrowser.location(browser.get(TestBrowser.location(idp)));
	}

	/** What the identity provider puts in the next tokens it issues (id_token included): short-lived ones. */
	static DefaultOAuth2TokenCallback upstreamTokens(String subject, Map<String, Object> claims) {
		return new DefaultOAuth2TokenCallback("idp", subject, "JWT", List.of(OAuthGateway.UPSTREAM_AUDIENCE), claims, 30);
	}

	/** The body of the newest token request the identity provider received. */
	private static String lastTokenRequest(OAuthGateway gateway) {
		String last = null;
		while (true) {
			RecordedRequest request;
			try {
				request = gateway.idp.takeRequest(200, TimeUnit.MILLISECONDS);
			}
			catch (RuntimeException drained) {
				break;
			}
			if (request.getPath() != null && request.getPath().endsWith("/token")) {
				last = request.getBody().readUtf8();
			}
		}
		assertThat(last).as("a token request reached the identity provider").isNotNull();
		return last;
	}

}
