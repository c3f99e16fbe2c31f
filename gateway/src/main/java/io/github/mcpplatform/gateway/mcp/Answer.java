package io.github.mcpplatform.gateway.mcp;

import java.nio.charset.StandardCharsets;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerResponse;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The gateway's answer to a request routed to a backend. It is always HTTP 200: what went wrong is told in
 * JSON-RPC (an error, or a tool result with {@code isError}), so only the content type and body vary. Being
 * plain data, it is written by the WebFlux handlers and by {@link DirectPath} alike.
 *
 * @param type {@code application/json} for one message, {@code text/event-stream} for a stream of them
 */
record Answer(MediaType type, Flux<DataBuffer> body) {

	/** One JSON-RPC message. */
	static Answer json(String message) {
		return new Answer(MediaType.APPLICATION_JSON, Flux.defer(() -> Flux.just(wrap(message))));
	}

	/** JSON-RPC messages as server-sent events, as they come. */
	static Answer events(Flux<String> messages) {
		return new Answer(MediaType.TEXT_EVENT_STREAM,
				messages.map(message -> DefaultDataBufferFactory.sharedInstance.wrap(MessageRelay.event(message))));
	}

	Mono<ServerResponse> response() {
		return ServerResponse.ok().contentType(this.type).body(BodyInserters.fromDataBuffers(this.body));
	}

	private static DataBuffer wrap(String text) {
		return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

}
