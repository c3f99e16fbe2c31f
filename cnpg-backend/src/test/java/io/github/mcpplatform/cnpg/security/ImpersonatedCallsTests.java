package io.github.mcpplatform.cnpg.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.github.mcpplatform.cnpg.kube.KubernetesConnection;
import io.github.mcpplatform.cnpg.kube.SandboxRequests;

/**
 * The whole way, through the real streamable HTTP transport: the gateway's token, validated by Spring Security,
 * reaches the tool handler in the request's Reactor context, and every Kubernetes request of the call carries the
 * person it names. The sandbox's API server (CRUD mode) cannot check headers, so its request log is read.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "cnpg.kubernetes.mode=sandbox", "cnpg.auth.mode=gateway", "cnpg.auth.audience=cnpg",
				"cnpg.kubernetes.impersonate=true", "cnpg.kubernetes.impersonate-group-prefix=oidc:",
				"logging.structured.format.console=" })
class ImpersonatedCallsTests {

	private static final String ISSUER = "https://mcp.example.com";

	private static final String INITIALIZE = """
			{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
			"capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""";

	private static final TestGatewayJwks JWKS = TestGatewayJwks.start();

	private static final ECKey GATEWAY_KEY = JWKS.key;

	@DynamicPropertySource
	static void jwks(DynamicPropertyRegistry registry) {
		registry.add("cnpg.auth.jwks-uri", JWKS::uri);
	}

	@AfterAll
	static void stopJwks() {
		JWKS.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	KubernetesConnection connection;

	private WebTestClient web;

	@BeforeEach
	void client() {
		this.web = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(20))
			.build();
	}

	@Test
	void aToolCallActsInKubernetesAsThePersonTheGatewaysTokenNames() throws Exception {
		String token = token(Map.of("email", "alice@example.com", "groups", List.of("db-team", "dev")));
		String session = initialize(token);
		SandboxRequests.drain(this.connection.sandbox());

		String answer = callTool(token, session, "list_postgres_clusters");

		assertThat(answer).contains("pg-sample").doesNotContain("\"isError\":true");
		List<RecordedRequest> requests = SandboxRequests.drain(this.connection.sandbox());
		assertThat(requests).isNotEmpty().allSatisfy(request -> {
			assertThat(request.getHeaders().headers("Impersonate-User")).containsExactly("alice@example.com");
			assertThat(request.getHeaders().headers("Impersonate-Group")).containsExactly("oidc:db-team", "oidc:dev");
		});
	}

	@Test
	void aTokenThatNamesNoUserGetsAToolErrorAndNothingReachesKubernetes() throws Exception {
		// The gateway leaves email out when the identity provider has not verified the address.
		String token = token(Map.of("groups", List.of("dev")));
		String session = initialize(token);
		SandboxRequests.drain(this.connection.sandbox());

		String answer = callTool(token, session, "list_postgres_clusters");

		assertThat(answer).contains("\"isError\":true").contains("has no 'email' claim");
		assertThat(SandboxRequests.drain(this.connection.sandbox())).isEmpty();
	}

	@Test
	void theServerTellsClientsThatRefusalsAreTheCallersOwn() throws Exception {
		this.web.post()
			.uri("/mcp")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.header("Authorization", "Bearer " + token(Map.of("email", "alice@example.com")))
			.bodyValue(INITIALIZE)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value(body -> assertThat(body).contains("Every Kubernetes call acts as the person using these tools"));
	}

	private String initialize(String token) {
		return this.web.post()
			.uri("/mcp")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.header("Authorization", "Bearer " + token)
			.bodyValue(INITIALIZE)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseHeaders()
			.getFirst("Mcp-Session-Id");
	}

	private String callTool(String token, String session, String tool) {
		this.web.post()
			.uri("/mcp")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.header("Authorization", "Bearer " + token)
			.header("Mcp-Session-Id", session)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
			.exchange()
			.expectStatus()
			.isAccepted();
		List<String> events = this.web.post()
			.uri("/mcp")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.header("Authorization", "Bearer " + token)
			.header("Mcp-Session-Id", session)
			.header("MCP-Protocol-Version", "2025-11-25")
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
					+ "\",\"arguments\":{}}}")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseBody()
			.collectList()
			.block(Duration.ofSeconds(20));
		return String.join("\n", events);
	}

	private static String token(Map<String, Object> claims) throws JOSEException {
		Instant now = Instant.now();
		JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(ISSUER)
			.audience(List.of("cnpg"))
			.subject("auth0|42")
			.claim("user_id", "alice-3f9a1c2b7d4e")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)));
		claims.forEach(builder::claim);
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(GATEWAY_KEY.getKeyID())
			.type(new JOSEObjectType("mcp-backend+jwt"))
			.build(), builder.build());
		jwt.sign(new ECDSASigner(GATEWAY_KEY));
		return jwt.serialize();
	}

}
