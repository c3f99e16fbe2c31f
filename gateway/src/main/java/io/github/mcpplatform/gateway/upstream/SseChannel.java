package io.github.mcpplatform.gateway.upstream;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.mcpplatform.gateway.backend.BackendCredential;
import io.github.mcpplatform.gateway.backend.BackendUnavailableException;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import io.github.mcpplatform.gateway.protocol.SseEvents;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One connection of the legacy HTTP+SSE transport (MCP 2024-11-05): the {@code GET} on the backend's SSE url
 * stays open and carries everything the server sends; its first event ({@code endpoint}) names where the client
 * {@code POST}s its own messages. That endpoint must be on the same origin (scheme, host and port) as the
 * configured url: a server must not be able to send the gateway's credentials elsewhere.
 *
 * <p>
 * A message over the size limit, an event that is not one JSON-RPC object, or the stream ending breaks the
 * channel: what the server sends next could not be trusted to belong where it seems to.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2024-11-05/basic/transports#http-with-sse">MCP
 *     2024-11-05: HTTP with SSE</a>
 */
final class SseChannel implements BackendChannel {

	private final BackendDefinition backend;

	private final WebClient web;

	private final Supplier<Mono<BackendCredential>> credential;

	private final int maxMessageBytes;

	private final Sinks.One<URI> endpoint = Sinks.one();

	private final Sinks.Many<ObjectNode> received = Sinks.many().multicast().directBestEffort();

	private volatile boolean open = true;

	private volatile Instant lastUsed = Instant.now();

	private @Nullable Disposable connection;

	/**
	 * @param credential the backend's credential for one request, fetched afresh for each (tokens expire)
	 */
	SseChannel(BackendDefinition backend, WebClient web, Supplier<Mono<BackendCredential>> credential, int maxMessageBytes) {
		this.backend = backend;
		this.web = web;
		this.credential = credential;
		this.maxMessageBytes = maxMessageBytes;
	}

	/** Opens the stream; completes with the message endpoint the server announced, within the backend's timeout. */
	Mono<URI> connect() {
		SseEvents events = new SseEvents();
		Flux<ObjectNode> messages = this.credential.get()
			.flatMapMany(current -> this.web.get()
				.uri(this.backend.url())
				.headers(current::applyTo)
				.accept(MediaType.TEXT_EVENT_STREAM)
				.exchangeToFlux(response -> response.statusCode().is2xxSuccessful() ? response.bodyToFlux(DataBuffer.class)
						: response.releaseBody().thenMany(Flux.error(new BackendUnavailableException(this.backend,
								"refused the SSE connection: HTTP " + response.statusCode().value())))))
			.concatMapIterable(chunk -> {
				var complete = events.feed(SseEvents.drain(chunk));
				if (events.pendingBytes() > this.maxMessageBytes
						|| complete.stream().anyMatch(event -> event.length > this.maxMessageBytes)) {
					throw new BackendUnavailableException(this.backend, "sent a message over " + this.maxMessageBytes
							+ " bytes, the most the gateway reads");
				}
				return complete;
			})
			.concatMap(event -> read(new String(event, StandardCharsets.UTF_8)));
		this.connection = messages.subscribe(this.received::tryEmitNext, this::broke,
				() -> broke(new BackendUnavailableException(this.backend, "closed the connection")));
		return this.endpoint.asMono()
			.timeout(this.backend.timeout(), Mono.error(() -> new BackendUnavailableException(this.backend,
					"announced no message endpoint within " + this.backend.timeout().toMillis() + " ms")))
			.doOnError(e -> close().subscribe());
	}

