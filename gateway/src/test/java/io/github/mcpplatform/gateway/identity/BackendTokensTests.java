package io.github.mcpplatform.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

class BackendTokensTests {

	@TempDir
	Path dir;

	@Test
	void forBackendThenSignsAShortLivedTokenForThatBackendVerifiableWithTheJwks() throws Exception {
		SigningKeys keys = SigningKeys.load(null);
		Instant now = Instant.parse("2026-11-22T12:00:00Z");
		BackendTokens tokens = new BackendTokens(keys, "https://mcp.example.com", Clock.fixed(now, ZoneOffset.UTC));

		SignedJWT jwt = SignedJWT.parse(tokens.forBackend("Alice.Smith@example.com", "cnpg"));

		ECKey published = (ECKey) JWKSet.parse(keys.jwks()).getKeys().get(0);
		assertThat(published.isPrivate()).isFalse();
		assertThat(jwt.verify(new ECDSAVerifier(published))).isTrue();
		JWTClaimsSet claims = jwt.getJWTClaimsSet();
		assertThat(claims.getIssuer()).isEqualTo("https://mcp.example.com");
		assertThat(claims.getAudience()).containsExactly("cnpg");
		assertThat(claims.getSubject()).isEqualTo("Alice.Smith@example.com");
		assertThat(claims.getStringClaim("user_id")).matches("alice-smith-example-com-[0-9a-f]{12}");
		assertThat(claims.getExpirationTime().toInstant()).isEqualTo(now.plus(BackendTokens.LIFETIME));
	}

	@Test
	void forBackendThenReusesATokenUntilAMinuteBeforeItExpires() {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-22T12:00:00Z"));
		BackendTokens tokens = new BackendTokens(SigningKeys.load(null), "https://gw", clock);

		String first = tokens.forBackend("alice", "cnpg");
		clock.now = clock.now.plus(Duration.ofMinutes(3));
		String reused = tokens.forBackend("alice", "cnpg");
		clock.now = clock.now.plus(Duration.ofSeconds(61));
		String renewed = tokens.forBackend("alice", "cnpg");

		assertThat(reused).isEqualTo(first);
		assertThat(renewed).isNotEqualTo(first);
		assertThat(tokens.forBackend("alice", "billing")).isNotEqualTo(renewed);
	}

	@Test
	void forBackendWhenManyUsersCallThenTheReusedTokensStayBounded() {
		BackendTokens tokens = new BackendTokens(SigningKeys.load(null), "https://gw", Clock.systemUTC());
		String first = tokens.forBackend("user-0", "cnpg");
		for (int i = 1; i <= BackendTokens.MAX_CACHED; i++) {
			tokens.forBackend("user-" + i, "cnpg");
		}
		// The cache was cleared on the way: user-0 gets a freshly signed token, still valid.
		assertThat(tokens.forBackend("user-0", "cnpg")).isNotEqualTo(first);
		assertThat(tokens.forBackend("user-0", "cnpg")).isEqualTo(tokens.forBackend("user-0", "cnpg"));
	}

	@Test
	void loadWhenAKeyFileIsGivenThenSignsWithItSoEveryReplicaAgrees() throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_256).keyID("prod-2026-11").generate();
		Path file = Files.writeString(this.dir.resolve("key.json"), key.toJSONString());

		SigningKeys keys = SigningKeys.load(file);

		assertThat(JWKSet.parse(keys.jwks()).getKeyByKeyId("prod-2026-11")).isNotNull();
		SignedJWT jwt = SignedJWT.parse(new BackendTokens(keys, "https://gw", Clock.systemUTC()).forBackend("a", "b"));
		assertThat(jwt.verify(new ECDSAVerifier(key.toPublicJWK()))).isTrue();
	}

	@Test
	void loadWhenTheKeyFileIsNotAPrivateP256KeyThenSaysWhatIsExpected() throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k").generate();
		Path file = Files.writeString(this.dir.resolve("public.json"), key.toPublicJWK().toJSONString());

		assertThatThrownBy(() -> SigningKeys.load(file)).hasMessageContaining("must be a private key");
	}

	@Test
	void loadWhenAKeySetIsGivenThenTheFirstKeySignsAndEveryKeyIsPublished() throws Exception {
		ECKey next = new ECKeyGenerator(Curve.P_256).keyID("next").generate();
		ECKey previous = new ECKeyGenerator(Curve.P_256).keyID("previous").generate();
		Path file = Files.writeString(this.dir.resolve("keys.json"),
				new JWKSet(List.of(next, previous.toPublicJWK())).toString(false));

		SigningKeys keys = SigningKeys.load(file);

		assertThat(JWKSet.parse(keys.jwks()).getKeys()).extracting(JWK::getKeyID).containsExactly("next", "previous");
		assertThat(JWKSet.parse(keys.jwks()).getKeys()).noneMatch(JWK::isPrivate);
		SignedJWT jwt = SignedJWT.parse(new BackendTokens(keys, "https://gw", Clock.systemUTC()).forBackend("a", "b"));
		assertThat(jwt.getHeader().getKeyID()).isEqualTo("next");
		assertThat(jwt.verify(new ECDSAVerifier(next.toPublicJWK()))).isTrue();
	}

	@Test
	void loadWhenAKeySetRepeatsAKidThenSaysWhatIsExpected() throws Exception {
		ECKey one = new ECKeyGenerator(Curve.P_256).keyID("same").generate();
		ECKey two = new ECKeyGenerator(Curve.P_256).keyID("same").generate();
		Path file = Files.writeString(this.dir.resolve("keys.json"), new JWKSet(List.of(one, two)).toString(false));

		assertThatThrownBy(() -> SigningKeys.load(file)).hasMessageContaining("each with its own");
	}

	static final class MutableClock extends Clock {

		Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
