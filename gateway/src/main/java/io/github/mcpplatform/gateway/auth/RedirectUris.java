package io.github.mcpplatform.gateway.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Which redirect URIs a client may register, and whether a requested one matches a registered one: exactly,
 * except that a loopback URI ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}) matches on any port,
 * because native clients listen on whatever port is free (RFC 8252 section 7.3).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9700#section-2.1">RFC 9700 section 2.1: exact matching</a>
 */
final class RedirectUris {

	static final int MAX_LENGTH = 2000;

	private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

	/** Schemes that run or read things rather than reach a client. */
	private static final Set<String> FORBIDDEN_SCHEMES = Set.of("javascript", "data", "file", "vbscript", "about", "blob",
			"ftp", "ws", "wss");

	private RedirectUris() {
	}

	/** Why {@code uri} cannot be registered, or null when it can. */
	static @Nullable String problem(String uri) {
		if (uri.length() > MAX_LENGTH) {
			return "a redirect URI is longer than " + MAX_LENGTH + " characters";
		}
		URI parsed;
		try {
			parsed = new URI(uri);
		}
		catch (URISyntaxException e) {
			return "not a URI: " + shorten(uri);
		}
		String scheme = parsed.getScheme() == null ? null : parsed.getScheme().toLowerCase(Locale.ROOT);
		if (scheme == null || !parsed.isAbsolute()) {
			return "a redirect URI must be absolute: " + shorten(uri);
		}
		if (parsed.getRawFragment() != null) {
			return "a redirect URI must not have a fragment: " + shorten(uri);
		}
		if (parsed.getRawUserInfo() != null) {
			return "a redirect URI must not have user info: " + shorten(uri);
		}
		if (FORBIDDEN_SCHEMES.contains(scheme)) {
			return "the scheme " + scheme + " cannot receive an authorization code";
		}
		if ("https".equals(scheme)) {
			return parsed.getHost() == null ? "an https redirect URI needs a host: " + shorten(uri) : null;
		}
		if ("http".equals(scheme)) {
			return isLoopback(parsed) ? null : "http redirect URIs are allowed only on loopback (localhost, 127.0.0.1, "
					+ "[::1]); use https: " + shorten(uri);
		}
		// Private-use schemes of native apps are reverse domain names (RFC 8252 section 7.1): cursor://, claude://
		// and similar pass too, as real clients use them.
		return scheme.matches("[a-z][a-z0-9+.-]*") ? null : "unsupported redirect URI scheme: " + scheme;
	}

	/** The registered URI {@code requested} matches, if any. */
	static boolean matches(List<String> registered, String requested) {
		URI asked;
		try {
			asked = new URI(requested);
		}
		catch (URISyntaxException e) {
			return false;
		}
		for (String candidate : registered) {
			if (candidate.equals(requested)) {
				return true;
			}
			URI known = URI.create(candidate);
			if ("http".equalsIgnoreCase(asked.getScheme()) && "http".equalsIgnoreCase(known.getScheme())
					&& isLoopback(asked) && isLoopback(known)
					&& asked.getHost().equalsIgnoreCase(known.getHost()) && asked.getRawUserInfo() == null
					// A port of at most 5 digits: leading zeros would let a request stretch what the sign-in stores.
					&& asked.getRawAuthority().length() <= asked.getHost().length() + 6 && asked.getPort() <= 65535
					&& Objects.equals(asked.getRawPath(), known.getRawPath())
					&& Objects.equals(asked.getRawQuery(), known.getRawQuery()) && asked.getRawFragment() == null) {
				return true;
			}
		}
		return false;
	}

	/** The host to name on the consent page. */
	static String host(String uri) {
		URI parsed = URI.create(uri);
		return parsed.getHost() != null ? parsed.getHost() : parsed.getScheme() + ":";
	}

	/** Whether {@code uri} is an http URI on loopback. */
	static boolean isLoopback(String uri) {
		try {
			URI parsed = new URI(uri);
			return "http".equalsIgnoreCase(parsed.getScheme()) && isLoopback(parsed);
		}
		catch (URISyntaxException e) {
			return false;
		}
	}

	private static boolean isLoopback(URI uri) {
		return uri.getHost() != null && LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT));
	}

	private static String shorten(String value) {
		return value.length() > 100 ? value.substring(0, 100) + "..." : value;
	}

}
