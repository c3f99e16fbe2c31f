package io.github.mcpplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.mcpplatform.gateway.metrics.TestScrape;
import io.github.mcpplatform.gateway.resourceserver.OAuthGateway;

/**
 * Sign-ins and refreshes through the real authorization server and identity provider, counted by outcome on the
 * gateway's Prometheus endpoint.
 */
class SignInMetricsTests {

	private static OAuthGateway gateway;

	private static TestScrape scrape;

	@BeforeAll
	static void start() {
		gateway = OAuthGateway.start("--management.server.port=0", "--management.server.address=127.0.0.1",
				"--management.endpoints.web.exposure.include=health,prometheus");
		AuthorizationFlowTests.gateway = gateway;
		AuthorizationFlowTests.base = gateway.baseUrl;
		scrape = TestScrape.of(gateway.context);
	}

	@AfterAll
	static void stop() {
		gateway.close();
	}

	@Test
	void signInsAndRefreshesAreCountedByHowTheyEnded() {
		assertThat(scrape.value("gateway_sign_ins_total", "outcome=ok")).isZero();
		TestBrowser browser = new TestBrowser();
		String clientId = AuthorizationFlowTests.JSON.readTree(AuthorizationFlowTests.register(browser, "none"))
			.path("client_id").asString();
		String code = TestBrowser.queryParam(AuthorizationFlowTests.signIn(browser, clientId, AuthorizationFlowTests.REDIRECT),
				"code");

		HttpResponse<String> tokens = AuthorizationFlowTests.redeem(browser, clientId, code, AuthorizationFlowTests.VERIFIER);
		HttpResponse<String> refreshed = AuthorizationFlowTests.refresh(browser, clientId,
				AuthorizationFlowTests.json(tokens).path("refresh_token").asString());
		HttpResponse<String> forged = AuthorizationFlowTests.refresh(browser, clientId, "not-a-refresh-token");
		// Last, since a code redeemed twice revokes the sign-in it produced.
		HttpResponse<String> replayed = AuthorizationFlowTests.redeem(browser, clientId, code, AuthorizationFlowTests.VERIFIER);
		HttpResponse<String> unknownSignIn = browser.get(gateway.baseUrl + "/oauth/callback?state=unknown&code=x");

		assertThat(tokens.statusCode()).isEqualTo(200);
		assertThat(replayed.statusCode()).isEqualTo(400);
		assertThat(unknownSignIn.statusCode()).isEqualTo(400);
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		assertThat(forged.statusCode()).isEqualTo(400);
		assertThat(scrape.value("gateway_sign_ins_total", "outcome=ok")).isEqualTo(1);
		assertThat(scrape.value("gateway_sign_ins_total", "outcome=refused")).isEqualTo(2);
		assertThat(scrape.value("gateway_sign_ins_total", "outcome=unavailable")).isZero();
		assertThat(scrape.value("gateway_refreshes_total", "outcome=ok")).isEqualTo(1);
		assertThat(scrape.value("gateway_refreshes_total", "outcome=refused")).isEqualTo(1);
		assertThat(scrape.text()).doesNotContain(clientId).doesNotContain("alice");
	}

}
