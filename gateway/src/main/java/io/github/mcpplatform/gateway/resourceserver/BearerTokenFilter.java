package io.github.mcpplatform.gateway.resourceserver;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.resourceserver.AccessTokenVerifier.InvalidTokenException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authenticates every request to a protected MCP endpoint: the bearer token from the {@code Authorization}
 * header (never from the query: MCP forbids tokens in URIs) must verify and name one of the endpoint's
 * audiences; then the caller ({@link GatewayUser}) goes on the exchange for the MCP handler. Anything else is
 * answered here: 401 with an RFC 9728 challenge that tells the client where to sign in, or 403
 * {@code insufficient_scope}. An event stream a request opens ends when the token expires or its sign-in is
 * revoked.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#token-handling">MCP
 *     authorization: token handling</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-3">RFC 6750 section 3: the challenge</a>
 */
public final class BearerTokenFilter implements CallerFilter {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<ProtectedResource> resources;

	/**
	 * How often an open event stream asks whether its sign-in is still active: with the grant check's own
	 * memory of an active answer, a revoked sign-in's streams end within a second on every replica.
	 */
	static final Duration STREAM_CHECK = Duration.ofMillis(500);

	/** A check that takes longer than this counts as a revocation: the stream ends, the client reconnects. */
	private static final Duration STREAM_CHECK_TIMEOUT = Duration.ofSeconds(5);

	private final GrantCheck grants;

	private final Clock clock;

	/**
	 * @param grants whether the sign-in a gateway token belongs to is still active (not revoked)
	 */
	public BearerTokenFilter(List<ProtectedResource> resources, GrantCheck grants) {
		this(resources, grants, Clock.systemUTC());
	}

	/**
	 * @param grants whether the sign-in a gateway token belongs to is still active (not revoked)
	 * @param clock when tokens expire, for the event streams they opened
	 */
	public BearerTokenFilter(List<ProtectedResource> resources, GrantCheck grants, Clock clock) {
		this.resources = List.copyOf(resources);
		this.grants = grants;
		this.clock = clock;
	}

	/** Whether a sign-in is still active; revoking it (or reusing its refresh token) ends it. */
	@FunctionalInterface
	public interface GrantCheck {

		Mono<Boolean> isActive(String grantId);

	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		ProtectedResource resource = guarding(exchange.getRequest(), path);
		if (resource == null) {
			return chain.filter(exchange);
		}
		// Identity comes from the token alone: nothing the client calls itself is believed.
		exchange.getAttributes().remove(GatewayUser.ATTRIBUTE);
		return verdict(exchange.getRequest().getHeaders(), resource, path).flatMap(verdict -> {
			if (verdict.caller() == null) {
				return challenge(exchange, resource, path, verdict);
			}
			exchange.getAttributes().put(GatewayUser.ATTRIBUTE, verdict.caller());
			return chain.filter(exchange.mutate()
				.response(new EventStreamsUntil(exchange.getResponse(), accessEnds(verdict.token())))
				.build());
		});
	}

	@Override
	public ServerHttpResponse streamingUntilAccessEnds(ServerHttpRequest request, ServerHttpResponse response) {
		String path = request.getPath().pathWithinApplication().value();
		ProtectedResource resource = guarding(request, path);
		if (resource == null) {
			return response;
		}
		// Decided again only when an event stream starts: the verified token and an active grant are remembered.
		return new EventStreamsUntil(response, verdict(request.getHeaders(), resource, path)
			.flatMap(verdict -> accessEnds(verdict.token())));
	}

	/**
	 * Completes when the access a token gives ends: at its {@code exp}, or once its sign-in is no longer
	 * active (revoked, or its refresh token reused).
	 */
	private Mono<Void> accessEnds(@Nullable VerifiedToken token) {
		if (token == null) {
			return Mono.empty();
		}
		// Measured when the stream starts, which may be well after the request did (a slow first answer).
		Mono<Void> expiry = Mono.defer(() -> {
			Duration left = Duration.between(this.clock.instant(), token.expires());
			return Mono.delay(left.isNegative() ? Duration.ZERO : left).then();
		});
		String grantId = token.grantId();
		if (grantId == null) {
			return expiry;
		}
		Mono<Void> revoked = Flux.interval(STREAM_CHECK)
			.onBackpressureDrop()
			.concatMap(tick -> this.grants.isActive(grantId).timeout(STREAM_CHECK_TIMEOUT).onErrorReturn(false), 1)
			.filter(active -> !active)
			.next()
			.then();
		return Mono.firstWithSignal(expiry, revoked);
	}

