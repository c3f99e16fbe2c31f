package io.github.mcpplatform.gateway.auth;

import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;

import reactor.core.publisher.Mono;

/** OAuth error responses (RFC 6749 section 5.2, RFC 7591 section 3.2.2): JSON, never cached. */
final class OAuthErrors {

	private OAuthErrors() {
	}

	static Mono<ServerResponse> error(HttpStatus status, String error, String description) {
		ServerResponse.BodyBuilder response = ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.cacheControl(CacheControl.noStore());
		if (status == HttpStatus.UNAUTHORIZED) {
			response.header("WWW-Authenticate", "Basic realm=\"mcp-gateway\"");
		}
		return response.bodyValue(Map.of("error", error, "error_description", description));
	}

	static Mono<ServerResponse> badRequest(String error, String description) {
		return error(HttpStatus.BAD_REQUEST, error, description);
	}

	/** A failure the caller can only fix by starting over (bad code, refresh token or grant). */
	static Mono<ServerResponse> invalidGrant(String description) {
		return badRequest("invalid_grant", description);
	}

}
