package io.github.mcpplatform.gateway.resourceserver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import io.github.mcpplatform.gateway.auth.AccessTokenIssuer;
import io.github.mcpplatform.gateway.auth.AuthStore;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.identity.SigningKeys;

/**
 * Rotating the signing key without signing anyone out (docs/operations.md): the new key signs first while
 * the old one's public half stays in the key set, so tokens signed before the rotation keep working until
 * the old key is removed, after their lifetime.
 */
class SigningKeyRotationTests {

	static final GatewayUser ALICE = new GatewayUser("alice-0a1b2c", "https://idp.example", "auth0|alice", null, List.of());

	@TempDir
	Path dir;

	@Test
	void tokensOfTheOldKeyWorkWhileItIsInTheSetAndStopWhenItIsRemoved() throws Exception {
		ECKey old = new ECKeyGenerator(Curve.P_256).keyID("2026-10").generate();
		ECKey next = new ECKeyGenerator(Curve.P_256).keyID("2026-11").generate();
		Path before = Files.writeString(this.dir.resolve("before.json"), new JWKSet(old).toString(false));
		Path during = Files.writeString(this.dir.resolve("during.json"),
				new JWKSet(List.of(next, old.toPublicJWK())).toString(false));
		Path after = Files.writeString(this.dir.resolve("after.json"), new JWKSet(next).toString(false));

		// Replicas of the first gateway share its public URL, so they are the same issuer and resource.
		try (OAuthGateway first = OAuthGateway.start("--gateway.identity.signing-key-file=" + before)) {
			String signedBefore = token(first, SigningKeys.load(before));
			initialize(first, signedBefore).expectStatus().isOk();
			try (OAuthGateway rotating = OAuthGateway.replica(first, "--gateway.identity.signing-key-file=" + during)) {
				initialize(rotating, signedBefore).expectStatus().isOk();
				initialize(rotating, token(rotating, rotating.bean(SigningKeys.class))).expectStatus().isOk();
				rotating.web().get().uri("/jwks.json").exchange().expectBody()
					.jsonPath("$.keys[0].kid").isEqualTo("2026-11")
					.jsonPath("$.keys[1].kid").isEqualTo("2026-10");
			}
			try (OAuthGateway rotated = OAuthGateway.replica(first, "--gateway.identity.signing-key-file=" + after)) {
				initialize(rotated, signedBefore).expectStatus().isUnauthorized();
				initialize(rotated, token(rotated, rotated.bean(SigningKeys.class))).expectStatus().isOk();
			}
		}
	}

	/** A token of an active sign-in, for this gateway's /mcp, signed with the first key of {@code keys}. */
	private static String token(OAuthGateway gateway, SigningKeys keys) {
		gateway.bean(AuthStore.class).put("grant:grant-1", "{}", Duration.ofHours(1)).block();
		return new AccessTokenIssuer(keys, gateway.baseUrl, Duration.ofMinutes(5), Clock.systemUTC())
			.issue(ALICE, "client-1", gateway.baseUrl + "/mcp", "mcp", "grant-1");
	}

	private static WebTestClient.ResponseSpec initialize(OAuthGateway gateway, String token) {
		gateway.bean(AuthStore.class).put("grant:grant-1", "{}", Duration.ofHours(1)).block();
		return gateway.web()
			.post()
			.uri("/mcp")
			.header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.bodyValue("""
					{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
					"capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""")
			.exchange();
	}

}
