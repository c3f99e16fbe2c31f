package io.github.mcpplatform.gateway.mcp;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;

import io.github.mcpplatform.gateway.protocol.HttpRules;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import io.github.mcpplatform.gateway.protocol.JsonRpcError;
import io.github.mcpplatform.gateway.protocol.McpHeaders;
import io.github.mcpplatform.gateway.protocol.ProtocolVersions;
import io.github.mcpplatform.gateway.protocol.SseEvents;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.github.mcpplatform.gateway.resourceserver.CallerFilter;
import io.github.mcpplatform.gateway.store.StoreFailures;
import io.github.mcpplatform.gateway.store.StoreOutageAnswers;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The short way through the gateway for its busiest requests: calls to a backend, in an existing session
 * or in the stateless era ({@link McpEndpoint#routine}). They are answered straight from the HTTP layer, without the web framework's
 * exchange, filter chain, routing and response rendering, which together cost more CPU per call than the
 * forwarding itself (see docs/development.md, the gateway benchmark).
 * <p>
 * It only shortens what would succeed anyway: the caller is decided by the same {@link CallerFilter} the
 * filter chain runs, and any request that is not routine (no caller, a browser's {@code Origin}, an unknown
 * session, another method, a body that is not one JSON-RPC object) goes the full way, with its body replayed,
 * and gets exactly the answer it always got.
 */
public final class DirectPath implements HttpHandlerDecoratorFactory {

	private static final Logger log = LoggerFactory.getLogger(DirectPath.class);

	private final String path;

	private final McpEndpoint endpoint;

	private final CallerFilter callers;

	private final int maxRequestBytes;

	private final Timer answered;

	/**
	 * @param endpoint answers the routine requests, on its own path and within its own body limit
	 * @param callers the filter that guards the endpoint in the filter chain
	 * @param meters where the requests answered here are counted and timed, since the framework's
	 *     {@code http.server.requests} never sees them
	 */
	public DirectPath(McpEndpoint endpoint, CallerFilter callers, MeterRegistry meters) {
		this.path = endpoint.path();
		this.endpoint = endpoint;
		this.callers = callers;
		this.maxRequestBytes = endpoint.maxRequestBytes();
		this.answered = Timer.builder("gateway.direct.requests")
			.description("Routine calls to backends answered on the direct path, from request to the end of the answer")
			.register(meters);
	}

	@Override
	public HttpHandler apply(HttpHandler full) {
		// Deferred, so that a caller filter that throws instead of failing its Mono is answered as a failure too.
		return (request, response) -> mayBeRoutine(request) ? Mono.defer(() -> this.callers.caller(request))
			.map(caller -> direct(caller, request, this.callers.streamingUntilAccessEnds(request, response), full))
			.defaultIfEmpty(Mono.defer(() -> full.handle(request, response)))
			.flatMap(Function.identity())
			.onErrorResume(error -> failed(error, response)) : full.handle(request, response);
	}

	/**
	 * A failure here is a bug: said in the log (the HTTP layer below would only trace it) and answered with
	 * a JSON-RPC internal error while the answer has not started.
	 */
	private static Mono<Void> failed(Throwable error, ServerHttpResponse response) {
		if (StoreFailures.unavailable(error) && !response.isCommitted()) {
			return StoreOutageAnswers.jsonRpc(response, error);
		}
		log.error("The direct path failed a request", error);
		if (response.isCommitted()) {
			return Mono.error(error);
		}
		response.setStatusCode(HttpStatus.INTERNAL_SERVER_ERROR);
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		byte[] body = JsonRpcError.internalError("Internal error").toJson(null).getBytes(StandardCharsets.UTF_8);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

	/**
	 * What the headers tell: a POST to the endpoint with a session or the stateless era's version, a body of
	 * a known, allowed size, and no {@code Origin} (browsers' requests get the CORS and origin checks of the
	 * full way).
	 */
	private boolean mayBeRoutine(ServerHttpRequest request) {
		HttpHeaders headers = request.getHeaders();
		long length = headers.getContentLength();
		String version = headers.getFirst(McpHeaders.PROTOCOL_VERSION);
		return request.getMethod() == HttpMethod.POST && length > 0 && length <= this.maxRequestBytes
				&& headers.getOrigin() == null && HttpRules.postProblem(headers) == null
				&& (headers.containsHeader(McpHeaders.SESSION_ID)
						|| (version != null && ProtocolVersions.STATELESS_ERA.contains(version)))
				&& this.path.equals(request.getPath().pathWithinApplication().value());
	}

	private Mono<Void> direct(GatewayUser caller, ServerHttpRequest request, ServerHttpResponse response, HttpHandler full) {
		HttpHeaders headers = request.getHeaders();
		long started = System.nanoTime();
		return DataBufferUtils.join(request.getBody(), this.maxRequestBytes)
			.map(SseEvents::drain)
			.flatMap(body -> answer(caller, headers, body)
				.map(answer -> write(answer, response)
					.doFinally(signal -> this.answered.record(System.nanoTime() - started, TimeUnit.NANOSECONDS)))
				.defaultIfEmpty(Mono.defer(() -> full.handle(replaying(request, body), response)))
				.flatMap(Function.identity()));
	}

	private Mono<Answer> answer(GatewayUser caller, HttpHeaders headers, byte[] body) {
		JsonNode message;
		try {
			message = JsonRpc.JSON.readTree(body);
		}
		catch (JacksonException e) {
			return Mono.empty();
		}
		return this.endpoint.routine(caller, headers, message);
	}

	private static Mono<Void> write(Answer answer, ServerHttpResponse response) {
		response.setStatusCode(HttpStatus.OK);
		response.getHeaders().setContentType(answer.type());
		return response.writeWith(answer.body());
	}

	/** The request as it came, its body (already read) served again. */
	private static ServerHttpRequest replaying(ServerHttpRequest request, byte[] body) {
		return new ServerHttpRequestDecorator(request) {

			@Override
			public Flux<DataBuffer> getBody() {
				return Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)));
			}

		};
	}

}
