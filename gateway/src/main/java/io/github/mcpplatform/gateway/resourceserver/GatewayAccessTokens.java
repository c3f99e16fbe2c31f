package io.github.mcpplatform.gateway.resourceserver;

import java.time.Duration;
import java.util.List;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.identity.SigningKeys;
import reactor.core.publisher.Flux;

/**
 * How the gateway reads the access tokens it issued: ES256 only (no {@code none}, no HMAC with a public key
 * as secret), a {@code kid} from its own published keys only ({@code jku}, {@code x5u} and embedded
 * {@code jwk} headers are never followed), {@code typ} {@code at+jwt} (so no other JWT of the gateway, such
 * as a backend token, passes), its own issuer, and a lifetime that has not ended ({@link #CLOCK_LEEWAY}).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9068">RFC 9068: JWT profile for access tokens</a>
 */
public final class GatewayAccessTokens {

	/** The JOSE {@code typ} of the gateway's access tokens. */
	public static final String TYPE = "at+jwt";

	/**
	 * How far past {@code exp} (or before {@code nbf}) a token is still accepted: clocks of replicas and
	 * identity providers drift by a second or two, not by Spring's default minute.
	 */
	public static final Duration CLOCK_LEEWAY = Duration.ofSeconds(5);

	private GatewayAccessTokens() {
	}

	public static ReactiveJwtDecoder decoder(SigningKeys keys, String issuer) {
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
			.withJwkSource(jwt -> Flux.fromIterable(keys.publicKeys().getKeys()))
			.jwsAlgorithm(SignatureAlgorithm.ES256)
			// typ is checked below, by a validator that knows at+jwt
			.validateType(false)
			.build();
		JwtTypeValidator type = new JwtTypeValidator(TYPE);
		type.setAllowEmpty(false);
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(CLOCK_LEEWAY),
				new JwtIssuerValidator(issuer), type));
		return decoder;
	}

	/**
	 * Who a gateway access token names: the user it was issued to at sign-in. Its {@code sub} is the one the
	 * upstream identity provider ({@code upstreamIssuer}) gave, so the same person signed in through
	 * {@code /oidc-test/mcp} is the same principal.
	 */
	public static GatewayUser user(Jwt jwt, String upstreamIssuer) {
		String id = jwt.getClaimAsString("user_id");
		if (id == null || jwt.getSubject() == null) {
			throw new IllegalArgumentException("no user_id or sub");
		}
		List<String> groups = jwt.hasClaim("groups") ? jwt.getClaimAsStringList("groups") : List.of();
		// grant_id: the sign-in, whose upstream tokens a token exchange for a backend uses.
		return new GatewayUser(id, upstreamIssuer, jwt.getSubject(), jwt.getClaimAsString("email"),
				groups == null ? List.of() : groups, jwt.getClaimAsString("grant_id"));
	}

}
