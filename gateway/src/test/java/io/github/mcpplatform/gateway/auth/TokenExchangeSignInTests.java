package io.github.mcpplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.nimbusds.oauth2.sdk.OAuth2Error;

import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.backend.TestMcpServer;
import io.github.mcpplatform.gateway.resourceserver.OAuthGateway;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.mockwebserver.RecordedRequest;
import tools.jackson.databind.JsonNode;

/**
 * A backend declared {@code auth: {type: token-exchange}}, through the whole sign-in against mock-oauth2-server
 * (a real authorization server that implements RFC 8693): the backend sees a token the identity provider issued for
 * its audience, naming the person who signed in, made from that person's upstream token (refreshed first when it
 * was about to expire). A refused exchange fails that call alone.
 */
class TokenExchangeSignInTests {

	private static TestMcpServer hr;

	private static TestMcpServer wiki;

	private static OAuthGateway gateway;

	@BeforeAll
	static void start(@TempDir Path configRepo) throws Exception {
		hr = new TestMcpServer(List.of("search"));
		wiki = new TestMcpServer(List.of("page"));
		Files.writeString(configRepo.resolve("backends.yaml"), """
				backends:
				  - name: hr
				    url: %s
				    auth: {type: token-exchange, audience: hr-api, scope: hr.read}
				  - name: wiki
				    url: %s
				""".formatted(hr.url(), wiki.url()));
		gateway = OAuthGateway.start("--gateway.config-repo.uri=" + configRepo, "--gateway.backends.health-interval=500ms");
		AuthorizationFlowTests.gateway = gateway;
		AuthorizationFlowTests.base = gateway.baseUrl;
		gateway.bean(BackendRegistry.class).catalogChanges().filter(catalog -> catalog.tools().size() == 2)
			.blockFirst(Duration.ofSeconds(30));
	}

	@AfterAll
	static void stop() {
		gateway.close();
		hr.close();
		wiki.close();
	}

	@Test
	void theBackendSeesTheIdentityProvidersTokenForItsAudienceNamingThePerson() {
		// Upstream tokens that expire in 30 s: the call renews them before it exchanges.
		String session = signIn("erin-sub", 30);
		tokenRequests();

		assertThat(call(session, "hr_search")).contains("\"text\":\"search\"").doesNotContain("isError\":true");

		JsonNode seen = claims(hr.toolCallAuthorization().substring("Bearer ".length()));
		assertThat(seen.path("sub").asString()).isEqualTo("erin-sub");
		assertThat(seen.path("aud").toString()).contains("hr-api");
		assertThat(seen.path("iss").asString()).isEqualTo(gateway.idp.issuerUrl("idp").toString());
		List<Map<String, String>> requests = tokenRequests();
		assertThat(requests).extracting(form -> form.get("grant_type"))
			.containsExactly("refresh_token", "urn:ietf:params:oauth:grant-type:token-exchange");
		JsonNode subject = claims(requests.get(1).get("subject_token"));
		assertThat(subject.path("sub").asString()).isEqualTo("erin-sub");
		assertThat(subject.path("aud").toString()).as("the user's upstream token, not the gateway's")
			.contains(OAuthGateway.UPSTREAM_AUDIENCE);
		assertThat(requests.get(1)).containsEntry("audience", "hr-api").containsEntry("scope", "hr.read");
	}

	@Test
	void theExchangedTokenIsReusedForTheUsersNextCalls() {
		String session = signIn("gina-sub", 3600);
		tokenRequests();

		call(session, "hr_search");
		String first = hr.toolCallAuthorization();
		call(session, "hr_search");

		assertThat(hr.toolCallAuthorization()).isEqualTo(first);
		assertThat(tokenRequests()).as("one exchange for both calls").hasSize(1);
	}

	@Test
	void aRefusedExchangeFailsThatCallWithWhatTheIdentityProviderSaidAndNothingElse() {
		String session = signIn("fred-sub", 3600);
		gateway.idp.enqueueCallback(new RefusingTokenCallback("idp", OAuth2Error.INVALID_TARGET.setDescription("audience hr-api is unknown")));

		String refused = call(session, "hr_search");

		assertThat(refused).contains("isError\":true").contains("backend 'hr'")
			.contains("refused: HTTP 400 invalid_target (audience hr-api is unknown)")
			.doesNotContain("upstream-secret");
		assertThat(call(session, "wiki_page")).contains("\"text\":\"page\"").doesNotContain("isError\":true");
		assertThat(call(session, "hr_search")).as("the next call exchanges again").contains("\"text\":\"search\"")
			.doesNotContain("isError\":true");
	}

	/** Signs in as {@code subject}, whose upstream tokens live {@code upstreamSeconds}; a new MCP session. */
	private static String signIn(String subject, int upstreamSeconds) {
		TestBrowser browser = new TestBrowser();
		String clientId = AuthorizationFlowTests.JSON.readTree(AuthorizationFlowTests.register(browser, "none"))
			.path("client_id")
			.asString();
		gateway.idp.enqueueCallback(new DefaultOAuth2TokenCallback("idp", subject, "JWT",
				List.of(OAuthGateway.UPSTREAM_AUDIENCE), Map.of("preferred_username", subject), upstreamSeconds));
		String redirect = UpstreamRefreshTests.throughTheBrowser(gateway, browser, clientId);
		JsonNode tokens = AuthorizationFlowTests.json(AuthorizationFlowTests.redeem(browser, clientId,
				TestBrowser.queryParam(redirect, "code"), AuthorizationFlowTests.VERIFIER));
		String bearer = "Bearer " + tokens.path("access_token").asString();
		String session = web().post().uri("/mcp").header("Authorization", bearer).header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
					+ "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}")
			.exchange().expectStatus().isOk().returnResult(String.class).getResponseHeaders().getFirst("Mcp-Session-Id");
		return bearer + " " + session;
	}

	/** A tool call in the session {@link #signIn} opened; the answer's body. */
	private static String call(String session, String tool) {
		String[] parts = session.split(" ");
		return web().post().uri("/mcp").header("Authorization", parts[0] + " " + parts[1]).header("Mcp-Session-Id", parts[2])
			.header("MCP-Protocol-Version", "2025-11-25").header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
					+ "\",\"arguments\":{}}}")
			.exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
	}

	private static WebTestClient web() {
		return gateway.web().mutate().responseTimeout(Duration.ofSeconds(30)).build();
	}

	/** The token requests the identity provider received since the last look, as forms. */
	private static List<Map<String, String>> tokenRequests() {
		List<Map<String, String>> forms = new ArrayList<>();
		while (true) {
			RecordedRequest request;
			try {
				request = gateway.idp.takeRequest(200, TimeUnit.MILLISECONDS);
			}
			catch (RuntimeException drained) {
				return forms;
			}
			if (request.getPath() != null && request.getPath().endsWith("/token")) {
				Map<String, String> form = new LinkedHashMap<>();
				for (String pair : request.getBody().readUtf8().split("&")) {
					int eq = pair.indexOf('=');
					form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
							URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
				}
				forms.add(form);
			}
		}
	}

	private static JsonNode claims(String jwt) {
		return AuthorizationFlowTests.JSON
			.readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
	}

}
