package io.github.mcpplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.backend.TestMcpServer;
import io.github.mcpplatform.gateway.resourceserver.OAuthGateway;
import tools.jackson.databind.JsonNode;

/**
 * A backend kept to the {@code dba} group, through the whole sign-in: the groups the identity provider puts in
 * its id_token decide what the user's gateway tokens show on {@code /mcp}, and a later id_token (at a refresh)
 * changes it.
 */
class GroupAccessSignInTests {

	private static TestMcpServer wiki;

	private static TestMcpServer db;

	private static OAuthGateway gateway;

	@BeforeAll
	static void start(@TempDir Path configRepo) throws Exception {
		wiki = new TestMcpServer(List.of("search"));
		db = new TestMcpServer(List.of("get_status"));
		Files.writeString(configRepo.resolve("backends.yaml"), """
				backends:
				  - name: wiki
				    url: %s
				  - name: db
				    url: %s
				    access:
				      groups: [dba]
				      users: [dave@corp.example]
				""".formatted(wiki.url(), db.url()));
		gateway = OAuthGateway.start("--gateway.config-repo.uri=" + configRepo, "--gateway.backends.health-interval=500ms");
		AuthorizationFlowTests.gateway = gateway;
		AuthorizationFlowTests.base = gateway.baseUrl;
		gateway.bean(BackendRegistry.class).catalogChanges().filter(catalog -> catalog.tools().size() == 2)
			.blockFirst(Duration.ofSeconds(10));
	}

	@AfterAll
	static void stop() {
		gateway.close();
		wiki.close();
		db.close();
	}

	@Test
	void theGroupsOfTheIdTokenDecideWhatTheUserSeesAndCalls() {
		JsonNode member = signIn("ann-sub", List.of("staff", "dba")).tokens();
		JsonNode outsider = signIn("bob-sub", List.of("staff")).tokens();

		assertThat(mcp(member, "tools/list", "{}")).contains("db_get_status").contains("wiki_search");
		assertThat(mcp(outsider, "tools/list", "{}")).doesNotContain("db_").contains("wiki_search");
		assertThat(mcp(outsider, "tools/call", "{\"name\":\"db_get_status\",\"arguments\":{}}"))
			.contains("Unknown tool: db_get_status");
		assertThat(mcp(member, "tools/call", "{\"name\":\"db_get_status\",\"arguments\":{}}")).contains("\"text\":\"get_status\"");
	}

	@Test
	void someoneTakenOutOfTheGroupLosesTheBackendWithTheirNextTokens() {
		SignedIn member = signIn("carol-sub", List.of("dba"));
		assertThat(mcp(member.tokens(), "tools/list", "{}")).contains("db_get_status");

		gateway.idp.enqueueCallback(UpstreamRefreshTests.upstreamTokens("carol-sub",
				Map.of("preferred_username", "carol", "groups", List.of("staff"))));
		HttpResponse<String> renewed = AuthorizationFlowTests.refresh(member.browser(), member.clientId(),
				member.tokens().path("refresh_token").asString());
		assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(200);

		assertThat(mcp(AuthorizationFlowTests.json(renewed), "tools/list", "{}")).doesNotContain("db_").contains("wiki_search");
	}

	@Test
	void anEmailAddressAdmitsOnlyWhenTheIdentityProviderVerifiedIt() {
		JsonNode claimed = signIn("eve-sub", Map.of("preferred_username", "eve", "email", "dave@corp.example")).tokens();
		JsonNode unverified = signIn("eve-sub", Map.of("preferred_username", "eve", "email", "dave@corp.example",
				"email_verified", false)).tokens();
		JsonNode verified = signIn("dave-sub", Map.of("preferred_username", "dave", "email", "dave@corp.example",
				"email_verified", true)).tokens();

		assertThat(mcp(claimed, "tools/list", "{}")).doesNotContain("db_");
		assertThat(mcp(unverified, "tools/list", "{}")).doesNotContain("db_");
		assertThat(mcp(verified, "tools/list", "{}")).contains("db_get_status");
	}

	private record SignedIn(TestBrowser browser, String clientId, JsonNode tokens) {
	}

	private static SignedIn signIn(String subject, List<String> groups) {
		return signIn(subject, Map.of("preferred_username", subject, "groups", groups));
	}

	private static SignedIn signIn(String subject, Map<String, Object> claims) {
		TestBrowser browser = new TestBrowser();
		String clientId = AuthorizationFlowTests.JSON.readTree(AuthorizationFlowTests.register(browser, "none"))
			.path("client_id")
			.asString();
		gateway.idp.enqueueCallback(UpstreamRefreshTests.upstreamTokens(subject, claims));
		String redirect = UpstreamRefreshTests.throughTheBrowser(gateway, browser, clientId);
		JsonNode tokens = AuthorizationFlowTests.json(AuthorizationFlowTests.redeem(browser, clientId,
				TestBrowser.queryParam(redirect, "code"), AuthorizationFlowTests.VERIFIER));
		return new SignedIn(browser, clientId, tokens);
	}

	/** One request in a new session on {@code /mcp}, with the tokens' access token; the answer's body. */
	private static String mcp(JsonNode tokens, String method, String params) {
		WebTestClient web = gateway.web();
		String bearer = "Bearer " + tokens.path("access_token").asString();
		String session = web.post().uri("/mcp").header("Authorization", bearer).header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
					+ "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}")
			.exchange().expectStatus().isOk().returnResult(String.class).getResponseHeaders().getFirst("Mcp-Session-Id");
		return web.post().uri("/mcp").header("Authorization", bearer).header("Mcp-Session-Id", session)
			.header("MCP-Protocol-Version", "2025-11-25").header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"" + method + "\",\"params\":" + params + "}")
			.exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
	}

}
