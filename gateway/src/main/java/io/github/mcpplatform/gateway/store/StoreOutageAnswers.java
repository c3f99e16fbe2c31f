package io.github.mcpplatform.gateway.store;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;

import io.github.mcpplatform.gateway.protocol.JsonRpcError;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import io.github.mcpplatform.gateway.protocol.McpHeaders;
import reactor.core.publisher.Mono;

/**
 * The 503 a request gets while the store cannot be reached, in the language of the endpoint it asked: a JSON-RPC
 * error on MCP endpoints, an OAuth error ({@code temporarily_unavailable}, RFC 6749 sections 4.1.2.1 and 5.2)
 * on the authorization server's JSON endpoints, an HTML page where a browser is the reader. Each carries
 * {@code Retry-After} (RFC 9110 section 10.2.3) and is never cached.
 */
public final class StoreOutageAnswers {

	private static final Logger log = LoggerFactory.getLogger(StoreOutageAnswers.class);

	/** One warning per this many milliseconds: an outage under load would otherwise log every request. */
	private static final long WARNING_INTERVAL_MILLIS = 10_000;

	private static final AtomicLong lastWarning = new AtomicLong();

	/** Every answer given here, in this process: the metric {@code gateway.store.unavailable} reads it. */
	private static final AtomicLong answered = new AtomicLong();

	static final String DESCRIPTION = "The gateway's store (Redis) cannot be reached; try again in a few seconds.";

	/** The pages a person's browser shows during a sign-in. */
	private static final java.util.Set<String> BROWSER_PATHS = java.util.Set.of("/authorize", "/consent", "/oauth/callback");

	private StoreOutageAnswers() {
	}

	/** The answer for a request to this path that failed with {@code error}, written to a response that has not started. */
	public static Mono<Void> forPath(String path, ServerHttpResponse response, Throwable error) {
		warn(error);
		if (path.endsWith("/mcp")) {
			return write(response, MediaType.APPLICATION_JSON, JsonRpcError.storeUnavailable().toJson(null));
		}
		if (BROWSER_PATHS.contains(path)) {
			return write(response, MediaType.TEXT_HTML, """
					<!DOCTYPE html>
					<html lang="en"><head><meta charset="utf-8"><title>Sign-in unavailable</title></head>
					<body><h1>Sign-in is unavailable for a moment</h1>
					<p>%s</p><p>Error: temporarily_unavailable</p></body></html>
					""".formatted(DESCRIPTION));
		}
		return write(response, MediaType.APPLICATION_JSON, JsonRpc.JSON.writeValueAsString(JsonRpc.JSON.createObjectNode()
			.put("error", "temporarily_unavailable")
			.put("error_description", DESCRIPTION)));
	}

	/** The JSON-RPC error of an MCP endpoint; the request's id is not known where this is answered. */
	public static Mono<Void> jsonRpc(ServerHttpResponse response, Throwable error) {
		warn(error);
		return write(response, MediaType.APPLICATION_JSON, JsonRpcError.storeUnavailable().toJson(null));
	}

	/** How many requests this process answered with 503 because the store could not be reached. */
	public static long answered() {
		return answered.get();
	}

	/** Says in the log that requests are refused for the store, at most once per interval. */
	private static void warn(Throwable error) {
		answered.incrementAndGet();
		long now = System.currentTimeMillis();
		long last = lastWarning.get();
		if (now - last >= WARNING_INTERVAL_MILLIS && lastWarning.compareAndSet(last, now)) {
			log.warn("The store cannot be reached: requests that need it are answered with 503 ({})", error.toString());
		}
	}

	private static Mono<Void> write(ServerHttpResponse response, MediaType type, String body) {
		response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
		HttpHeaders headers = response.getHeaders();
		// What a handler set before it failed (a length, a session id) is not part of this answer; what the
		// filters before it set (CORS) is.
		headers.remove(HttpHeaders.CONTENT_LENGTH);
		headers.remove(McpHeaders.SESSION_ID);
		headers.setContentType(type);
		headers.setCacheControl(CacheControl.noStore());
		headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(StoreFailures.RETRY_AFTER.toSeconds()));
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
	}

}
