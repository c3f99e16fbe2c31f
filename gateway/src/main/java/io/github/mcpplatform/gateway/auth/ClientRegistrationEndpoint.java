package io.github.mcpplatform.gateway.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.github.mcpplatform.gateway.protocol.SseEvents;
import reactor.core.publisher.Mono;

/**
 * RFC 7591 dynamic client registration, bounded: a small JSON body, a few redirect URIs that pass
 * {@link RedirectUris}, only the code and refresh grants, and a per-address rate limit. A client that asks
 * for {@code client_secret_post} or {@code client_secret_basic} (Claude.ai does) gets a secret, enforced at
 * the token endpoint; {@code none} makes a public client (PKCE only).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7591">RFC 7591</a>
 */
final class ClientRegistrationEndpoint {

	static final int MAX_BODY_BYTES = 16 * 1024;

	private static final Set<String> AUTH_METHODS = Set.of("none", "client_secret_post", "client_secret_basic");

	private final AuthRecords records;

	private final Duration clientLifetime;

	private final int registrationsPerMinute;

	ClientRegistrationEndpoint(AuthRecords records, Duration clientLifetime, int registrationsPerMinute) {
		this.records = records;
		this.clientLifetime = clientLifetime;
		this.registrationsPerMinute = registrationsPerMinute;
	}

	Mono<ServerResponse> register(ServerRequest request) {
		return this.records.withinRate("register", this.records.requester(request), this.registrationsPerMinute)
			.flatMap(allowed -> !allowed
					? OAuthErrors.error(HttpStatus.TOO_MANY_REQUESTS, "slow_down",
							"Too many registrations from this address; try again in a minute")
					: DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), MAX_BODY_BYTES)
						.map(buffer -> new String(SseEvents.drain(buffer), java.nio.charset.StandardCharsets.UTF_8))
						.defaultIfEmpty("")
						.flatMap(this::register))
			.onErrorResume(DataBufferLimitException.class, tooLarge -> OAuthErrors.error(HttpStatus.PAYLOAD_TOO_LARGE,
					"invalid_client_metadata", "The registration is larger than " + MAX_BODY_BYTES + " bytes"));
	}

	private Mono<ServerResponse> register(String body) {
		ClientMetadata metadata;
		try {
			metadata = ClientMetadata.read(ClientMetadata.object(body, "The registration"), AUTH_METHODS,
					"client_secret_basic", false);
		}
		catch (ClientMetadata.InvalidMetadata invalid) {
			return badRequest(invalid.error, invalid.getMessage());
		}
		String method = metadata.tokenEndpointAuthMethod();
		String name = metadata.clientName();
		List<String> redirectUris = metadata.redirectUris();
		String clientId = "mcp-" + Secrets.random();
		String secret = "none".equals(method) ? null : Secrets.random();
		long issuedAt = Instant.now().getEpochSecond();
		RegisteredClient client = new RegisteredClient(clientId, secret == null ? null : Secrets.hash(secret), name,
				List.copyOf(redirectUris), method, issuedAt);
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("client_id", clientId);
		if (secret != null) {
			response.put("client_secret", secret);
			response.put("client_secret_expires_at", 0);
		}
		response.put("client_id_issued_at", issuedAt);
		response.put("client_name", name);
		response.put("redirect_uris", redirectUris);
		response.put("token_endpoint_auth_method", method);
		response.put("grant_types", List.of("authorization_code", "refresh_token"));
		response.put("response_types", List.of("code"));
		return this.records.put(AuthRecords.CLIENT + clientId, client, this.clientLifetime)
			.then(ServerResponse.status(HttpStatus.CREATED)
				.contentType(MediaType.APPLICATION_JSON)
				.cacheControl(CacheControl.noStore())
				.bodyValue(response));
	}

	private static Mono<ServerResponse> badRequest(String error, String description) {
		return OAuthErrors.badRequest(error, description);
	}

}
