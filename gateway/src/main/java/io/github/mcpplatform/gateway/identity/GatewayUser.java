package io.github.mcpplatform.gateway.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who is calling: set on the exchange by the resource server (or, with {@code gateway.auth.mode=none}, the
 * fixed local user) before any MCP handler runs.
 *
 * <p>
 * A person is their identity provider's {@code issuer} and {@code sub} together: OIDC Core §5.7 makes only that
 * pair stable and unique, while names and e-mail addresses can change, be chosen by the person, or normalise
 * alike for two people. So sessions, access decisions and store keys are bound to {@link #principal()}, and the
 * readable {@link #id()} carries a hash of the pair too.
 *
 * @param id the RFC 1123 user id backends see as {@code user_id}: {@code <readable name>-<12 hex of
 *     SHA-256(issuer, sub)>}, unique per person, usable as a Kubernetes name; for display and for backends,
 *     never for binding
 * @param issuer the identity provider that vouched for the user (the gateway's own URL for the local user)
 * @param subject the {@code sub} the identity provider gave the user
 * @param email the user's e-mail address, only when the identity provider verified it
 * @param groups the user's groups, when the identity provider sends them
 * @param signIn the gateway sign-in (the {@code grant_id} of the access token) this request comes through, whose
 *     upstream tokens a token exchange uses ({@link SignedInTokens}); null for the local user, the gateway's service
 *     user and tokens of other issuers. It says how the person came, not who they are: {@link #principal()} and
 *     {@link #id()} do not depend on it
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#ClaimStability">OIDC Core §5.7: claim
 *     stability and uniqueness</a>
 */
public record GatewayUser(String id, String issuer, String subject, @Nullable String email, List<String> groups,
		@Nullable String signIn) {

	/** The exchange attribute holding the authenticated caller. */
	public static final String ATTRIBUTE = GatewayUser.class.getName();

	/** Claims that name a user, most readable first: they make {@link #id()} readable, never unique. */
	private static final List<String> NAME_CLAIMS = List.of("preferred_username", "username", "name", "email", "sub");

	/** Room for the readable part: with the dash and the hash the id stays well inside a 63-character label. */
	private static final int READABLE_LENGTH = 40;

	/** Hex digits of the (issuer, sub) hash in {@link #id()}: 48 bits, so no two people share an id. */
	private static final int ID_HASH_HEX = 12;

	public GatewayUser {
		groups = List.copyOf(groups);
	}

	/** A user known outside any gateway sign-in. */
	public GatewayUser(String id, String issuer, String subject, @Nullable String email, List<String> groups) {
		this(id, issuer, subject, email, groups, null);
	}

	/** The same user, coming through the gateway sign-in {@code grantId}. */
	public GatewayUser inSignIn(String grantId) {
		return new GatewayUser(this.id, this.issuer, this.subject, this.email, this.groups, grantId);
	}

	/** A user known only by a name that is also its subject (the local user, the gateway's service user). */
	public static GatewayUser named(String name, String issuer) {
		return new GatewayUser(userId(name, issuer, name), issuer, name, null, List.of());
	}

	/**
	 * The user an identity provider's claims describe. The readable part of the id comes from
	 * {@code preferred_username}, {@code username}, {@code name}, {@code email} or {@code sub}, the first one
	 * present; the e-mail address counts only when {@code email_verified} is true.
	 */
	public static GatewayUser fromClaims(Map<String, ?> claims, String issuer) {
		String subject = text(claims.get("sub"));
		if (subject == null) {
			throw new IllegalArgumentException("the identity has no sub claim");
		}
		String name = NAME_CLAIMS.stream().map(claim -> text(claims.get(claim))).filter(v -> v != null).findFirst()
			.orElse(subject);
		return new GatewayUser(userId(name, issuer, subject), issuer, subject, verifiedEmail(claims), groups(claims));
	}

	/**
	 * The same person (id, issuer and subject stay) as a newer id_token describes them: its groups (none when it
	 * names none) and its verified e-mail address (the known one when it names no address at all; none when it
	 * names one it has not verified).
	 */
	public GatewayUser updatedBy(Map<String, ?> claims) {
		String newEmail = claims.containsKey("email") ? verifiedEmail(claims) : this.email;
		return new GatewayUser(this.id, this.issuer, this.subject, newEmail, groups(claims), this.signIn);
	}

	/**
	 * What sessions, access decisions and store keys are bound to: SHA-256 of the issuer and the subject,
	 * base64url. Two people never share it, whatever their names; one person keeps it when their name changes.
	 */
	public String principal() {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(personHash(this.issuer, this.subject));
	}

	/**
	 * The address only when the identity provider says it verified it: with self-signup (Auth0's default
	 * database connection) anyone can claim any address, and OIDC Core §5.7 warns against relying on it.
	 */
	private static @Nullable String verifiedEmail(Map<String, ?> claims) {
		Object verified = claims.get("email_verified");
		// Some providers (Amazon Cognito) send the boolean as a string.
		boolean isVerified = Boolean.TRUE.equals(verified) || "true".equals(verified);
		return isVerified ? text(claims.get("email")) : null;
	}

	private static List<String> groups(Map<String, ?> claims) {
		return claims.get("groups") instanceof Collection<?> values ? values.stream().map(String::valueOf).toList()
				: List.of();
	}

	/** The caller the resource server put on this exchange. */
	public static GatewayUser of(ServerWebExchange exchange) {
		GatewayUser user = exchange.getAttribute(ATTRIBUTE);
		if (user == null) {
			// A route reached without its authentication filter is a wiring bug: never serve it anonymously.
			throw new IllegalStateException("no authenticated user on " + exchange.getRequest().getPath());
		}
		return user;
	}

	/**
	 * {@code <sanitized name, at most 40>-<12 hex of SHA-256(issuer, subject)>}: an RFC 1123 label whose
	 * uniqueness comes from the subject, never from the name.
	 */
	public static String userId(String name, String issuer, String subject) {
		String sanitized = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
		if (sanitized.length() > READABLE_LENGTH) {
			sanitized = sanitized.substring(0, READABLE_LENGTH).replaceAll("-+$", "");
		}
		String hash = HexFormat.of().formatHex(personHash(issuer, subject)).substring(0, ID_HASH_HEX);
		return (sanitized.isEmpty() ? "user" : sanitized) + "-" + hash;
	}

	private static byte[] personHash(String issuer, String subject) {
		try {
			// An issuer is a URL and holds no line break, so the pair is read back unambiguously.
			return MessageDigest.getInstance("SHA-256").digest((issuer + "\n" + subject).getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java runtime has SHA-256", e);
		}
	}

	private static @Nullable String text(@Nullable Object value) {
		return value instanceof String s && !s.isBlank() ? s : null;
	}

}
