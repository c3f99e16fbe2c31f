package io.github.mcpplatform.gateway.backend;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reading an OAuth token endpoint's answers (RFC 6749 §5.1 and §5.2, RFC 8693 §2.2): the token and how long to reuse
 * it, or what the refusal says, in words that never hold a token or a secret.
 */
final class TokenAnswers {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration RENEW_BEFORE = Duration.ofMinutes(1);

	/** A token endpoint that gives no lifetime: ask again after this. */
	private static final Duration UNKNOWN_LIFETIME = Duration.ofMinutes(5);

	/** The most of an identity provider's error_description repeated to a client. */
	private static final int MAX_DESCRIPTION = 200;

	private TokenAnswers() {
	}

	/**
	 * An access token, reused until a minute before it expires (or half its life, when that is shorter).
	 *
	 * @param value never shown by {@code toString}
	 */
	record Token(String value, Duration reuseFor) {

		@Override
		public String toString() {
			return "Token[(secret), reuseFor=" + this.reuseFor + "]";
		}

	}

	/** The token of a successful answer; {@code problem} makes the error for an answer without a usable one. */
	static Token token(String body, Function<String, RuntimeException> problem) {
		JsonNode answer;
		try {
			answer = JSON.readTree(body);
		}
		catch (RuntimeException e) {
			throw problem.apply("got a token answer that is not JSON");
		}
		String value = answer.path("access_token").asString("");
		if (value.isEmpty() || value.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
			throw problem.apply("got no usable access_token");
		}
		long seconds = answer.path("expires_in").asLong(0);
		Duration lifetime = seconds > 0 ? Duration.ofSeconds(seconds) : UNKNOWN_LIFETIME;
		Duration margin = lifetime.dividedBy(2).compareTo(RENEW_BEFORE) < 0 ? lifetime.dividedBy(2) : RENEW_BEFORE;
		return new Token(value, lifetime.minus(margin));
	}

	/** The OAuth error code of a refusal, which says what is wrong without any secret (RFC 6749 §5.2). */
	static String oauthError(String body) {
		try {
			String error = JSON.readTree(body).path("error").asString("");
			return error.matches("[a-z_]{1,64}") ? " " + error : "";
		}
		catch (RuntimeException e) {
			return "";
		}
	}

	/**
	 * The refusal's code and its {@code error_description}, printable ASCII only and cut short: identity providers
	 * say there which audience or client they refused, which is what an operator needs to fix it.
	 */
	static String oauthErrorWithDescription(String body) {
		String error = oauthError(body);
		try {
			String description = JSON.readTree(body).path("error_description").asString("").replaceAll("[^\\x20-\\x7e]", "");
			if (description.length() > MAX_DESCRIPTION) {
				description = description.substring(0, MAX_DESCRIPTION) + "...";
			}
			return description.isBlank() ? error : error + " (" + description + ")";
		}
		catch (RuntimeException e) {
			return error;
		}
	}

	/** client_secret_basic encodes both parts first (RFC 6749 §2.3.1). */
	static String formEncoded(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
