package io.github.mcpplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.github.mcpplatform.gateway.identity.SigningKeys;
import io.github.mcpplatform.gateway.resourceserver.OAuthGateway;
import io.github.mcpplatform.gateway.session.TestRedis;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Two replicas on one real Redis: a sign-in revoked through one is refused by the other within a second,
 * and the event streams its tokens opened end, on revocation or when the token expires.
 */
class RevocationAcrossReplicasTests {

	private static final String INITIALIZE = """
			{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
			"capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""";

	@TempDir
	static Path dir;

	static OAuthGateway a;

	static OAuthGateway b;

	@BeforeAll
	static void start() throws Exception {
		Path signingKey = Files.writeString(dir.resolve("jwk"),
				new ECKeyGenerator(Curve.P_256).keyID("shared").generate().toJSONString());
		byte[] aes = new byte[32];
		new SecureRandom().nextBytes(aes);
		Path encryptionKey = Files.writeString(dir.resolve("aes"), Base64.getEncoder().encodeToString(aes));
		String[] shared = { "--gateway.store=redis", "--spring.data.redis.host=127.0.0.1",
				"--spring.data.redis.port=" + TestRedis.get().port(), "--gateway.auth.token-encryption-key-file=" + encryptionKey,
				"--gateway.identity.signing-key-file=" + signingKey };
		a = OAuthGateway.start(shared);
		b = OAuthGateway.replica(a, shared);
		AuthorizationFlowTests.gateway = a;
		AuthorizationFlowTests.base = a.baseUrl;
	}

	@AfterAll
	static void stop() {
		b.close();
		a.close();
	}

