package io.github.mcpplatform.cnpg.security;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
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
import io.github.mcpplatform.cnpg.CnpgBackendApplication;

/** With cnpg.auth.mode=gateway, only JWTs the gateway signed for this backend get through. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "cnpg.kubernetes.mode=sandbox", "cnpg.auth.mode=gateway", "cnpg.auth.audience=cnpg",
				"cnpg.auth.issuer=https://mcp.example.com", "logging.structured.format.console=" })
class GatewayAuthTests {

	private static final String ISSUER = "https://mcp.example.com";

	private static final String INITIALIZE = """
			{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
			"capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""";

	/** The gateway's backend tokens are typed so (docs/configuration.md). */
	private static final String BACKEND_TOKEN_TYPE = "mcp-backend+jwt";

	private static final TestGatewayJwks JWKS = TestGatewayJwks.start();

	private static final ECKey GATEWAY_KEY = JWKS.key;

	private static final ECKey OTHER_KEY = TestGatewayJwks.generate("gateway-1");

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

	private WebTestClient web;

	@BeforeEach
	void client() {
		this.web = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
	}

	@Test
	void mcpWithoutATokenIsRefusedWithABearerChallenge() {
		initialize(null).expectStatus().isUnauthorized().expectHeader().valueMatches("WWW-Authenticate", "Bearer.*");
	}

	@Test
	void mcpWithATokenTheGatewayMintedForThisBackendIsServed() throws Exception {
		initialize(token(GATEWAY_KEY, "cnpg", ISSUER, Instant.now().plusSeconds(60))).expectStatus()
			.isOk()
			.expectHeader()
			.exists("Mcp-Session-Id");
	}

	@Test
	void mcpWithATokenForAnotherBackendIsRefused() throws Exception {
		initialize(token(GATEWAY_KEY, "billing", ISSUER, Instant.now().plusSeconds(60))).expectStatus().isUnauthorized();
	}

	@Test
	void mcpWithAnExpiredTokenIsRefused() throws Exception {
		initialize(token(GATEWAY_KEY, "cnpg", ISSUER, Instant.now().minusSeconds(300))).expectStatus().isUnauthorized();
	}

	@Test
	void mcpWithATokenFromAnotherIssuerOrKeyIsRefused() throws Exception {
		initialize(token(GATEWAY_KEY, "cnpg", "https://evil.example.com", Instant.now().plusSeconds(60))).expectStatus()
			.isUnauthorized();
		initialize(token(OTHER_KEY, "cnpg", ISSUER, Instant.now().plusSeconds(60))).expectStatus().isUnauthorized();
	}

	@Test
	void mcpWithAGatewayAccessTokenOrAnUntypedTokenIsRefused() throws Exception {
		// Signed with the same key and naming this backend, but the gateway's own access token type (RFC 9068).
		initialize(token(GATEWAY_KEY, "cnpg", ISSUER, Instant.now().plusSeconds(60), "at+jwt")).expectStatus()
			.isUnauthorized();
		initialize(token(GATEWAY_KEY, "cnpg", ISSUER, Instant.now().plusSeconds(60), null)).expectStatus().isUnauthorized();
	}

	@Test
	void healthProbesNeedNoToken() {
		this.web.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		this.web.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
	}

	@Test
	void startupInGatewayModeWithoutAJwksUriFailsSayingWhatIsMissing() {
		SpringApplicationBuilder app = new SpringApplicationBuilder(CnpgBackendApplication.class);

		assertThatThrownBy(() -> app.run("--cnpg.kubernetes.mode=sandbox", "--server.port=0", "--cnpg.auth.mode=gateway",
				"--logging.level.root=OFF"))
			.rootCause()
			.hasMessageContaining("cnpg.auth.mode=gateway needs cnpg.auth.jwks-uri");
	}

	private WebTestClient.ResponseSpec initialize(String token) {
		WebTestClient.RequestBodySpec request = this.web.post()
			.uri("/mcp")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM);
		if (token != null) {
			request = request.header("Authorization", "Bearer " + token);
		}
		return request.bodyValue(INITIALIZE).exchange();
	}

	private static String token(ECKey key, String audience, String issuer, Instant expiry) throws JOSEException {
		return token(key, audience, issuer, expiry, BACKEND_TOKEN_TYPE);
	}

	private static String token(ECKey key, String audience, String issuer, Instant expiry, String type)
			throws JOSEException {
		JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID());
		if (type != null) {
			header.type(new JOSEObjectType(type));
		}
		SignedJWT jwt = new SignedJWT(header.build(),
				new JWTClaimsSet.Builder().issuer(issuer)
					.audience(List.of(audience))
					.subject("alice")
					.claim("user_id", "alice-3f9a1c")
					.issueTime(Date.from(expiry.minusSeconds(300)))
					.expirationTime(Date.from(expiry))
					.build());
		jwt.sign(new ECDSASigner(key));
		return jwt.serialize();
	}

}