	/** One event: the endpoint (once, first), or a message; empty for comments and keep-alives. */
	private Mono<ObjectNode> read(String event) {
		String data = SseEvents.data(event);
		if ("endpoint".equals(SseEvents.type(event))) {
			if (this.endpoint.tryEmitValue(endpoint(data)).isFailure()) {
				return Mono.error(new BackendUnavailableException(this.backend, "announced its message endpoint twice"));
			}
			return Mono.empty();
		}
		if (data.isBlank()) {
			return Mono.empty();
		}
		try {
			JsonNode message = JsonRpc.JSON.readTree(data);
			if (!(message instanceof ObjectNode object) || !"2.0".equals(object.path("jsonrpc").asString(""))) {
				return Mono.error(new BackendUnavailableException(this.backend, "sent an event that is not a JSON-RPC message"));
			}
			return Mono.just(object);
		}
		catch (JacksonException e) {
			return Mono.error(new BackendUnavailableException(this.backend, "sent an event that is not JSON"));
		}
	}

	/** The announced endpoint, resolved against the SSE url; refused unless it is on the same origin. */
	private URI endpoint(String announced) {
		URI url = this.backend.url();
		URI resolved;
		try {
			resolved = url.resolve(announced.strip());
		}
		catch (IllegalArgumentException e) {
			throw new BackendUnavailableException(this.backend, "announced a message endpoint that is not a URL");
		}
		if (!sameOrigin(url, resolved)) {
			throw new BackendUnavailableException(this.backend, "announced a message endpoint on another origin than "
					+ "its url (scheme, host and port): refused, so that its credentials go nowhere else");
		}
		return resolved;
	}

	static boolean sameOrigin(URI a, URI b) {
		return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
				&& b.getHost() != null && a.getHost().toLowerCase(Locale.ROOT).equals(b.getHost().toLowerCase(Locale.ROOT))
				&& port(a) == port(b) && b.getRawUserInfo() == null;
	}

	private static int port(URI uri) {
		return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

	private void broke(Throwable e) {
		this.open = false;
		BackendUnavailableException problem = e instanceof BackendUnavailableException unavailable ? unavailable
				: new BackendUnavailableException(this.backend, e);
		this.endpoint.tryEmitError(problem);
		end(received -> received.tryEmitError(problem));
	}

	/**
	 * Ends what {@link #received()} gives, retried while a message is being emitted on another thread: the end
	 * must not be lost, as it is what frees everything that waits on the channel. Ending it twice does nothing.
	 */
	private void end(java.util.function.Function<Sinks.Many<ObjectNode>, Sinks.EmitResult> emit) {
		while (emit.apply(this.received) == Sinks.EmitResult.FAIL_NON_SERIALIZED) {
			Thread.onSpinWait();
		}
	}

	@Override
	public Mono<Void> send(ObjectNode message) {
		if (!this.open) {
			return Mono.error(new BackendUnavailableException(this.backend, "closed the connection"));
		}
		this.lastUsed = Instant.now();
		byte[] body = JsonRpc.JSON.writeValueAsBytes(message);
		return Mono.zip(this.endpoint.asMono(), this.credential.get())
			.flatMap(target -> this.web.post()
				.uri(target.getT1())
				.headers(target.getT2()::applyTo)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchangeToMono(response -> response.statusCode().is2xxSuccessful() ? response.releaseBody()
						: response.releaseBody().then(Mono.error(new BackendUnavailableException(this.backend,
								"refused a message: HTTP " + response.statusCode().value())))))
			.timeout(this.backend.timeout())
			.onErrorMap(e -> !(e instanceof BackendUnavailableException), e -> new BackendUnavailableException(this.backend, e));
	}

	@Override
	public Flux<ObjectNode> received() {
		return this.received.asFlux();
	}

	@Override
	public boolean isOpen() {
		return this.open;
	}

	/** When the client last sent a message on it: a channel unused for long is closed. */
	Instant lastUsed() {
		return this.lastUsed;
	}

	@Override
	public Mono<Void> close() {
		return Mono.fromRunnable(() -> {
			this.open = false;
			Disposable current = this.connection;
			if (current != null) {
				current.dispose();
			}
			BackendUnavailableException closed = new BackendUnavailableException(this.backend, "closed the connection");
			this.endpoint.tryEmitError(closed);
			end(Sinks.Many::tryEmitComplete);
		});
	}

}
