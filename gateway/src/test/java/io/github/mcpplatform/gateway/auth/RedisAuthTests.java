package io.github.mcpplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import io.github.mcpplatform.gateway.resourceserver.OAuthGateway;
import io.github.mcpplatform.gateway.session.TestRedis;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import tools.jackson.databind.JsonNode;

/**
 * With {@code gateway.store=redis} two replicas share one sign-in: it begins on one and finishes on the
 * other, and Redis never holds a token, code or secret in the clear.
 */
class RedisAuthTests {

	/** Any JWT (the upstream's tokens, the gateway's): base64url header, a dot, base64url claims. */
	static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}");

	@TempDir
	Path dir;

	@Test
	void aSignInBegunOnOneReplicaFinishesOnAnotherAndRedisHoldsNoPlaintextToken() throws Exception {
		Path signingKey = Files.writeString(this.dir.resolve("jwk"),
				new ECKeyGenerator(Curve.P_256).keyID("shared").generate().toJSONString());
		String[] shared = redisReplica(signingKey, aesKey("aes"));
		try (OAuthGateway a = OAuthGateway.start(shared); OAuthGateway b = OAuthGateway.replica(a, shared)) {
			TestBrowser browser = new TestBrowser();
			String redirect = "http://127.0.0.1:33418/callback";
			JsonNode client = AuthorizationFlowTests.JSON.readTree(browser.postJson(a.localUrl + "/register", """
					{"client_name":"Claude","redirect_uris":["%s"],"token_endpoint_auth_method":"client_secret_post"}"""
				.formatted(redirect)).body());
			String clientId = client.path("client_id").asString();
			String secret = client.path("client_secret").asString();

			a.idp.enqueueCallback(new DefaultOAuth2TokenCallback("idp", "bob-sub", "JWT",
					List.of(OAuthGateway.UPSTREAM_AUDIENCE), Map.of("preferred_username", "bob"), 3600));
			HttpResponse<String> page = browser.get(a.localUrl + "/authorize?" + TestBrowser.form(Map.of("response_type",
					"code", "client_id", clientId, "redirect_uri", redirect, "code_challenge",
					Secrets.s256(AuthorizationFlowTests.VERIFIER), "code_challenge_method", "S256")));
			String transaction = TestBrowser.hidden(page.body(), "transaction");
			String csrf = TestBrowser.hidden(page.body(), "csrf_token");
			// The consent is posted to replica B, the IdP sends the browser back to A's public URL, served by B.
			String upstream = TestBrowser.location(browser.postForm(b.localUrl + "/consent",
					Map.of("transaction", transaction, "csrf_token", csrf, "decision", "approve")));
			String callback = TestBrowser.location(browser.get(upstream)).replace(a.baseUrl, b.localUrl);
			String code = TestBrowser.queryParam(TestBrowser.location(browser.get(callback)), "code");
			JsonNode tokens = AuthorizationFlowTests.JSON.readTree(browser.postForm(a.localUrl + "/token",
					Map.of("grant_type", "authorization_code", "client_id", clientId, "client_secret", secret, "code", code,
							"code_verifier", AuthorizationFlowTests.VERIFIER, "redirect_uri", redirect)).body());
			String accessToken = tokens.path("access_token").asString();
			String refreshToken = tokens.path("refresh_token").asString();
			assertThat(accessToken).isNotBlank();
			HttpResponse<String> refreshed = browser.postForm(b.localUrl + "/token", Map.of("grant_type", "refresh_token",
					"client_id", clientId, "client_secret", secret, "refresh_token", refreshToken));
			assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
			String newRefreshToken = AuthorizationFlowTests.JSON.readTree(refreshed.body()).path("refresh_token").asString();

			List<String> entries = everythingInRedis(TestRedis.get().template());
			assertThat(entries).anyMatch(entry -> entry.startsWith("mcp:auth:grant:"));
			for (String secretValue : List.of(accessToken, refreshToken, newRefreshToken, code, secret, transaction, csrf)) {
				assertThat(entries).noneMatch(entry -> entry.contains(secretValue));
			}
			assertThat(entries).noneMatch(entry -> JWT.matcher(entry).find());
		}
	}

	@Test
	void aSignInSealedUnderAReplacedEncryptionKeyIsRefusedWithInvalidGrantSoTheClientSignsInAgain() throws Exception {
		Path signingKey = Files.writeString(this.dir.resolve("jwk"),
				new ECKeyGenerator(Curve.P_256).keyID("shared").generate().toJSONString());
		String[] before = redisReplica(signingKey, aesKey("before"));
		String[] after = redisReplica(signingKey, aesKey("after"));
		try (OAuthGateway old = OAuthGateway.start(before); OAuthGateway rotated = OAuthGateway.replica(old, after)) {
			AuthorizationFlowTests.gateway = old;
			AuthorizationFlowTests.base = old.baseUrl;
			TestBrowser browser = new TestBrowser();
			String clientId = AuthorizationFlowTests.JSON.readTree(AuthorizationFlowTests.register(browser, "none"))
				.path("client_id")
				.asString();
			String redirect = AuthorizationFlowTests.signIn(browser, clientId, AuthorizationFlowTests.REDIRECT);
			String refreshToken = AuthorizationFlowTests.json(AuthorizationFlowTests.redeem(browser, clientId,
					TestBrowser.queryParam(redirect, "code"), AuthorizationFlowTests.VERIFIER))
				.path("refresh_token")
				.asString();
			// A refresh opens the sealed upstream tokens (to see whether they need renewing) on the other replica.
			HttpResponse<String> refused = browser.postForm(rotated.localUrl + "/token",
					Map.of("grant_type", "refresh_token", "client_id", clientId, "refresh_token", refreshToken));

			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
			assertThat(AuthorizationFlowTests.json(refused).path("error").asString()).isEqualTo("invalid_grant");
		}
	}

	@Test
	void aSignInFloodFromOneAddressStoresNoMoreThanTheAllowanceEachForOnlyTheSignInLifetime() throws Exception {
		Path signingKey = Files.writeString(this.dir.resolve("jwk"),
				new ECKeyGenerator(Curve.P_256).keyID("shared").generate().toJSONString());
		List<String> arguments = new ArrayList<>(List.of(redisReplica(signingKey, aesKey("aes"))));
		arguments.addAll(List.of("--gateway.auth.sign-in.per-address-per-minute=5", "--gateway.auth.sign-in.lifetime=2m"));
		ReactiveStringRedisTemplate redis = TestRedis.get().template();
		// This test's allowance whole: the other sign-ins of this test JVM came from the same address.
		redis.delete(RedisAuthStore.PREFIX + "rate:authorize:127.0.0.1").block();
		try (OAuthGateway gateway = OAuthGateway.start(arguments.toArray(String[]::new))) {
			String clientId = SignInFloodTests.register(gateway);
			List<String> before = transactionKeys(redis);
			List<Integer> statuses = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				statuses.add(SignInFloodTests.authorize(gateway, clientId).statusCode());
			}
			assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 429, 429, 429);
			List<String> stored = transactionKeys(redis);
			stored.removeAll(before);
			assertThat(stored).hasSize(5).allSatisfy(key -> assertThat(redis.getExpire(key).block())
				.isPositive()
				.isLessThanOrEqualTo(java.time.Duration.ofMinutes(2)));
		}
		finally {
			redis.delete(RedisAuthStore.PREFIX + "rate:authorize:127.0.0.1").block();
		}
	}

	@Test
	void aRateCounterLeftWithoutExpiryGetsOneAtItsNextCountSoItCannotBlockAnAddressForever() throws Exception {
		Path signingKey = Files.writeString(this.dir.resolve("jwk"),
				new ECKeyGenerator(Curve.P_256).keyID("shared").generate().toJSONString());
		ReactiveStringRedisTemplate redis = TestRedis.get().template();
		String counter = RedisAuthStore.PREFIX + "rate:register:127.0.0.1";
		try (OAuthGateway gateway = OAuthGateway.start(redisReplica(signingKey, aesKey("aes")))) {
			// What a crash between INCR and EXPIRE used to leave behind.
			redis.opsForValue().set(counter, "100").block();
			assertThat(new TestBrowser().postJson(gateway.baseUrl + "/register",
					"{\"redirect_uris\":[\"http://127.0.0.1:1/cb\"],\"token_endpoint_auth_method\":\"none\"}").statusCode())
				.isEqualTo(429);
			assertThat(redis.getExpire(counter).block()).isPositive().isLessThanOrEqualTo(java.time.Duration.ofMinutes(1));
		}
		finally {
			redis.delete(counter).block();
		}
	}

	private static List<String> transactionKeys(ReactiveStringRedisTemplate redis) {
		return new ArrayList<>(redis.scan(ScanOptions.scanOptions().match(RedisAuthStore.PREFIX + "txn:*").count(1000).build())
			.collectList()
			.block());
	}

	private Path aesKey(String name) throws IOException {
		byte[] aes = new byte[32];
		new SecureRandom().nextBytes(aes);
		return Files.writeString(this.dir.resolve(name), Base64.getEncoder().encodeToString(aes));
	}

	private static String[] redisReplica(Path signingKey, Path encryptionKey) {
		return new String[] { "--gateway.store=redis", "--spring.data.redis.host=127.0.0.1",
				"--spring.data.redis.port=" + TestRedis.get().port(), "--gateway.auth.token-encryption-key-file=" + encryptionKey,
				"--gateway.identity.signing-key-file=" + signingKey };
	}

	/** Every key and value, as "key=value". */
	static List<String> everythingInRedis(ReactiveStringRedisTemplate redis) {
		List<String> entries = new ArrayList<>();
		for (String key : redis.scan(ScanOptions.scanOptions().match("*").count(1000).build()).collectList().block()) {
			String type = redis.type(key).block().code();
			String value = "string".equals(type) ? redis.opsForValue().get(key).block()
					: String.valueOf(redis.opsForHash().entries(key).collectList().block());
			entries.add(key + "=" + value);
		}
		return entries;
	}

}
