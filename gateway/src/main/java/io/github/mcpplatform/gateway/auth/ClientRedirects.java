package io.github.mcpplatform.gateway.auth;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerResponse;

import reactor.core.publisher.Mono;

/**
 * The authorization response: a redirect to the client's registered redirect URI with the parameters added
 * to its query. The registered string is kept exactly (its {@code %} escapes are not encoded again), since
 * the code must reach the URI that was registered (RFC 9700 section 4.1.1), and nothing is parsed as a URI
 * template, so a {@code {} in a value cannot break the redirect.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2">RFC 6749 section 4.1.2</a>
 */
final class ClientRedirects {

	private ClientRedirects() {
	}

	/** A redirect with the code (and the client's state, when it sent one). */
	static Mono<ServerResponse> code(String redirectUri, String code, String issuer, @Nullable String state) {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("code", code);
		parameters.put("iss", issuer);
		return redirect(redirectUri, parameters, state);
	}

	/** A redirect with an error (RFC 6749 section 4.1.2.1), for a redirect URI known to be registered. */
	static Mono<ServerResponse> error(String redirectUri, @Nullable String state, String error, String description,
			String issuer) {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("error", error);
		parameters.put("error_description", description);
		parameters.put("iss", issuer);
		return redirect(redirectUri, parameters, state);
	}

	/** {@code redirectUri} with {@code parameters} form-encoded onto its query (RFC 6749 appendix B). */
	static String location(String redirectUri, Map<String, String> parameters) {
		StringJoiner query = new StringJoiner("&");
		parameters.forEach((name, value) -> query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
		// Registered URIs passed java.net.URI; only non-ASCII characters (custom schemes allow them) are
		// escaped, so that the header stays ASCII. An ASCII URI comes back unchanged.
		String base = URI.create(redirectUri).toASCIIString();
		String separator = base.indexOf('?') < 0 ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&";
		return base + separator + query;
	}

	private static Mono<ServerResponse> redirect(String redirectUri, Map<String, String> parameters,
			@Nullable String state) {
		if (state != null) {
			parameters.put("state", state);
		}
		return ServerResponse.status(HttpStatus.FOUND)
			.header(HttpHeaders.LOCATION, location(redirectUri, parameters))
			.header("Referrer-Policy", "no-referrer")
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.build();
	}

}
