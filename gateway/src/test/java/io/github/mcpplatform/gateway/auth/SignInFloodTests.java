package io.github.mcpplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.mcpplatform.gateway.resourceserver.OAuthGateway;

/**
 * Starting sign-ins is bounded: per client address per minute, and per client within one sign-in lifetime,
 * each refusal a 429 page that says when to try again, before anything is stored.
 */
class SignInFloodTests {

	static final String REDIRECT = "http://127.0.0.1:33418/callback";

	static String register(OAuthGateway gateway) {
		return AuthorizationFlowTests.JSON.readTree(new TestBrowser().postJson(gateway.baseUrl + "/register",
				"{\"redirect_uris\":[\"" + REDIRECT + "\"],\"token_endpoint_auth_method\":\"none\"}").body())
			.path("client_id")
			.asString();
	}

	static HttpResponse<String> authorize(OAuthGateway gateway, String clientId) {
		return new TestBrowser().get(gateway.baseUrl + "/authorize?" + TestBrowser.form(Map.of("response_type", "code",
				"client_id", clientId, "redirect_uri", REDIRECT, "code_challenge",
				Secrets.s256(AuthorizationFlowTests.VERIFIER), "code_challenge_method", "S256", "state", "s")));
	}

	@Test
	void signInsBeyondTheAllowancePerAddressAndMinuteGet429WithRetryAfter() {
		try (OAuthGateway gateway = OAuthGateway.start("--gateway.auth.sign-in.per-address-per-minute=5")) {
			String clientId = register(gateway);
			List<HttpResponse<String>> responses = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				responses.add(authorize(gateway, clientId));
			}
			assertThat(responses.subList(0, 5)).extracting(HttpResponse::statusCode).containsOnly(200);
			assertThat(responses.subList(5, 8)).allSatisfy(refused -> {
				assertThat(refused.statusCode()).isEqualTo(429);
				assertThat(refused.headers().firstValue("Retry-After")).hasValue("60");
				assertThat(refused.headers().firstValue("Location")).isEmpty();
				assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();
				assertThat(refused.body()).contains("Too many sign-ins");
			});
		}
	}

	@Test
	void oneClientHoldsNoMoreSignInsThanItsAllowanceWhileOthersStillSignIn() {
		try (OAuthGateway gateway = OAuthGateway.start("--gateway.auth.sign-in.pending-per-client=3",
				"--gateway.auth.sign-in.lifetime=2m")) {
			String busy = register(gateway);
			String other = register(gateway);
			List<Integer> statuses = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				statuses.add(authorize(gateway, busy).statusCode());
			}
			assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
			HttpResponse<String> refused = authorize(gateway, busy);
			assertThat(refused.headers().firstValue("Retry-After")).hasValue("120");
			assertThat(authorize(gateway, other).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void aSignInLifetimeOutsideOneToThirtyMinutesStopsTheGatewayNamingTheSetting() {
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> OAuthGateway.start("--gateway.auth.sign-in.lifetime=2h").close())
			.rootCause()
			.hasMessageContaining("gateway.auth.sign-in.lifetime");
	}

}