	@Override
	public Mono<GatewayUser> caller(ServerHttpRequest request) {
		String path = request.getPath().pathWithinApplication().value();
		ProtectedResource resource = guarding(request, path);
		return resource == null ? Mono.empty()
				: verdict(request.getHeaders(), resource, path).mapNotNull(Verdict::caller);
	}

	/** The protected resource a request is for, or null when it is for none (or a CORS preflight). */
	private @Nullable ProtectedResource guarding(ServerHttpRequest request, String path) {
		if (request.getMethod() == HttpMethod.OPTIONS) {
			return null;
		}
		for (ProtectedResource resource : this.resources) {
			if (resource.matches(path)) {
				return resource;
			}
		}
		return null;
	}

	/** Who the token names, or why it is refused. */
	private Mono<Verdict> verdict(HttpHeaders headers, ProtectedResource resource, String path) {
		String token = bearerToken(headers);
		if (token == null) {
			return Mono.just(Verdict.refused(HttpStatus.UNAUTHORIZED, null, "Sign in: this endpoint needs a "
					+ "bearer token; its protected resource metadata says where to get one"));
		}
		Set<String> audiences = resource.audiences().apply(path);
		return resource.verifier()
			.verify(token)
			.flatMap(verified -> {
				if (verified.audiences().stream().noneMatch(audiences::contains)) {
					return Mono.just(Verdict.refused(HttpStatus.UNAUTHORIZED, "invalid_token",
							"The access token was not issued for " + resource.resource(path)));
				}
				if (!verified.scopes().containsAll(resource.scopes())) {
					return Mono.just(Verdict.refused(HttpStatus.FORBIDDEN, "insufficient_scope",
							"The access token lacks the scope " + String.join(" ", resource.scopes())));
				}
				Mono<Boolean> active = verified.grantId() == null ? Mono.just(true) : this.grants.isActive(verified.grantId());
				return active.map(isActive -> isActive ? new Verdict(verified.user(), verified, HttpStatus.OK, null, "")
						: Verdict.refused(HttpStatus.UNAUTHORIZED, "invalid_token", "The sign-in of this access token was revoked"));
			})
			.onErrorResume(InvalidTokenException.class,
					invalid -> Mono.just(Verdict.refused(HttpStatus.UNAUTHORIZED, "invalid_token", invalid.getMessage())));
	}

	/**
	 * The caller a token names and the token, or (caller null) the status and error the request is refused
	 * with.
	 */
	private record Verdict(@Nullable GatewayUser caller, @Nullable VerifiedToken token, HttpStatus status,
			@Nullable String error, String description) {

		static Verdict refused(HttpStatus status, @Nullable String error, String description) {
			return new Verdict(null, null, status, error, description);
		}

	}

	private static @Nullable String bearerToken(HttpHeaders headers) {
		List<String> values = headers.get(HttpHeaders.AUTHORIZATION);
		if (values == null || values.size() != 1) {
			return null;
		}
		String value = values.get(0);
		if (value.length() < 8 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return null;
		}
		String token = value.substring(7).trim();
		return token.isEmpty() ? null : token;
	}

	private static Mono<Void> challenge(ServerWebExchange exchange, ProtectedResource resource, String path, Verdict verdict) {
		HttpStatus status = verdict.status();
		String error = verdict.error();
		String description = verdict.description();
		StringBuilder header = new StringBuilder("Bearer resource_metadata=\"").append(resource.metadataUrl(path)).append('"');
		if (!resource.scopes().isEmpty()) {
			header.append(", scope=\"").append(String.join(" ", resource.scopes())).append('"');
		}
		if (error != null) {
			header.append(", error=\"").append(error).append("\", error_description=\"")
				.append(description.replace('"', '\'').replace('\\', '/')).append('"');
		}
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(status);
		response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, header.toString());
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		byte[] body = JSON.writeValueAsBytes(error == null ? Map.of("error", "unauthorized",
				"error_description", description) : Map.of("error", error, "error_description", description));
		DataBuffer buffer = response.bufferFactory().wrap(body);
		return response.writeWith(Mono.just(buffer));
	}

}
