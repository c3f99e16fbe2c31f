package io.github.mcpplatform.gateway.resourceserver;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A response whose event stream ({@code text/event-stream}: a listening stream, a long answer) ends, cleanly,
 * when {@code end} completes: the access it was opened with ended (the token expired, its sign-in was
 * revoked). A request is authorized once, when it starts; without this a stream opened just before a
 * revocation would go on delivering for as long as the client keeps it open. Other answers are left alone:
 * they finish on their own.
 */
final class EventStreamsUntil extends ServerHttpResponseDecorator {

	private final Mono<Void> end;

	EventStreamsUntil(ServerHttpResponse response, Mono<Void> end) {
		super(response);
		this.end = end;
	}

	@Override
	public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
		return super.writeWith(isEventStream() ? Flux.from(body).takeUntilOther(this.end) : body);
	}

	@Override
	public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
		return super.writeAndFlushWith(isEventStream() ? Flux.from(body).takeUntilOther(this.end) : body);
	}

	private boolean isEventStream() {
		@Nullable MediaType type = getHeaders().getContentType();
		return type != null && MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type);
	}

}
