package io.github.mcpplatform.gateway.auth;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.function.server.ServerRequest;

import io.github.mcpplatform.gateway.identity.GatewayUser;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The authorization server's records, as JSON in the {@link AuthStore}. Keys of anything a caller presents
 * (transaction ids, codes, refresh tokens) are hashes; upstream tokens are encrypted with their key as
 * associated data.
 */
final class AuthRecords {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * One sign-in in progress, from {@code /authorize} to the upstream callback; its id is the upstream
	 * {@code state}.
	 *
	 * @param bindingHash hash of the browser-binding cookie of the browser that saw the consent page
	 * @param approved whether that browser approved (only then does the callback go on)
	 */
	record Transaction(String clientId, String redirectUri, @Nullable String clientState, String codeChallenge,
			String resource, String scope, String upstreamVerifier, String nonce, String csrfToken, String bindingHash,
			boolean approved) {

		Transaction approve() {
			return new Transaction(this.clientId, this.redirectUri, this.clientState, this.codeChallenge, this.resource,
					this.scope, this.upstreamVerifier, this.nonce, this.csrfToken, this.bindingHash, true);
		}

	}

	/** What the gateway's one-time authorization code stands for. */
	record IssuedCode(String clientId, String redirectUri, String codeChallenge, String resource, String scope,
			GatewayUser user, String sealedUpstream) {
	}

	/** A sign-in that produced tokens: the refresh-token family, with the upstream tokens behind it. */
	record Grant(String clientId, GatewayUser user, String resource, String scope, String sealedUpstream) {
	}

	/**
	 * A refresh token (stored under its hash).
	 *
	 * @param rotatedAt when it was exchanged (epoch millis), or 0 while it is the family's current token
	 * @param sealedSuccessor the token it was exchanged for, encrypted: returned again within the grace window
	 */
	record RefreshToken(String grantId, String clientId, long rotatedAt, @Nullable String sealedSuccessor) {
	}

	/** The upstream's tokens for one sign-in (stored only encrypted). */
	record UpstreamTokens(String accessToken, @Nullable String refreshToken, long expiresAt) {
	}

	static final String CLIENT = "client:";

	static final String TRANSACTION = "txn:";

	static final String CODE = "code:";

	static final String USED_CODE = "used-code:";

	static final String GRANT = "grant:";

	static final String REFRESH = "rt:";

	private final AuthStore store;

	private final ClientAddresses addresses;

	AuthRecords(AuthStore store) {
		this(store, ClientAddresses.peerOnly());
	}

	/** @param addresses how a request's client address is found, for the per-address limits */
	AuthRecords(AuthStore store, ClientAddresses addresses) {
		this.store = store;
		this.addresses = addresses;
	}

	AuthStore store() {
		return this.store;
	}

	<T> Mono<Void> put(String key, T value, Duration ttl) {
		return this.store.put(key, JSON.writeValueAsString(value), ttl);
	}

	<T> Mono<T> get(String key, Class<T> type) {
		return this.store.get(key).map(json -> JSON.readValue(json, type));
	}

	<T> Mono<T> take(String key, Class<T> type) {
		return this.store.take(key).map(json -> JSON.readValue(json, type));
	}

	/**
	 * Counts one more request of {@code kind} from {@code address} in the current minute; true while the
	 * count stays within {@code perMinute}.
	 */
	Mono<Boolean> withinRate(String kind, String address, int perMinute) {
		return withinLimit(kind, address, perMinute, Duration.ofMinutes(1));
	}

	/**
	 * Counts one more request of {@code kind} for {@code subject} in a fixed window of {@code window} that
	 * starts with the first one; true while the count stays within {@code limit}.
	 */
	Mono<Boolean> withinLimit(String kind, String subject, int limit, Duration window) {
		return this.store.increment("rate:" + kind + ":" + subject, window).map(count -> count <= limit);
	}

	/** The address a request came from, for the per-address limits (see {@link ClientAddresses}). */
	String requester(ServerRequest request) {
		return this.addresses.of(request);
	}

	static String json(Object value) {
		return JSON.writeValueAsString(value);
	}

	static <T> T parse(String json, Class<T> type) {
		return JSON.readValue(json, type);
	}

	static List<String> scopes(String scope) {
		return scope.isBlank() ? List.of() : List.of(scope.trim().split("\\s+"));
	}

}
