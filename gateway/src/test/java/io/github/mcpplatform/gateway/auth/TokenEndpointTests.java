package io.github.mcpplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.mcpplatform.gateway.resourceserver.OAuthGateway;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import tools.jackson.databind.JsonNode;

/**
 * What {@code POST /token} refuses, through the whole sign-in against the assembled gateway: PKCE verifiers
 * that RFC 7636 does not allow, and refresh tokens presented again beyond what a retrying client needs
 * (RFC 9700 4.14.2: the whole sign-in ends).
 */
class TokenEndpointTests {

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

	@Test
	void aCodeVerifierShorterThan43CharactersIsRefusedWithInvalidGrant() {
		assertThat(redeemWithVerifier("a").path("error").asString()).isEqualTo("invalid_grant");
	}

	@Test
	void aCodeVerifierWithCharactersOutsideTheUnreservedSetIsRefusedWithInvalidGrant() {
		String spacesAndBangs = "a b!".repeat(20);
		assertThat(redeemWithVerifier(spacesAndBangs).path("error").asString()).isEqualTo("invalid_grant");
	}

	@Test
	void aCodeVerifierLongerThan128CharactersIsRefusedWithInvalidGrant() {
		assertThat(redeemWithVerifier("a".repeat(129)).path("error").asString()).isEqualTo("invalid_grant");
	}

	@Test
	void codeVerifiersOf43And128UnreservedCharactersAreAccepted() {
		assertThat(redeemWithVerifier("A-._~" + "b".repeat(38)).path("access_token").asString()).isNotBlank();
		assertThat(redeemWithVerifier("z".repeat(128)).path("access_token").asString()).isNotBlank();
	}

	@Test
	void aRotatedRefreshTokenPresentedAfterItsSuccessorWasUsedEndsTheSignIn() {
		SignedIn signedIn = signIn(gateway);
		String first = signedIn.tokens().path("refresh_token").asString();
		String second = refreshed(signedIn, first);
		String third = refreshed(signedIn, second);

		// A stolen, already rotated token must not walk the chain to the family's current token.
		HttpResponse<String> stale = AuthorizationFlowTests.refresh(signedIn.browser(), signedIn.clientId(), first);

		assertThat(stale.statusCode()).isEqualTo(400);
		assertThat(AuthorizationFlowTests.json(stale).path("error").asString()).isEqualTo("invalid_grant");
		assertThat(AuthorizationFlowTests.json(AuthorizationFlowTests.refresh(signedIn.browser(), signedIn.clientId(), third))
			.path("error")
			.asString()).as("the current token of the family is revoked too").isEqualTo("invalid_grant");
	}

	@Test
	void aRotatedRefreshTokenGetsItsUnusedSuccessorAtMostThreeTimesThenTheSignInEnds() {
		SignedIn signedIn = signIn(gateway);
		String first = signedIn.tokens().path("refresh_token").asString();
		String successor = refreshed(signedIn, first);
		for (int retry = 0; retry < RefreshGrant.MAX_REPLAYS; retry++) {
			assertThat(refreshed(signedIn, first)).isEqualTo(successor);
		}

		HttpResponse<String> oneTooMany = AuthorizationFlowTests.refresh(signedIn.browser(), signedIn.clientId(), first);

		assertThat(AuthorizationFlowTests.json(oneTooMany).path("error").asString()).isEqualTo("invalid_grant");
		assertThat(AuthorizationFlowTests.json(AuthorizationFlowTests.refresh(signedIn.browser(), signedIn.clientId(),
				successor)).path("error").asString()).isEqualTo("invalid_grant");
	}

	/** A browser, the public client it signed in with, and the tokens it got. */
	record SignedIn(TestBrowser browser, String clientId, JsonNode tokens) {
	}

	static SignedIn signIn(OAuthGateway gateway) {
		TestBrowser browser = new TestBrowser();
		String clientId = AuthorizationFlowTests.JSON.readTree(AuthorizationFlowTests.register(browser, "none"))
			.path("client_id")
			.asString();
		String code = TestBrowser.queryParam(signInWithChallenge(gateway, browser, clientId,
				Secrets.s256(AuthorizationFlowTests.VERIFIER)), "code");
		JsonNode tokens = AuthorizationFlowTests.json(
				AuthorizationFlowTests.redeem(browser, clientId, code, AuthorizationFlowTests.VERIFIER));
		assertThat(tokens.path("refresh_token").asString()).as(tokens.toString()).isNotBlank();
		return new SignedIn(browser, clientId, tokens);
	}

	/** Refreshes, expecting success; the new refresh token. */
	private static String refreshed(SignedIn signedIn, String refreshToken) {
		HttpResponse<String> response = AuthorizationFlowTests.refresh(signedIn.browser(), signedIn.clientId(), refreshToken);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return AuthorizationFlowTests.json(response).path("refresh_token").asString();
	}

	/** Signs in with the challenge of {@code verifier} and redeems the code with it. */
	private static JsonNode redeemWithVerifier(String verifier) {
		TestBrowser browser = new TestBrowser();
		String clientId = AuthorizationFlowTests.JSON.readTree(AuthorizationFlowTests.register(browser, "none"))
			.path("client_id")
			.asString();
		String code = TestBrowser.queryParam(signInWithChallenge(gateway, browser, clientId, Secrets.s256(verifier)), "code");
		return AuthorizationFlowTests.json(AuthorizationFlowTests.redeem(browser, clientId, code, verifier));
	}

	/** What the person does, from the authorization request to the client's redirect with a code. */
	private static String signInWithChallenge(OAuthGateway gateway, TestBrowser browser, String clientId, String challenge) {
		gateway.idp.enqueueCallback(new DefaultOAuth2TokenCallback("idp", "dave-sub", "JWT",
				List.of(OAuthGateway.UPSTREAM_AUDIENCE), Map.of("preferred_username", "dave"), 3600));
		HttpResponse<String> consent = browser.get(AuthorizationFlowTests.authorizeUrl(clientId,
				AuthorizationFlowTests.REDIRECT, challenge));
		assertThat(consent.statusCode()).as(consent.body()).isEqualTo(200);
		HttpResponse<String> approved = browser.postForm(gateway.baseUrl + "/consent",
				Map.of("transaction", TestBrowser.hidden(consent.body(), "transaction"), "csrf_token",
						TestBrowser.hidden(consent.body(), "csrf_token"), "decision", "approve"));
		HttpResponse<String> idp = browser.get(TestBrowser.location(approved));
		return TestBrowser.location(browser.get(TestBrowser.location(idp)));
	}

}
