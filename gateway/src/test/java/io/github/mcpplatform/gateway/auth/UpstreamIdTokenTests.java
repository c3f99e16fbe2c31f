package io.github.mcpplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.mcpplatform.gateway.resourceserver.OAuthGateway;
import com.nimbusds.oauth2.sdk.TokenRequest;

import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;

/**
 * The identity provider's id_token is checked at the callback, through the whole sign-in: one that names
 * another authorized party ({@code azp}) than the gateway's client is refused (OIDC Core 3.1.3.7).
 */
class UpstreamIdTokenTests {

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
	void anIdTokenWhoseAzpIsAnotherClientEndsTheSignInWithoutACode() {
		String redirect = signInWithClaims(Map.of("preferred_username", "erin", "azp", "another-client"));

		assertThat(TestBrowser.queryParam(redirect, "code")).isNull();
		assertThat(TestBrowser.queryParam(redirect, "error")).isEqualTo("server_error");
	}

	@Test
	void anIdTokenWhoseAzpIsTheGatewaysClientSignsIn() {
		String redirect = signInWithClaims(Map.of("preferred_username", "erin", "azp", "gateway"));

		assertThat(TestBrowser.queryParam(redirect, "code")).isNotBlank();
	}

	private static String signInWithClaims(Map<String, Object> claims) {
		TestBrowser browser = new TestBrowser();
		String clientId = AuthorizationFlowTests.JSON.readTree(AuthorizationFlowTests.register(browser, "none"))
			.path("client_id")
			.asString();
		// The audience holds the gateway's client and another: the case azp exists for.
		gateway.idp.enqueueCallback(new Overriding(new DefaultOAuth2TokenCallback("idp", "erin-sub", "JWT",
				List.of("gateway", OAuthGateway.UPSTREAM_AUDIENCE), Map.of(), 3600), claims));
		return UpstreamRefreshTests.throughTheBrowser(gateway, browser, clientId);
	}

	/** The identity provider's tokens with {@code claims} over what it would put there itself (its own azp). */
	private record Overriding(DefaultOAuth2TokenCallback tokens, Map<String, Object> claims) implements OAuth2TokenCallback {

		@Override
		public String issuerId() {
			return this.tokens.issuerId();
		}

		@Override
		public String subject(TokenRequest request) {
			return this.tokens.subject(request);
		}

		@Override
		public String typeHeader(TokenRequest request) {
			return this.tokens.typeHeader(request);
		}

		@Override
		public List<String> audience(TokenRequest request) {
			return this.tokens.audience(request);
		}

		@Override
		public Map<String, Object> addClaims(TokenRequest request) {
			Map<String, Object> all = new HashMap<>(this.tokens.addClaims(request));
			all.putAll(this.claims);
			return all;
		}

		@Override
		public long tokenExpiry() {
			return this.tokens.tokenExpiry();
		}

	}

}
