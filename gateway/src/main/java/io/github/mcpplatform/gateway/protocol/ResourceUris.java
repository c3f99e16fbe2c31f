package io.github.mcpplatform.gateway.protocol;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gateway resource URIs: a backend's {@code scheme:rest} becomes {@code <prefix>+scheme:rest}. The result is
 * still a valid URI (RFC 3986 allows {@code +} in a scheme), it is unique across backends, and it routes
 * back without any table: prefixes are RFC 1123 labels, which never contain {@code +}, so the first
 * {@code +} of the scheme ends the prefix. Resource templates are rewritten the same way.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3986#section-3.1">RFC 3986, scheme</a>
 */
public final class ResourceUris {

	private static final Logger log = LoggerFactory.getLogger(ResourceUris.class);

	private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");

	/** A gateway URI taken apart: the backend prefix and the URI the backend knows. */
	public record Split(String prefix, String uri) {
	}

	private ResourceUris() {
	}

	/** The gateway URI of a backend URI, or null (logged) when it has no scheme to prefix. */
	public static @Nullable String toGateway(String prefix, String uri) {
		if (!SCHEME.matcher(uri).find()) {
			log.warn("Resource URI '{}' of the backend with prefix {} has no scheme; it is not listed", uri, prefix);
			return null;
		}
		return prefix + "+" + uri;
	}

	/** The backend prefix and backend URI of a gateway URI, or null when it was not made by {@link #toGateway}. */
	public static @Nullable Split fromGateway(String uri) {
		Matcher scheme = SCHEME.matcher(uri);
		if (!scheme.find()) {
			return null;
		}
		int plus = scheme.group(1).indexOf('+');
		if (plus <= 0) {
			return null;
		}
		return new Split(uri.substring(0, plus), uri.substring(plus + 1));
	}

}