	@Test
	void aSignInRevokedThroughOneReplicaIsRefusedByTheOtherWithinOneSecondAndItsOpenStreamEnds() throws Exception {
		TestBrowser browser = new TestBrowser();
		String clientId = AuthorizationFlowTests.JSON.readTree(AuthorizationFlowTests.register(browser, "none"))
			.path("client_id")
			.asString();
		JsonNode tokens = AuthorizationFlowTests.json(AuthorizationFlowTests.redeem(browser, clientId,
				TestBrowser.queryParam(AuthorizationFlowTests.signIn(browser, clientId, AuthorizationFlowTests.REDIRECT),
						"code"), AuthorizationFlowTests.VERIFIER));
		String accessToken = tokens.path("access_token").asString();
		String session = initialize(b, accessToken);
		Stream stream = listen(b, accessToken, session);
		// Replica B has just seen the sign-in active: the worst case for how long it goes on believing so.
		assertThat(initializeStatus(b, accessToken)).isEqualTo(200);

		assertThat(browser.postForm(a.localUrl + "/revoke",
				Map.of("client_id", clientId, "token", tokens.path("refresh_token").asString())).statusCode()).isEqualTo(200);
		long revoked = System.nanoTime();
		long deadline = revoked + TimeUnit.SECONDS.toNanos(5);
		while (initializeStatus(b, accessToken) != 401) {
			assertThat(System.nanoTime()).as("replica B refuses the revoked sign-in").isLessThan(deadline);
		}
		long refusedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - revoked);
		System.out.printf("revocation through replica A: refused by replica B after %d ms%n", refusedAfter);
		assertThat(refusedAfter).isLessThan(1000);
		long streamEndedAfter = TimeUnit.NANOSECONDS.toMillis(stream.ended().get(5, TimeUnit.SECONDS) - revoked);
		System.out.printf("revocation through replica A: the stream open on replica B ended after %d ms%n",
				streamEndedAfter);
		assertThat(streamEndedAfter).isLessThan(1000);
		assertThat(stream.status().get(1, TimeUnit.SECONDS)).as("the stream was open, authorized before the revocation")
			.isEqualTo(200);
	}

	@Test
	void aStatelessListenStreamOfASignInRevokedThroughTheOtherReplicaEndsWithinOneSecond() throws Exception {
		TestBrowser browser = new TestBrowser();
		String clientId = AuthorizationFlowTests.JSON.readTree(AuthorizationFlowTests.register(browser, "none"))
			.path("client_id")
			.asString();
		JsonNode tokens = AuthorizationFlowTests.json(AuthorizationFlowTests.redeem(browser, clientId,
				TestBrowser.queryParam(AuthorizationFlowTests.signIn(browser, clientId, AuthorizationFlowTests.REDIRECT),
						"code"), AuthorizationFlowTests.VERIFIER));
		Stream stream = statelessListen(b, tokens.path("access_token").asString());
		// The acknowledgement arrived: the stream is open, authorized before the revocation.
		assertThat(stream.status().get(5, TimeUnit.SECONDS)).isEqualTo(200);

		assertThat(browser.postForm(a.localUrl + "/revoke",
				Map.of("client_id", clientId, "token", tokens.path("refresh_token").asString())).statusCode()).isEqualTo(200);
		long revoked = System.nanoTime();

		long endedAfter = TimeUnit.NANOSECONDS.toMillis(stream.ended().get(5, TimeUnit.SECONDS) - revoked);
		System.out.printf("revocation through replica A: the stateless listen stream on replica B ended after %d ms%n",
				endedAfter);
		assertThat(endedAfter).isLessThan(1000);
	}

	@Test
	void aStreamOpenedWithAnAccessTokenEndsWhenTheTokenExpires() throws Exception {
		// Whole seconds, as a JWT's exp carries it: the stream ends at that second, up to a second before a finer one.
		Instant expires = Instant.now().plusSeconds(2).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
		String accessToken = accessTokenExpiringAt(expires);
		String session = initialize(b, accessToken);

		Stream stream = listen(b, accessToken, session);

		long ended = stream.ended().get(10, TimeUnit.SECONDS);
		assertThat(stream.status().get(1, TimeUnit.SECONDS)).isEqualTo(200);
		long endedAfterExpiry = TimeUnit.NANOSECONDS.toMillis(ended - System.nanoTime())
				+ Duration.between(expires, Instant.now()).toMillis();
		assertThat(endedAfterExpiry).as("ended at the token's exp, not before").isGreaterThan(-500).isLessThan(1000);
	}

	/** A listening stream: its status once the answer starts, and when (nanoTime) it ends. */
	private record Stream(java.util.concurrent.CompletableFuture<Integer> status,
			java.util.concurrent.CompletableFuture<Long> ended) {
	}

	private static Stream listen(OAuthGateway replica, String accessToken, String session) {
		java.util.concurrent.CompletableFuture<Integer> status = new java.util.concurrent.CompletableFuture<>();
		java.util.concurrent.CompletableFuture<Long> ended = WebClient.create(replica.localUrl)
			.get()
			.uri("/mcp")
			.header("Authorization", "Bearer " + accessToken)
			.header("Mcp-Session-Id", session)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchangeToMono(response -> {
				status.complete(response.statusCode().value());
				return response.bodyToFlux(String.class).then();
			})
			.then(Mono.fromCallable(System::nanoTime))
			.toFuture();
		return new Stream(status, ended);
	}

	/** The stateless era's {@code subscriptions/listen}: one long answer, opened by an acknowledgement. */
	private static Stream statelessListen(OAuthGateway replica, String accessToken) {
		java.util.concurrent.CompletableFuture<Integer> status = new java.util.concurrent.CompletableFuture<>();
		java.util.concurrent.CompletableFuture<Long> ended = WebClient.create(replica.localUrl)
			.post()
			.uri("/mcp")
			.header("Authorization", "Bearer " + accessToken)
			.header("MCP-Protocol-Version", "2026-07-28")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.bodyValue("""
					{"jsonrpc":"2.0","id":7,"method":"subscriptions/listen","params":{"notifications":{"toolsListChanged":true},
					"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}""")
			.exchangeToMono(response -> {
				status.complete(response.statusCode().value());
				return response.bodyToFlux(String.class).then();
			})
			.then(Mono.fromCallable(System::nanoTime))
			.toFuture();
		return new Stream(status, ended);
	}

	private static String initialize(OAuthGateway replica, String accessToken) {
		String session = replica.web()
			.post()
			.uri("/mcp")
			.header("Authorization", "Bearer " + accessToken)
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.bodyValue(INITIALIZE)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseHeaders()
			.getFirst("Mcp-Session-Id");
		assertThat(session).isNotBlank();
		return session;
	}

	private static int initializeStatus(OAuthGateway replica, String accessToken) {
		return WebClient.create(replica.localUrl)
			.post()
			.uri("/mcp")
			.header("Authorization", "Bearer " + accessToken)
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.bodyValue(INITIALIZE)
			.exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode()))
			.map(HttpStatusCode::value)
			.block(Duration.ofSeconds(5));
	}

	/** A gateway access token of no sign-in (as the OIDC-less tests mint them) that expires at {@code expires}. */
	private static String accessTokenExpiringAt(Instant expires) throws Exception {
		ECKey key = a.bean(SigningKeys.class).signer();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("at+jwt"))
			.keyID(key.getKeyID())
			.build(),
				new JWTClaimsSet.Builder().issuer(a.baseUrl)
					.audience(a.baseUrl + "/mcp")
					.subject("auth0|frank")
					.claim("user_id", "frank-0a1b2c")
					.claim("scope", "mcp")
					.issueTime(Date.from(expires.minusSeconds(60)))
					.expirationTime(Date.from(expires))
					.build());
		jwt.sign(new ECDSASigner(key));
		return jwt.serialize();
	}

}
