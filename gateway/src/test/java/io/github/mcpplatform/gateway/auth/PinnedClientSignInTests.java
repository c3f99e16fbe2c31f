package io.github.mcpplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * Signing in through the assembled gateway, with mock-oauth2-server as the identity provider, as a client
 * whose vendor's host (a real HTTPS server on loopback) answers a datacenter address with a bot challenge:
 * the operator's pinned copy of its document, from a file, stands in, and the consent page says so.
 */
class PinnedClientSignInTests {

	static DocumentServer vendor;

	static OAuthGateway gateway;

	static Path pinnedFile;

	@BeforeAll
	static void start() throws IOException {
		vendor = new DocumentServer();
		pinnedFile = Files.createTempFile("pinned-client", ".json");
		Files.writeString(pinnedFile, vendor.document("/cli-client", "Pinned CLI", "http://127.0.0.1/callback"));
		gateway = OAuthGateway.start("--gateway.auth.client-metadata.allowed-networks=127.0.0.0/8",
				"--gateway.auth.client-metadata.trusted-certificates-file=" + vendor.caFile(),
				"--gateway.auth.client-metadata.pinned-clients[0].client-id=" + vendor.url("/cli-client"),
				"--gateway.auth.client-metadata.pinned-clients[0].document-file=" + pinnedFile,
				"--gateway.auth.client-metadata.pinned-clients[0].copied-on=2026-11-30");
		AuthorizationFlowTests.gateway = gateway;
		AuthorizationFlowTests.base = gateway.baseUrl;
	}

	@AfterAll
	static void stop() throws IOException {
		gateway.close();
		vendor.close();
		Files.deleteIfExists(pinnedFile);
	}

	static HttpResponse<String> authorize(TestBrowser browser, String clientId) {
		return browser.get(AuthorizationFlowTests.authorizeUrl(clientId, AuthorizationFlowTests.REDIRECT,
				Secrets.s256(AuthorizationFlowTests.VERIFIER)));
	}

	@Test
	void aClientWhoseHostAnswers403SignsInWithThePinnedCopyAndTheConsentPageSaysSo() {
		vendor.answer("/cli-client", new Answer(403, Map.of("Content-Type", "text/html"), "<html>Just a moment...</html>",
				Duration.ZERO));
		String clientId = vendor.url("/cli-client");
		TestBrowser browser = new TestBrowser();
		gateway.idp.enqueueCallback(new DefaultOAuth2TokenCallback("idp", "erin-sub", "JWT",
				List.of(OAuthGateway.UPSTREAM_AUDIENCE), Map.of("preferred_username", "erin"), 3600));
		HttpResponse<String> consent = authorize(browser, clientId);
		assertThat(consent.statusCode()).as(consent.body()).isEqualTo(200);
		assertThat(consent.body()).contains("<strong>Pinned CLI</strong>")
			.contains("This client&#39;s registration was read from the gateway&#39;s pinned copy of 2026-11-30 because "
					+ clientId + " could not be fetched: it answered HTTP 403.");

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
	}

	@Test
	void theLiveDocumentIsUsedWhenTheHostAnswersAndThePageMentionsNoCopy() {
		vendor.answer("/cli-client", Answer.json(vendor.document("/cli-client", "Live CLI", "http://127.0.0.1/callback"))
			.withHeader("Cache-Control", "no-store"));
		HttpResponse<String> consent = authorize(new TestBrowser(), vendor.url("/cli-client"));
		assertThat(consent.statusCode()).as(consent.body()).isEqualTo(200);
		assertThat(consent.body()).contains("<strong>Live CLI</strong>").doesNotContain("pinned copy");
	}

	@Test
	void aClientWithoutACopyWhoseHostCannotBeFetchedGetsAPageSayingWhatToConfigure() {
		vendor.answer("/unknown-client", new Answer(403, Map.of(), "", Duration.ZERO));
		HttpResponse<String> page = authorize(new TestBrowser(), vendor.url("/unknown-client"));
		assertThat(page.statusCode()).isEqualTo(400);
		assertThat(page.headers().firstValue("Location")).isEmpty();
		assertThat(page.body()).contains("cannot sign in: the client&#39;s metadata document answered HTTP 403")
			.contains("the gateway&#39;s operator can allow it to reach localhost over HTTPS, or pin this client&#39;s "
					+ "document in gateway.auth.client-metadata.pinned-clients");
	}

}
