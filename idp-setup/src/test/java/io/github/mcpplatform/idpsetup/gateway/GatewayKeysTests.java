package io.github.mcpplatform.idpsetup.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The keys are what the gateway reads (its own classes load them in KeycloakSetupIT's sign-in): a JWK Set whose
 * first key is a private P-256 key that really signs for its public half, named by its RFC 7638 thumbprint,
 * and a 32-byte base64 AES key.
 */
class GatewayKeysTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void theSigningKeyIsAPrivateP256KeyThatVerifiesWithItsPublicHalf() throws Exception {
		JsonNode key = JSON.readTree(GatewayKeys.newSigningKeySet()).path("keys").get(0);

		assertThat(key.path("kty").asString()).isEqualTo("EC");
		assertThat(key.path("crv").asString()).isEqualTo("P-256");
		assertThat(key.path("alg").asString()).isEqualTo("ES256");
		ECParameterSpec p256 = p256();
		KeyFactory factory = KeyFactory.getInstance("EC");
		Signature signer = Signature.getInstance("SHA256withECDSA");
		signer.initSign(factory.generatePrivate(new ECPrivateKeySpec(number(key, "d"), p256)));
		signer.update("token".getBytes(StandardCharsets.UTF_8));
		byte[] signature = signer.sign();
		Signature verifier = Signature.getInstance("SHA256withECDSA");
		verifier.initVerify((ECPublicKey) factory.generatePublic(new ECPublicKeySpec(new ECPoint(number(key, "x"), number(key, "y")), p256)));
		verifier.update("token".getBytes(StandardCharsets.UTF_8));
		assertThat(verifier.verify(signature)).isTrue();
		String thumbprintInput = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + key.path("x").asString() + "\",\"y\":\""
				+ key.path("y").asString() + "\"}";
		assertThat(key.path("kid").asString()).isEqualTo(Base64.getUrlEncoder().withoutPadding()
			.encodeToString(MessageDigest.getInstance("SHA-256").digest(thumbprintInput.getBytes(StandardCharsets.UTF_8))));
		assertThat(GatewayKeys.signingKeyProblems(GatewayKeys.newSigningKeySet())).isEmpty();
	}

	@Test
	void aRotatedSetSignsWithANewKeyAndStillPublishesTheOldOneWithoutItsPrivatePart() {
		String previous = GatewayKeys.newSigningKeySet();
		JsonNode old = JSON.readTree(previous).path("keys").get(0);

		JsonNode keys = JSON.readTree(GatewayKeys.rotated(previous)).path("keys");

		assertThat(keys).hasSize(2);
		assertThat(keys.get(0).path("kid").asString()).isNotEqualTo(old.path("kid").asString());
		assertThat(keys.get(0).has("d")).isTrue();
		assertThat(keys.get(1).path("kid").asString()).isEqualTo(old.path("kid").asString());
		assertThat(keys.get(1).has("d")).isFalse();
	}

	@Test
	void theTokenEncryptionKeyIs32RandomBytesInBase64() {
		String key = GatewayKeys.newTokenEncryptionKey();

		assertThat(Base64.getDecoder().decode(key)).hasSize(32);
		assertThat(GatewayKeys.newTokenEncryptionKey()).isNotEqualTo(key);
		assertThat(GatewayKeys.tokenEncryptionKeyProblems(key)).isEmpty();
		assertThat(GatewayKeys.tokenEncryptionKeyProblems(Base64.getEncoder().encodeToString(new byte[16])))
			.containsExactly("it holds 16 bytes, not 32");
	}

	@Test
	void aKeySetWhoseFirstKeyCannotSignIsNamedAsSuch() {
		assertThat(GatewayKeys.signingKeyProblems("{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"a\",\"y\":\"b\",\"kid\":\"k\"}]}"))
			.containsExactly("its first key must be a private EC P-256 JWK with a kid");
		assertThat(GatewayKeys.signingKeyProblems("not json")).singleElement().asString().startsWith("it is not a JWK Set");
	}

	private static BigInteger number(JsonNode key, String field) {
		return new BigInteger(1, Base64.getUrlDecoder().decode(key.path(field).asString()));
	}

	private static ECParameterSpec p256() throws Exception {
		AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
		parameters.init(new ECGenParameterSpec("secp256r1"));
		return parameters.getParameterSpec(ECParameterSpec.class);
	}

}
