package io.github.mcpplatform.gateway.resourceserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import io.github.mcpplatform.gateway.auth.AccessTokenIssuer;
import io.github.mcpplatform.gateway.auth.AuthStore;
import io.github.mcpplatform.gateway.identity.BackendTokens;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.identity.SigningKeys;

/**
 * The resource server in front of {@code /mcp} and the OIDC test path, in the assembled gateway: every way a
 * token can be wrong is refused with a 401 challenge, and only the right tokens reach MCP.
 */
class ResourceServerTests {

	static OAuthGateway gateway;

	static String mcp;

	static final GatewayUser ALICE = new GatewayUser("alice-0a1b2c", "https://idp.example", "auth0|alice", "alice@example.com", List.of("dba"));

	static final GatewayUser BOB = new GatewayUser("bob-0a1b2c", "https://idp.example", "auth0|bob", null, List.of());

	@BeforeAll
	static void start() {
		gateway = OAuthGateway.start();
		mcp = gateway.baseUrl + "/mcp";
		// The sign-in the test tokens belong to: active.
		gateway.bean(AuthStore.class).put("grant:grant-1", "{}", Duration.ofHours(1)).block();
	}

	@AfterAll
	static void stop() {
		gateway.close();
	}

	static String tokenFor(GatewayUser user, String resource, String scope) {
		return gateway.bean(AccessTokenIssuer.class).issue(user, "client-1", resource, scope, "grant-1");
	}

