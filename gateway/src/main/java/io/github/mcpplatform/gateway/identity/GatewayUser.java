package io.github.mcpplatform.gateway.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
 * @param id the RFC 1123 user id {@code <sanitized username>-<6 hex of the issuer's SHA-256>}: stable, unique
 *     per issuer, usable as a Kubernetes name; MCP sessions are bound to it
 * @param subject the {@code sub} the identity provider gave the user
 * @param email the user's e-mail address, when known
 * @param groups the user's groups, when the identity provider sends them
 */
public record GatewayUser(String id, String subject, @Nullable String email, List<String> groups) {

	/** The exchange attribute holding the authenticated caller. */
	public static final String ATTRIBUTE = GatewayUser.class.getName();

	/** Claims that name a user, most readable first. */
	private static final List<String> NAME_CLAIMS = List.of("preferred_username", "username", "name", "email", "sub");

	public GatewayUser {
		groups = List.copyOf(groups);
	}

	/** A user known only by a name (the local user, the gateway's service user). */
	public static GatewayUser named(String name, String issuer) {
		return new GatewayUser(userId(name, issuer), name, null, List.of());
	}

	/**
	 * The user an identity provider's claims describe: the id comes from {@code preferred_username},
	 * {@code username}, {@code name}, {@code email} or {@code sub}, the first one present.
	 */
	public static GatewayUser fromClaims(Map<String, ?> claims, String issuer) {
		String subject = text(claims.get("sub"));
		if (subject == null) {
			throw new IllegalArgumentException("the identity has no sub claim");
		}
		String name = NAME_CLAIMS.stream().map(claim -> text(claims.get(claim))).filter(v -> v != null).findFirst()
			.orElse(subject);
		return new GatewayUser(userId(name, issuer), subject, text(claims.get("email")), groups(claims));
	}

	/**
	 * The same user (id and subject stay) as a newer id_token describes them: its groups (none when it
	 * names none) and its e-mail address (the known one when it names none).
	 */
	public GatewayUser updatedBy(Map<String, ?> claims) {
		String newEmail = text(claims.get("email"));
		return new GatewayUser(this.id, this.subject, newEmail != null ? newEmail : this.email, groups(claims));
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

	/** {@code <sanitized name>-<6 hex of the issuer's SHA-256>}, at most 63 characters. */
	public static String userId(String name, String issuer) {
		String sanitized = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
		if (sanitized.length() > 56) {
			sanitized = sanitized.substring(0, 56).replaceAll("-+$", "");
		}
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(issuer.getBytes(StandardCharsets.UTF_8));
			return (sanitized.isEmpty() ? "user" : sanitized) + "-" + HexFormat.of().formatHex(hash).substring(0, 6);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java runtime has SHA-256", e);
		}
	}

	private static @Nullable String text(@Nullable Object value) {
		return value instanceof String s && !s.isBlank() ? s : null;
	}

}
