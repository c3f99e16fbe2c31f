package io.github.mcpplatform.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.identity.SigningKeys;
import io.github.mcpplatform.gateway.resourceserver.GatewayAccessTokens;

/**
 * Mints the gateway's access tokens: ES256 JWTs ({@code typ} {@code at+jwt}, {@code kid} of the signing key)
 * bound to one resource ({@code aud}) and one client, short-lived.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9068">RFC 9068</a>
 */
public final class AccessTokenIssuer {

	private final SigningKeys keys;

	private final String issuer;

	private final Duration lifetime;

	private final Clock clock;

	public AccessTokenIssuer(SigningKeys keys, String issuer, Duration lifetime, Clock clock) {
		this.keys = keys;
		this.issuer = issuer;
		this.lifetime = lifetime;
		this.clock = clock;
	}

	public Duration lifetime() {
		return this.lifetime;
	}

	/**
	 * @param grantId the sign-in (refresh-token family) this token belongs to
	 */
	public String issue(GatewayUser user, String clientId, String resource, String scope, String grantId) {
		Instant now = this.clock.instant();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(this.issuer)
			.audience(List.of(resource))
			.subject(user.subject())
			.claim("user_id", user.id())
			.claim("client_id", clientId)
			.claim("scope", scope)
			.claim("grant_id", grantId)
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(now.plus(this.lifetime)))
			.jwtID(UUID.randomUUID().toString());
		if (user.email() != null) {
			claims.claim("email", user.email());
		}
		if (!user.groups().isEmpty()) {
			claims.claim("groups", user.groups());
		}
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(this.keys.signer().getKeyID())
			.type(new JOSEObjectType(GatewayAccessTokens.TYPE))
			.build(), claims.build());
		try {
			jwt.sign(new ECDSASigner(this.keys.signer()));
		}
		catch (JOSEException e) {
			throw new IllegalStateException("cannot sign an access token", e);
		}
		return jwt.serialize();
	}

}