	static WebTestClient.ResponseSpec initialize(String path, String authorization) {
		WebTestClient.RequestBodySpec request = gateway.web()
			.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM);
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return request.bodyValue("""
				{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
				"capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""").exchange();
	}

	static void assertInvalidToken(String path, String token) {
		initialize(path, "Bearer " + token).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.value("WWW-Authenticate", header -> assertThat(header).contains("error=\"invalid_token\"")
				.contains("resource_metadata=\"" + gateway.baseUrl + "/.well-known/oauth-protected-resource" + path + "\""));
	}

	static SignedJWT signedByGatewayKey(JWSHeader.Builder header, JWTClaimsSet.Builder claims) throws Exception {
		ECKey key = gateway.bean(SigningKeys.class).signer();
		SignedJWT jwt = new SignedJWT(header.keyID(key.getKeyID()).build(), claims.build());
		jwt.sign(new ECDSASigner(key));
		return jwt;
	}

	static JWTClaimsSet.Builder validClaims() {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(gateway.baseUrl)
			.audience(mcp)
			.subject("auth0|alice")
			.claim("user_id", "alice-0a1b2c")
			.claim("scope", "mcp")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)));
	}

	static JWSHeader.Builder accessTokenHeader() {
		return new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("at+jwt"));
	}

	@Test
	void withoutATokenThenUnauthorizedWithAnAbsoluteResourceMetadataUrlAndTheScope() {
		initialize("/mcp", null).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("WWW-Authenticate", "Bearer resource_metadata=\"" + gateway.baseUrl
					+ "/.well-known/oauth-protected-resource/mcp\", scope=\"mcp\"")
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("unauthorized");
	}

	@Test
	void protectedResourceMetadataAtThePathAndTheRootNamesTheResourceExactly() {
		for (String path : List.of("/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource")) {
			gateway.web()
				.get()
				.uri(path)
				.header("Origin", "http://localhost:6274")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("Access-Control-Allow-Origin", "*")
				.expectBody()
				.jsonPath("$.resource")
				.isEqualTo(mcp)
				.jsonPath("$.authorization_servers[0]")
				.isEqualTo(gateway.baseUrl)
				.jsonPath("$.scopes_supported[0]")
				.isEqualTo("mcp");
		}
	}

	@Test
	void theOidcTestPathHasItsOwnMetadataNamingTheUpstreamAsAuthorizationServer() {
		gateway.web()
			.get()
			.uri("/.well-known/oauth-protected-resource/oidc-test/mcp")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.resource")
			.isEqualTo(gateway.baseUrl + "/oidc-test/mcp")
			.jsonPath("$.authorization_servers[0]")
			.isEqualTo(gateway.idp.issuerUrl("idp").toString());
	}

	@Test
	void unknownProtectedResourceMetadataIsAJsonNotFound() {
		gateway.web()
			.get()
			.uri("/.well-known/oauth-protected-resource/elsewhere")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("not_found");
	}

	@Test
	void aGatewayTokenForTheResourceThenServesMcp() {
		initialize("/mcp", "Bearer " + tokenFor(ALICE, mcp, "mcp")).expectStatus().isOk().expectHeader().exists("Mcp-Session-Id");
	}

	@Test
	void aTokenOfARevokedSignInIsRefused() {
		String token = gateway.bean(AccessTokenIssuer.class).issue(ALICE, "client-1", mcp, "mcp", "revoked-grant");
		assertInvalidToken("/mcp", token);
	}

	@Test
	void aTokenInTheQueryStringIsIgnored() {
		initialize("/mcp?access_token=" + tokenFor(ALICE, mcp, "mcp"), null).expectStatus().isUnauthorized();
	}

	@Test
	void aTokenWithAlgNoneIsRefused() {
		assertInvalidToken("/mcp", new PlainJWT(new PlainHeader(), validClaims().build()).serialize());
	}

	@Test
	void anHmacTokenKeyedWithTheGatewaysPublicKeyIsRefused() throws Exception {
		// Algorithm confusion: a verifier that let the token pick the algorithm would use the public key as secret.
		byte[] publicKey = gateway.bean(SigningKeys.class).publicKey().toECPublicKey().getEncoded();
		byte[] secret = java.util.Arrays.copyOf(publicKey, Math.max(publicKey.length, 32));
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt"))
			.keyID(gateway.bean(SigningKeys.class).publicKey().getKeyID())
			.build(), validClaims().build());
		jwt.sign(new MACSigner(secret));
		assertInvalidToken("/mcp", jwt.serialize());
	}

	@Test
	void aTokenSignedByAnotherKeyIsRefusedWhateverItsKidJkuOrEmbeddedJwkSay() throws Exception {
		ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID("attacker").generate();
		for (JWSHeader.Builder header : List.of(accessTokenHeader().keyID("attacker"),
				accessTokenHeader().keyID("../../etc/passwd"), accessTokenHeader().keyID("' OR 1=1 --"),
				accessTokenHeader().keyID(gateway.bean(SigningKeys.class).publicKey().getKeyID()),
				accessTokenHeader().keyID("attacker").jwkURL(java.net.URI.create("https://evil.example/jwks.json")),
				accessTokenHeader().keyID("attacker").jwk(attacker.toPublicJWK()))) {
			SignedJWT jwt = new SignedJWT(header.build(), validClaims().build());
			jwt.sign(new ECDSASigner(attacker));
			assertInvalidToken("/mcp", jwt.serialize());
		}
	}

	@Test
	void aTokenFromAnotherIssuerIsRefusedEvenSignedWithTheGatewaysKey() throws Exception {
		assertInvalidToken("/mcp", signedByGatewayKey(accessTokenHeader(), validClaims().issuer("https://other.example"))
			.serialize());
	}

	@Test
	void aTokenForAnotherResourceIsRefused() {
		assertInvalidToken("/mcp", tokenFor(ALICE, "https://other.example/mcp", "mcp"));
	}

	@Test
	void anExpiredTokenIsRefused() throws Exception {
		Instant past = Instant.now().minusSeconds(3600);
		assertInvalidToken("/mcp", signedByGatewayKey(accessTokenHeader(),
				validClaims().issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(60)))).serialize());
	}

	@Test
	void aTokenFifteenSecondsPastItsExpiryIsRefused() throws Exception {
		Instant expired = Instant.now().minusSeconds(15);
		assertInvalidToken("/mcp", signedByGatewayKey(accessTokenHeader(), validClaims()
			.issueTime(Date.from(expired.minusSeconds(300))).expirationTime(Date.from(expired))).serialize());
	}

	@Test
	void aTokenNotYetValidIsRefused() throws Exception {
		assertInvalidToken("/mcp", signedByGatewayKey(accessTokenHeader(),
				validClaims().notBeforeTime(Date.from(Instant.now().plusSeconds(3600)))).serialize());
	}

	@Test
	void aBackendTokenOfTheGatewayIsNotAnAccessToken() throws Exception {
		// Same key and issuer, but typ JWT: only at+jwt tokens are access tokens.
		assertInvalidToken("/mcp", signedByGatewayKey(new JWSHeader.Builder(JWSAlgorithm.ES256), validClaims()).serialize());
		assertInvalidToken("/mcp", gateway.bean(BackendTokens.class).forBackend("alice", "cnpg"));
	}

	@Test
	void aTokenWithoutTheMcpScopeIsForbiddenWithAnInsufficientScopeChallenge() {
		initialize("/mcp", "Bearer " + tokenFor(ALICE, mcp, "")).expectStatus()
			.isForbidden()
			.expectHeader()
			.value("WWW-Authenticate", header -> assertThat(header).contains("error=\"insufficient_scope\"")
				.contains("scope=\"mcp\"")
				.contains("resource_metadata=\"" + gateway.baseUrl + "/.well-known/oauth-protected-resource/mcp\""));
	}

	@Test
	void anOversizedTokenIsRefusedUnparsed() {
		assertInvalidToken("/mcp", "a".repeat(5000));
	}

	@Test
	void anUpstreamTokenIsRefusedOnMcp() {
		assertInvalidToken("/mcp", upstreamToken(OAuthGateway.UPSTREAM_AUDIENCE));
	}

	@Test
	void aGatewayTokenIsRefusedOnTheOidcTestPath() {
		assertInvalidToken("/oidc-test/mcp", tokenFor(ALICE, mcp, "mcp"));
		assertInvalidToken("/oidc-test/mcp", tokenFor(ALICE, OAuthGateway.UPSTREAM_AUDIENCE, "mcp"));
	}

	@Test
	void anUpstreamTokenForTheConfiguredAudienceIsServedOnTheOidcTestPath() {
		initialize("/oidc-test/mcp", "Bearer " + upstreamToken(OAuthGateway.UPSTREAM_AUDIENCE)).expectStatus().isOk();
	}

	@Test
	void anUpstreamTokenForAnotherAudienceIsRefusedOnTheOidcTestPath() {
		assertInvalidToken("/oidc-test/mcp", upstreamToken("https://other-api.example.com"));
	}

	@Test
	void aSessionOfOneUserIsNotFoundWithAnotherUsersToken() {
		String session = initialize("/mcp", "Bearer " + tokenFor(ALICE, mcp, "mcp")).expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseHeaders()
			.getFirst("Mcp-Session-Id");
		for (String user : List.of("alice", "bob")) {
			gateway.web()
				.post()
				.uri("/mcp")
				.header("Authorization", "Bearer " + tokenFor(user.equals("alice") ? ALICE : BOB, mcp, "mcp"))
				.header("Mcp-Session-Id", session)
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
				.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}")
				.exchange()
				.expectStatus()
				.isEqualTo(user.equals("alice") ? 200 : 404);
		}
		gateway.web()
			.delete()
			.uri("/mcp")
			.header("Authorization", "Bearer " + tokenFor(BOB, mcp, "mcp"))
			.header("Mcp-Session-Id", session)
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void tokensWithMadeUpKidsOnTheOidcTestPathDoNotFloodTheIdentityProvidersJwks() throws Exception {
		initialize("/oidc-test/mcp", "Bearer " + upstreamToken(OAuthGateway.UPSTREAM_AUDIENCE)).expectStatus().isOk();
		idpRequests();
		for (int i = 0; i < 20; i++) {
			ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID("random-" + i).generate();
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("random-" + i).build(),
					validClaims().issuer(gateway.idp.issuerUrl("idp").toString()).audience(OAuthGateway.UPSTREAM_AUDIENCE).build());
			jwt.sign(new ECDSASigner(attacker));
			assertInvalidToken("/oidc-test/mcp", jwt.serialize());
		}
		assertThat(idpRequests()).filteredOn(path -> path.endsWith("/jwks")).hasSizeLessThanOrEqualTo(1);
	}

	/** The paths the identity provider was asked for since the last call. */
	static List<String> idpRequests() {
		List<String> paths = new java.util.ArrayList<>();
		while (true) {
			try {
				paths.add(gateway.idp.takeRequest(100, java.util.concurrent.TimeUnit.MILLISECONDS).getPath());
			}
			catch (RuntimeException drained) {
				return paths;
			}
		}
	}

	static String upstreamToken(String audience) {
		return gateway.idp.issueToken("idp", "alice-sub", audience, Map.of("preferred_username", "alice"), 300L).serialize();
	}

}
