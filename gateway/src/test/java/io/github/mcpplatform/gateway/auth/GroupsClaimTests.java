package io.github.mcpplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.mcpplatform.gateway.resourceserver.OAuthGateway;
import tools.jackson.databind.JsonNode;

/**
 * An identity provider that lists a user's groups in another claim ({@code roles}, as Entra's app roles do):
 * with {@code gateway.auth.upstream.groups-claim=roles} those are the groups, at sign-in and at each refresh,
 * and a {@code groups} claim beside it counts for nothing.
 */
class GroupsClaimTests {

	private static OAuthGateway gateway;

	@BeforeAll
	static void start() {
		gateway = OAuthGateway.start("--gateway.auth.upstream.groups-claim=roles");
		AuthorizationFlowTests.gateway = gateway;
		AuthorizationFlowTests.base = gateway.baseUrl;
	}

	@AfterAll
	static void stop() {
		gateway.close();
	}

	@Test
	void theConfiguredClaimHoldsTheGroupsAtSignInAndAtEachRefresh() throws Exception {
		TestBrowser browser = new TestBrowser();
		String clientId = AuthorizationFlowTests.JSON.readTree(AuthorizationFlowTests.register(browser, "none"))
			.path("client_id")
			.asString();
		String redirect = UpstreamRefreshTests.signInWithShortUpstreamTokens(gateway, browser, clientId,
				Map.of("preferred_username", "carol", "roles", List.of("dba"), "groups", List.of("not-these")));
		JsonNode tokens = AuthorizationFlowTests.json(AuthorizationFlowTests.redeem(browser, clientId,
				TestBrowser.queryParam(redirect, "code"), AuthorizationFlowTests.VERIFIER));
		assertThat(UpstreamRefreshTests.groups(tokens)).containsExactly("dba");

		gateway.idp.enqueueCallback(UpstreamRefreshTests.upstreamTokens("carol-sub",
				Map.of("preferred_username", "carol", "roles", List.of("staff"))));
		HttpResponse<String> renewed = AuthorizationFlowTests.refresh(browser, clientId, tokens.path("refresh_token").asString());

		assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(200);
		assertThat(UpstreamRefreshTests.groups(AuthorizationFlowTests.json(renewed))).containsExactly("staff");
	}

}
