package io.github.mcpplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.mcpplatform.gateway.resourceserver.OAuthGateway;

/** A registration flood from one address is cut off after the per-minute allowance. */
class RegistrationFloodTests {

	@Test
	void registrationsBeyondTheAllowancePerMinuteAreRefusedWith429() {
		try (OAuthGateway gateway = OAuthGateway.start()) {
			TestBrowser browser = new TestBrowser();
			List<Integer> statuses = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				statuses.add(browser.postJson(gateway.baseUrl + "/register",
						"{\"redirect_uris\":[\"http://127.0.0.1:1/cb\"],\"token_endpoint_auth_method\":\"none\"}").statusCode());
			}
			assertThat(statuses.subList(0, 30)).containsOnly(201);
			assertThat(statuses.subList(30, 40)).containsOnly(429);
		}
	}

}
