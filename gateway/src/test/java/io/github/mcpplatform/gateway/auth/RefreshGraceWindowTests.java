package io.github.mcpplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.mcpplatform.gateway.resourceserver.OAuthGateway;

/**
 * {@code gateway.auth.refresh-token-grace} bounds how long a rotated refresh token still gets its successor:
 * with none at all, any second use is reuse and ends the sign-in.
 */
class RefreshGraceWindowTests {

	static OAuthGateway gateway;

	@BeforeAll
	static void start() {
		gateway = OAuthGateway.start("--gateway.auth.refresh-token-grace=0s");
		AuthorizationFlowTests.gateway = gateway;
		AuthorizationFlowTests.base = gateway.baseUrl;
	}

	@AfterAll
	static void stop() {
		gateway.close();
	}

	@Test
	void aRotatedRefreshTokenPresentedAfterTheGraceWindowEndsTheSignIn() {
		TokenEndpointTests.SignedIn signedIn = TokenEndpointTests.signIn(gateway);
		String first = signedIn.tokens().path("refresh_token").asString();
		HttpResponse<String> rotated = AuthorizationFlowTests.refresh(signedIn.browser(), signedIn.clientId(), first);
		assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
		String successor = AuthorizationFlowTests.json(rotated).path("refresh_token").asString();

		HttpResponse<String> late = AuthorizationFlowTests.refresh(signedIn.browser(), signedIn.clientId(), first);

		assertThat(AuthorizationFlowTests.json(late).path("error").asString()).isEqualTo("invalid_grant");
		assertThat(AuthorizationFlowTests.json(AuthorizationFlowTests.refresh(signedIn.browser(), signedIn.clientId(),
				successor)).path("error").asString()).as("the family's current token is revoked too").isEqualTo("invalid_grant");
	}

}
