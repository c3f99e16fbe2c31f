package io.github.mcpplatform.idpsetup.gateway;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway's two keys, in the formats it reads: the signing key as a JWK Set of EC P-256 keys whose first
 * is private and signs ({@code gateway.identity.signing-key-file}), and the token-encryption key as 32 random
 * bytes in base64 ({@code gateway.auth.token-encryption-key-file}).
 */
public final class GatewayKeys {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private GatewayKeys() {
	}

	/** A base64 32-byte AES key, as {@code openssl rand -base64 32} makes. */
	public static String newTokenEncryptionKey() {
		byte[] key = new byte[32];
		RANDOM.nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

	/** A JWK Set holding one new private P-256 key, with its RFC 7638 thumbprint as {@code kid}. */
	public static String newSigningKeySet() {
		return rotated(null);
	}

	/**
	 * A JWK Set whose first key is new and signs; the previous set's first key (its other keys dropped) stays
	 * published, public part only, so tokens it signed still verify until they expire.
	 */
	public static String rotated(String previous) {
		ArrayNode keys = JSON.createArrayNode();
		keys.add(newPrivateKey());
		if (previous != null) {
			JsonNode old = firstKey(previous);
			ObjectNode publicOnly = JSON.createObjectNode();
			for (String field : List.of("kty", "crv", "x", "y", "kid", "use", "alg")) {
				if (old.has(field)) {
					publicOnly.set(field, old.get(field));
				}
			}
			keys.add(publicOnly);
		}
		ObjectNode set = JSON.createObjectNode();
		set.set("keys", keys);
		return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(set) + "\n";
	}

	/** The problems that would keep the gateway from using {@code jwks} as its signing key; empty when none. */
	public static List<String> signingKeyProblems(String jwks) {
		List<String> problems = new ArrayList<>();
		try {
			JsonNode first = firstKey(jwks);
			if (!"EC".equals(first.path("kty").asString("")) || !"P-256".equals(first.path("crv").asString(""))
					|| first.path("d").isMissingNode() || first.path("kid").asString("").isEmpty()) {
				problems.add("its first key must be a private EC P-256 JWK with a kid");
			}
		}
		catch (RuntimeException e) {
			problems.add("it is not a JWK Set: " + e.getMessage());
		}
		return problems;
	}

	/** The problems that would keep the gateway from using {@code key} as its token-encryption key. */
	public static List<String> tokenEncryptionKeyProblems(String key) {
		try {
			int length = Base64.getDecoder().decode(key.trim()).length;
			return length == 32 ? List.of() : List.of("it holds " + length + " bytes, not 32");
		}
		catch (IllegalArgumentException e) {
			return List.of("it is not base64");
		}
	}

	private static JsonNode firstKey(String jwks) {
		JsonNode parsed = JSON.readTree(jwks);
		JsonNode first = parsed.has("keys") ? parsed.path("keys").path(0) : parsed;
		if (!first.isObject()) {
			throw new IllegalArgumentException("no key in it");
		}
		return first;
	}

	private static ObjectNode newPrivateKey() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
			KeyPair pair = generator.generateKeyPair();
			ECPublicKey publicKey = (ECPublicKey) pair.getPublic();
			String x = coordinate(publicKey.getW().getAffineX());
			String y = coordinate(publicKey.getW().getAffineY());
			// RFC 7638: the thumbprint of the required members, in lexicographic order, without white space.
			String thumbprintInput = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + x + "\",\"y\":\"" + y + "\"}";
			String kid = BASE64URL.encodeToString(
					MessageDigest.getInstance("SHA-256").digest(thumbprintInput.getBytes(StandardCharsets.UTF_8)));
			ObjectNode jwk = JSON.createObjectNode();
			jwk.put("kty", "EC");
			jwk.put("crv", "P-256");
			jwk.put("x", x);
			jwk.put("y", y);
			jwk.put("d", coordinate(((ECPrivateKey) pair.getPrivate()).getS()));
			jwk.put("use", "sig");
			jwk.put("alg", "ES256");
			jwk.put("kid", kid);
			return jwk;
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("this JDK cannot make EC P-256 keys: " + e.getMessage(), e);
		}
	}

	/** A P-256 field element as RFC 7518 6.2.1.2 wants it: 32 bytes, big-endian, base64url. */
	private static String coordinate(BigInteger value) {
		byte[] bytes = value.toByteArray();
		byte[] fixed = new byte[32];
		int length = Math.min(bytes.length, 32);
		System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
		return BASE64URL.encodeToString(fixed);
	}

}
