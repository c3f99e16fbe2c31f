package io.github.mcpplatform.gateway.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Mints the short-lived JWT that goes with every request to a backend, in place of the client's own token
 * (which never leaves the gateway: the MCP spec forbids token passthrough).
 *
 * <p>
 * Claims: {@code iss} the gateway's public URL, {@code aud} the backend's name, {@code sub} the user,
 * {@code user_id} an RFC 1123 label unique per person (see {@link GatewayUser#id()}), usable as a Kubernetes name,
 * {@code iat}, {@code exp} and {@code jti}; header {@code typ} {@link #TYPE}. A token is reused until a minute before
 * it expires, so signing costs nothing on the hot path.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/security_best_practices#token-passthrough">MCP:
 *     no token passthrough</a>
 */
public final class BackendTokens {

	/**
	 * The JOSE {@code typ} of backend tokens. They share the signing key with the gateway's access tokens
	 * ({@code at+jwt}); backends require this type so that no other JWT of the gateway passes as one of theirs
	 * (RFC 8725 3.11: explicit typing).
	 */
	public static final String TYPE = "mcp-backend+jwt";

	static final Duration LIFETIME = Duration.ofMinutes(5);

	private static final Duration RENEW_BEFORE = Duration.ofMinutes(1);

	static final int MAX_CACHED = 10_000;

	private final SigningKeys keys;

	private final String issuer;

	private final Clock clock;

	private final Map<String, Minted> cache = new ConcurrentHashMap<>();

	private record Minted(String token, Instant expires) {
	}

	public BackendTokens(SigningKeys keys, String issuer, Clock clock) {
		this.keys = keys;
		this.issuer = issuer;
		this.clock = clock;
	}

	/** A token for the user called {@code user} (the local or service user) to call {@code backend}. */
	public String forBackend(String user, String backend) {
		return forBackend(GatewayUser.named(user, this.issuer), backend);
	}

	/** A token for {@code user} to call {@code backend}. */
	public String forBackend(GatewayUser user, String backend) {
		Instant now = this.clock.instant();
		if (this.cache.size() >= MAX_CACHED) {
			// Bounded: many users times many backends must not grow the heap; a cleared token is re-signed.
			this.cache.clear();
		}
		return this.cache.compute(user.principal() + "\n" + user.id() + "\n" + backend, (key, minted) -> minted != null
				&& minted.expires().minus(RENEW_BEFORE).isAfter(now) ? minted : mint(user, backend, now)).token();
	}

	private Minted mint(GatewayUser user, String backend, Instant now) {
		Instant expires = now.plus(LIFETIME);
		JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(this.issuer)
			.audience(List.of(backend))
			.subject(user.subject())
			.claim("user_id", user.id());
		if (user.email() != null) {
			builder.claim("email", user.email());
		}
		if (!user.groups().isEmpty()) {
			builder.claim("groups", user.groups());
		}
		JWTClaimsSet claims = builder.issueTime(Date.from(now))
			.expirationTime(Date.from(expires))
			.jwtID(UUID.randomUUID().toString())
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(this.keys.signingKey().getKeyID())
			.type(new JOSEObjectType(TYPE))
			.build(), claims);
		try {
			jwt.sign(new ECDSASigner(this.keys.signingKey()));
		}
		catch (JOSEException e) {
			throw new IllegalStateException("cannot sign a backend token", e);
		}
		return new Minted(jwt.serialize(), expires);
	}

}
