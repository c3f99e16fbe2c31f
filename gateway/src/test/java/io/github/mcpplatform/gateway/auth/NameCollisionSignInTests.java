package io.github.mcpplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.backend.TestMcpServer;
import io.github.mcpplatform.gateway.resourceserver.OAuthGateway;
import tools.jackson.databind.JsonNode;

/**
 * Two people at one identity provider whose names normalise alike ("Alice Example" and "alice.example"),
 * through the whole sign-in: they get different user ids, and neither can use, or land in, the other's
 * session, in either protocol era or on a backend's own route.
 */
class NameCollisionSignInTests {

	private static final String STATELESS_ENVELOPE = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
			+ "\"io.modelcontextprotocol/clientCapabilities\":{},"
			+ "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"claude-code\",\"version\":\"2.1\"}}";

	private static TestMcpServer db;

	private static OAuthGateway gateway;

	private static String alice;

	private static String mallory;

	@BeforeAll
	static void start(@TempDir Path configRepo) throws Exception {
		db = new TestMcpServer(List.of("get_status"));
		Files.writeString(configRepo.resolve("backends.yaml"), """
				backends:
				  - name: db
				    url: %s
				""".formatted(db.url()));
		gateway = OAuthGateway.start("--gateway.config-repo.uri=" + configRepo, "--gateway.backends.health-interval=500ms");
		AuthorizationFlowTests.gateway = gateway;
		AuthorizationFlowTests.base = gateway.baseUrl;
		gateway.bean(BackendRegistry.class).catalogChanges().filter(catalog -> catalog.tools().size() == 1)
			.blockFirst(Duration.ofSeconds(10));
		alice = accessToken("google-oauth2|111", Map.of("name", "Alice Example"));
		mallory = accessToken("github|999", Map.of("preferred_username", "alice.example"));
	}

	@AfterAll
	static void stop() {
		gateway.close();
		db.close();
	}

	@Test
	void namesThatNormaliseAlikeStillGiveTwoUserIds() {
		String aliceId = claims(alice).path("user_id").asString();
		String malloryId = claims(mallory).path("user_id").asString();

		assertThat(aliceId).matches("alice-example-[0-9a-f]{12}");
		assertThat(malloryId).matches("alice-example-[0-9a-f]{12}").isNotEqualTo(aliceId);
	}

	@Test
	void aSessionOfOnePersonIsUnknownToTheOther() {
		String session = initialize(alice, "/mcp");

		inSession(mallory, "/mcp", session).expectStatus().isNotFound();
		inSession(alice, "/mcp", session).expectStatus().isOk();
	}

	@Test
	void aBackendRouteSessionOfOnePersonIsUnknownToTheOther() {
		String session = initialize(alice, "/backends/db/mcp");

		inSession(mallory, "/backends/db/mcp", session).expectStatus().isNotFound();
		inSession(alice, "/backends/db/mcp", session).expectStatus().isOk();
	}

	@Test
	void statelessClientsOfTwoPeopleNeverShareABackendSession() {
		int before = db.sessionIdsSeen().size();

		statelessCall(alice);
		statelessCall(mallory);

		// Same client, same capabilities: only the person differs, and so must the session the gateway derives.
		assertThat(db.sessionIdsSeen()).hasSize(before + 2);
		assertThat(db.userIdsSeen()).contains(claims(alice).path("user_id").asString(),
				claims(mallory).path("user_id").asString());
	}

	private static String accessToken(String subject, Map<String, Object> claims) {
		TestBrowser browser = new TestBrowser();
		String clientId = AuthorizationFlowTests.JSON.readTree(AuthorizationFlowTests.register(browser, "none"))
			.path("client_id")
			.asString();
		gateway.idp.enqueueCallback(UpstreamRefreshTests.upstreamTokens(subject, claims));
		String redirect = UpstreamRefreshTests.throughTheBrowser(gateway, browser, clientId);
		return AuthorizationFlowTests.json(AuthorizationFlowTests.redeem(browser, clientId,
				TestBrowser.queryParam(redirect, "code"), AuthorizationFlowTests.VERIFIER)).path("access_token").asString();
	}

	private static JsonNode claims(String jwt) {
		return AuthorizationFlowTests.JSON.readTree(
				new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
	}

	private static String initialize(String token, String path) {
		return gateway.web().post().uri(path).header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
					+ "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}")
			.exchange().expectStatus().isOk().returnResult(String.class).getResponseHeaders().getFirst("Mcp-Session-Id");
	}

	private static WebTestClient.ResponseSpec inSession(String token, String path, String session) {
		return gateway.web().post().uri(path).header("Authorization", "Bearer " + token).header("Mcp-Session-Id", session)
			.header("MCP-Protocol-Version", "2025-11-25").contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{}}").exchange();
	}

	private static void statelessCall(String token) {
		gateway.web().post().uri("/mcp").header("Authorization", "Bearer " + token)
			.header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/call").header("Mcp-Name", "db_get_status")
			.contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"db_get_status\","
					+ "\"arguments\":{}," + STATELESS_ENVELOPE + "}}")
			.exchange().expectStatus().isOk().expectBody(String.class)
			.value(body -> assertThat(body).contains("\"text\":\"get_status\""));
	}

}
