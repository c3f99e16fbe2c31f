package io.github.mcpplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.mcpplatform.gateway.auth.DocumentServer.Answer;
import io.github.mcpplatform.gateway.resourceserver.OAuthGateway;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import tools.jackson.databind.JsonNode;

/**
 * A client that identifies by the URL of its metadata document signs in without registering: the gateway
 * fetches the document over TLS (from a loopback network this test allows, with the test's CA trusted),
 * shows the consent page with the publishing host, and issues tokens to the URL as a public client.
 */
class ClientMetadataSignInTests {

	static DocumentServer documents;

	static OAuthGateway gateway;

	@BeforeAll
	static void start() {
		documents = new DocumentServer();
		gateway = OAuthGateway.start("--gateway.auth.client-metadata.allowed-networks=127.0.0.0/8",
				"--gateway.auth.client-metadata.trusted-certificates-file=" + documents.caFile());
		AuthorizationFlowTests.gateway = gateway;
		AuthorizationFlowTests.base = gateway.baseUrl;
	}

	@AfterAll
	static void stop() {
		gateway.close();
		documents.close();
	}

	@Test
	void theMetadataSaysClientIdUrlsAreAccepted() {
		TestBrowser browser = new TestBrowser();
		JsonNode metadata = AuthorizationFlowTests
			.json(browser.get(gateway.baseUrl + "/.well-known/oauth-authorization-server"));
		assertThat(metadata.path("client_id_metadata_document_supported").asBoolean()).isTrue();
	}

	@Test
	void aClientWithAMetadataDocumentSignsInGetsTokensAndRefreshesThem() {
		// Claude Code lists its loopback redirect without a port; any port matches on loopback.
		documents.answer("/claude.json",
				Answer.json(documents.document("/claude.json", "Document client", "http://127.0.0.1/callback")));
		String clientId = documents.url("/claude.json");
		TestBrowser browser = new TestBrowser();
		gateway.idp.enqueueCallback(new DefaultOAuth2TokenCallback("idp", "dana-sub", "JWT",
				List.of(OAuthGateway.UPSTREAM_AUDIENCE), Map.of("preferred_username", "dana"), 3600));
		HttpResponse<String> consent = browser.get(AuthorizationFlowTests.authorizeUrl(clientId,
				AuthorizationFlowTests.REDIRECT, Secrets.s256(AuthorizationFlowTests.VERIFIER)));
		assertThat(consent.statusCode()).as(consent.body()).isEqualTo(200);
		assertThat(consent.body()).contains("Document client")
			.contains("published on <strong>localhost</strong>")
			.contains("any program here can claim that name");
		HttpResponse<String> approved = browser.postForm(gateway.baseUrl + "/consent",
				Map.of("transaction", TestBrowser.hidden(consent.body(), "transaction"), "csrf_token",
						TestBrowser.hidden(consent.body(), "csrf_token"), "decision", "approve"));
		HttpResponse<String> idp = browser.get(TestBrowser.location(approved));
		String redirect = TestBrowser.location(browser.get(TestBrowser.location(idp)));
		assertThat(redirect).startsWith(AuthorizationFlowTests.REDIRECT + "?");

		HttpResponse<String> tokens = AuthorizationFlowTests.redeem(browser, clientId, TestBrowser.queryParam(redirect, "code"),
				AuthorizationFlowTests.VERIFIER);
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		JsonNode issued = AuthorizationFlowTests.json(tokens);
		assertThat(AuthorizationFlowTests.mcpStatus(issued.path("access_token").asString())).isEqualTo(200);
		HttpResponse<String> refreshed = AuthorizationFlowTests.refresh(browser, clientId,
				issued.path("refresh_token").asString());
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
	}

	@Test
	void aUrlClientPresentingASecretIsRefusedAtTheTokenEndpoint() {
		TestBrowser browser = new TestBrowser();
		HttpResponse<String> response = browser.postForm(gateway.baseUrl + "/token",
				Map.of("grant_type", "refresh_token", "client_id", documents.url("/claude.json"), "client_secret", "guess",
						"refresh_token", "anything"));
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(AuthorizationFlowTests.json(response).path("error").asString()).isEqualTo("invalid_client");
	}

	@Test
	void aRedirectUriTheDocumentDoesNotListIsShownAsAnErrorNeverRedirectedTo() {
		documents.answer("/narrow.json",
				Answer.json(documents.document("/narrow.json", "Narrow", "https://app.example.com/callback")));
		HttpResponse<String> page = new TestBrowser().get(AuthorizationFlowTests.authorizeUrl(documents.url("/narrow.json"),
				"https://evil.example.com/callback", Secrets.s256(AuthorizationFlowTests.VERIFIER)));
		assertThat(page.statusCode()).isEqualTo(400);
		assertThat(page.headers().firstValue("Location")).isEmpty();
		assertThat(page.body()).contains("not one this client registered");
	}

	@Test
	void aDocumentThatCannotBeFetchedIsExplainedOnThePage() {
		HttpResponse<String> page = new TestBrowser().get(AuthorizationFlowTests.authorizeUrl(documents.url("/missing.json"),
				AuthorizationFlowTests.REDIRECT, Secrets.s256(AuthorizationFlowTests.VERIFIER)));
		assertThat(page.statusCode()).isEqualTo(400);
		assertThat(page.body()).contains("cannot sign in: the client&#39;s metadata document answered HTTP 404");
	}

	@Test
	void aGatewayWithDocumentsSwitchedOffSaysSoAndDoesNotFetch() {
		try (OAuthGateway off = OAuthGateway.replica(gateway, "--gateway.auth.client-metadata.enabled=false")) {
			TestBrowser browser = new TestBrowser();
			JsonNode metadata = AuthorizationFlowTests.json(browser.get(off.localUrl + "/.well-known/oauth-authorization-server"));
			assertThat(metadata.path("client_id_metadata_document_supported").asBoolean()).isFalse();
			int before = documents.hits("/off.json");
			HttpResponse<String> page = browser.get(off.localUrl + "/authorize?" + TestBrowser.form(Map.of("response_type",
					"code", "client_id", documents.url("/off.json"), "redirect_uri", AuthorizationFlowTests.REDIRECT,
					"code_challenge", Secrets.s256(AuthorizationFlowTests.VERIFIER), "code_challenge_method", "S256")));
			assertThat(page.statusCode()).isEqualTo(400);
			assertThat(page.body()).contains("switched off");
			assertThat(documents.hits("/off.json")).isEqualTo(before);
		}
	}

}
