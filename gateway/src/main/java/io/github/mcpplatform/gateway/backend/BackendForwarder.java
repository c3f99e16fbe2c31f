package io.github.mcpplatform.gateway.backend;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.protocol.McpHeaders;
import io.github.mcpplatform.gateway.protocol.ProtocolVersions;
import io.github.mcpplatform.gateway.protocol.SseEvents;
import io.github.mcpplatform.gateway.tracing.CallTraces;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Speaks MCP streamable HTTP to backends on behalf of clients: opens backend sessions and forwards
 * JSON-RPC messages as text, passing the backend's answer (one JSON body, or the SSE stream with its
 * progress and logging notifications) straight through without re-modelling it.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#streamable-http">MCP
 *     streamable HTTP</a>
 */
public final class BackendForwarder {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BackendForwarder.class);


	/**
	 * What {@link #open} gives for a backend that answered {@code initialize} without a session id: a stateless
	 * server (the official SDKs' stateless mode, FastMCP's {@code stateless_http}, Spring AI's stateless
	 * server). The spec lets a server go without sessions; the gateway then sends no {@code Mcp-Session-Id},
	 * and the backend has no session to lose, end or stream from.
	 *
	 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#session-management">MCP
	 *     session management: a server MAY assign a session id</a>
	 */
	public static final String NO_SESSION = "";


	/**
	 * The name of every sequence a timeout bounds here. Reactor's {@code timeout} describes its source by
	 * name, and without one it walks the whole chain for it on each call (a twentieth of a call's CPU).
	 */
	public static final String TIMED = "backend-answer";

	private static final String ACCEPTED = MediaType.APPLICATION_JSON_VALUE + ", " + MediaType.TEXT_EVENT_STREAM_VALUE;

	/** The most of a refusal's body read to tell why: enough for any error message. */
	private static final int REFUSAL_BYTES = 64 * 1024;

	private final ClientHttpConnector connector;

	private final WebClient web;

	/**
	 * @param connector makes the HTTP exchanges: calls in sessions use it directly (they are most of the
	 *     traffic), the rest through a {@link WebClient} on it
	 */
	public BackendForwarder(ClientHttpConnector connector) {
		this.connector = connector;
		this.web = WebClient.builder().clientConnector(connector).build();
	}

	/**
	 * Opens a session on the backend with the client's own initialize params: the backend's session id, or
	 * {@link #NO_SESSION} when it keeps none.
	 */
	public Mono<String> open(BackendDefinition backend, BackendCredential credential, String protocolVersion, String initializeParams) {
		String initialize = "{\"jsonrpc\":\"2.0\",\"id\":\"gateway-initialize\",\"method\":\"initialize\",\"params\":"
				+ initializeParams + "}";
		return post(backend, credential, null, protocolVersion, initialize).exchangeToMono(response -> {
			String session = response.headers().asHttpHeaders().getFirst(McpHeaders.SESSION_ID);
			if (!response.statusCode().is2xxSuccessful()) {
				return response.releaseBody()
					.then(Mono.error(new BackendUnavailableException(backend, "initialize answered "
							+ response.statusCode().value())));
			}
			return response.releaseBody().thenReturn(session == null || session.isBlank() ? NO_SESSION : session);
		})
			.flatMap(session -> post(backend, credential, session, protocolVersion,
					"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
				.exchangeToMono(ClientResponse::releaseBody)
				.thenReturn(session))
			.timeout(backend.timeout())
			.onErrorMap(e -> !(e instanceof BackendUnavailableException), e -> new BackendUnavailableException(backend, e));
	}

	/**
	 * Forwards one JSON-RPC message in a backend session and hands back the backend's answer untouched: its
	 * content type and its body as bytes (one JSON body, or an SSE stream with progress and logging before the
	 * result). Fails with {@link BackendSessionGoneException} when the backend no longer knows the session.
	 * The timeout applies until the answer starts; the caller bounds the silence between chunks, which may
	 * rightly be long while the backend waits for the user to answer one of its requests.
	 */
	public Mono<ResponseEntity<Flux<DataBuffer>>> forward(BackendDefinition backend, BackendCredential credential, String session,
			String protocolVersion, String message) {
		byte[] body = message.getBytes(StandardCharsets.UTF_8);
		return Mono.deferContextual(context -> this.connector.connect(HttpMethod.POST, backend.url(), request -> {
			HttpHeaders headers = request.getHeaders();
			credential.applyTo(headers);
			traced(headers, context);
			headers.set(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE);
			headers.set(HttpHeaders.ACCEPT, ACCEPTED);
			headers.set(McpHeaders.PROTOCOL_VERSION, protocolVersion);
			if (!NO_SESSION.equals(session)) {
				headers.set(McpHeaders.SESSION_ID, session);
			}
			headers.setContentLength(body.length);
			return request.writeWith(Mono.fromSupplier(() -> request.bufferFactory().wrap(body)));
		}))
			.flatMap(response -> response.getStatusCode().is2xxSuccessful() ? Mono.just(answer(response))
					: refusal(backend, response.getStatusCode().value(), DataBufferUtils.join(response.getBody(), REFUSAL_BYTES)
						.map(joined -> new String(SseEvents.drain(joined), StandardCharsets.UTF_8)))
						.flatMap(Mono::error))
			// Named, so that the timeout does not work out a name from the whole chain on every call.
			.name(TIMED)
			.timeout(backend.timeout())
			.onErrorMap(e -> !(e instanceof BackendSessionGoneException || e instanceof BackendUnavailableException),
					e -> new BackendUnavailableException(backend, e));
	}

	/**
	 * Forwards one request to a backend of the stateless era (MCP 2026-07-28): no session; the message
	 * carries its version envelope, and the headers name its method and, where it has one, its name. The
	 * answer comes back as with {@link #forward}.
	 *
	 * @param name the {@code Mcp-Name} header value (already encoded), or null
	 */
	public Mono<ResponseEntity<Flux<DataBuffer>>> forwardStateless(BackendDefinition backend, BackendCredential credential, String method,
			@Nullable String name, String message) {
		return Mono.deferContextual(context -> this.web.post()
			.uri(backend.url())
			.headers(headers -> {
				credential.applyTo(headers);
				traced(headers, context);
				if (name != null) {
					headers.set(McpHeaders.NAME, name);
				}
			})
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.header(McpHeaders.PROTOCOL_VERSION, ProtocolVersions.STATELESS)
			.header(McpHeaders.METHOD, method)
			.bodyValue(message)
			.retrieve()
			.onStatus(status -> !status.is2xxSuccessful(), response -> response.releaseBody()
				.then(Mono.error(new BackendUnavailableException(backend, "answered HTTP " + response.statusCode().value()))))
			.toEntityFlux(DataBuffer.class))
			.name(TIMED)
			.timeout(backend.timeout())
			.map(BackendForwarder::answer)
			.onErrorMap(e -> !(e instanceof BackendUnavailableException), e -> new BackendUnavailableException(backend, e));
	}

	/**
	 * The W3C {@code traceparent} of the backend call, when tracing is on and the call is traced (the router puts
	 * it in the Reactor context): the backend's own spans then continue the gateway's trace.
	 */
	private static void traced(HttpHeaders headers, ContextView context) {
		String traceparent = CallTraces.traceparent(context);
		if (traceparent != null) {
			headers.set(CallTraces.TRACEPARENT, traceparent);
		}
	}

	/**
	 * The backend's answer as the relay needs it: its status, its content type and its body. The other
	 * headers stay behind: copying them took a tenth of the gateway's CPU per call (JFR).
	 */
	private static ResponseEntity<Flux<DataBuffer>> answer(ClientHttpResponse response) {
		return answer(response.getStatusCode(), response.getHeaders().getContentType(), response.getBody());
	}

	private static ResponseEntity<Flux<DataBuffer>> answer(ResponseEntity<Flux<DataBuffer>> entity) {
		return answer(entity.getStatusCode(), entity.getHeaders().getContentType(),
				entity.getBody() == null ? Flux.empty() : entity.getBody());
	}

	private static ResponseEntity<Flux<DataBuffer>> answer(HttpStatusCode status, @Nullable MediaType type, Flux<DataBuffer> body) {
		ResponseEntity.BodyBuilder answer = ResponseEntity.status(status);
		if (type != null) {
			answer.contentType(type);
		}
		return answer.body(body);
	}

	/**
	 * Sends a notification or an answer to a request of the backend's, which need no reply. Failures are
	 * logged, not raised: the client's message was accepted by the gateway.
	 */
	public Mono<Void> send(BackendDefinition backend, BackendCredential credential, String session, String protocolVersion,
			String message) {
		return post(backend, credential, session, protocolVersion, message).exchangeToMono(response -> {
			if (!response.statusCode().is2xxSuccessful()) {
				log.warn("Backend {} refused a client message: HTTP {}", backend.name(), response.statusCode().value());
			}
			return response.releaseBody();
		}).timeout(backend.timeout()).onErrorResume(e -> {
			log.warn("Backend {} did not take a client message: {}", backend.name(), e.getMessage());
			return Mono.empty();
		});
	}

	/**
	 * The backend session's own stream (HTTP GET): what the backend sends outside any call, such as log
	 * messages, resource updates and its own requests. Empty when the backend offers no such stream (405).
	 * Only opening it has a timeout; it then stays open as long as both sides want.
	 */
	public Mono<ResponseEntity<Flux<DataBuffer>>> stream(BackendDefinition backend, BackendCredential credential, String session,
			String protocolVersion) {
		if (NO_SESSION.equals(session)) {
			// Without a session the backend has nobody to address a stream to (the SDKs answer 405).
			return Mono.just(ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(Flux.empty()));
		}
		return this.web.get()
			.uri(backend.url())
			.headers(credential::applyTo)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.header(McpHeaders.PROTOCOL_VERSION, protocolVersion)
			.header(McpHeaders.SESSION_ID, session)
			.retrieve()
			.onStatus(status -> !status.is2xxSuccessful(), response -> refusal(backend, response))
			.toEntityFlux(DataBuffer.class)
			.timeout(backend.timeout());
	}

	/**
	 * Why the backend refused a message. The spec says a server answers 404 for a session it no longer has;
	 * some (the TypeScript SDK's examples among them) answer 400 with a message about the session, which is
	 * taken the same way, so that a restarted backend costs the client nothing.
	 *
	 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#session-management">MCP
	 *     session management</a>
	 */
	private static Mono<? extends Throwable> refusal(BackendDefinition backend, ClientResponse response) {
		return refusal(backend, response.statusCode().value(), response.bodyToMono(String.class));
	}

	private static Mono<RuntimeException> refusal(BackendDefinition backend, int status, Mono<String> body) {
		return body.defaultIfEmpty("").onErrorReturn("").map(text -> {
			boolean sessionGone = status == HttpStatus.NOT_FOUND.value()
					|| (status == HttpStatus.BAD_REQUEST.value() && text.toLowerCase(java.util.Locale.ROOT).contains("session"));
			return sessionGone ? new BackendSessionGoneException(backend)
					: new BackendUnavailableException(backend, "answered HTTP " + status);
		});
	}

	/** Ends a backend session; failures are ignored (the backend forgets idle sessions anyway). */
	public Mono<Void> close(BackendDefinition backend, BackendCredential credential, String session) {
		if (NO_SESSION.equals(session)) {
			return Mono.empty();
		}
		return this.web.delete()
			.uri(backend.url())
			.headers(credential::applyTo)
			.header(McpHeaders.SESSION_ID, session)
			.exchangeToMono(ClientResponse::releaseBody)
			.timeout(backend.timeout())
			.onErrorComplete();
	}

	private WebClient.RequestHeadersSpec<?> post(BackendDefinition backend, BackendCredential credential, @Nullable String session,
			String protocolVersion, String body) {
		WebClient.RequestBodySpec request = this.web.post()
			.uri(backend.url())
			.headers(credential::applyTo)
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.header(McpHeaders.PROTOCOL_VERSION, protocolVersion);
		if (session != null && !NO_SESSION.equals(session)) {
			request = request.header(McpHeaders.SESSION_ID, session);
		}
		return request.bodyValue(body);
	}

	/** The backend no longer knows the session (it restarted or expired it): open a new one. */
	public static final class BackendSessionGoneException extends RuntimeException {

		BackendSessionGoneException(BackendDefinition backend) {
			super("backend '" + backend.name() + "' no longer knows the session");
		}

	}

}
