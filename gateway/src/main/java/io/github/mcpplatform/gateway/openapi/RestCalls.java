package io.github.mcpplatform.gateway.openapi;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import io.github.mcpplatform.gateway.backend.BackendCredential;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTTP requests of OpenAPI backends: to the API's base URL only, never following a redirect, each bounded by
 * the backend's timeout and by {@code max-response-size}. Every outcome is a tool result: the API's answer, or
 * an error that says what happened without the credential.
 */
final class RestCalls {

	private static final String ACCEPT = "application/json, text/plain;q=0.9, */*;q=0.5";

	private final WebClient web;

	private final int maxResponseBytes;

	private final int maxDocumentBytes;

	private final Answers answers;

	/**
	 * @param connector the HTTP connections: the gateway's backend connector, so that a call is made from the event
	 *     loop that serves the client ({@link io.github.mcpplatform.gateway.backend.ColocatedConnector}). Reactor Netty
	 *     follows no redirect unless told to, so the only host reached is the one of the request.
	 */
	RestCalls(ClientHttpConnector connector, int maxResponseBytes, int maxDocumentBytes, Answers answers) {
		this.web = WebClient.builder().clientConnector(connector).build();
		this.maxResponseBytes = maxResponseBytes;
		this.maxDocumentBytes = maxDocumentBytes;
		this.answers = answers;
	}

	/** Sends the request; the API's answer (or why there is none) as a tool result. */
	Mono<ObjectNode> call(RestRequest request, BackendCredential credential, Duration timeout) {
		WebClient.RequestBodySpec spec = this.web.method(HttpMethod.valueOf(request.method())).uri(request.uri()).headers(headers -> {
			request.headers().forEach(header -> headers.add(header.getKey(), header.getValue()));
			headers.set("Accept", ACCEPT);
			credential.applyTo(headers);
		});
		if (request.body() != null) {
			spec.contentType(MediaType.APPLICATION_JSON).bodyValue(request.body());
		}
		return spec.exchangeToMono(response -> DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers()), this.maxResponseBytes)
			.map(buffer -> {
				byte[] bytes = new byte[buffer.readableByteCount()];
				buffer.read(bytes);
				DataBufferUtils.release(buffer);
				return bytes;
			})
			.defaultIfEmpty(new byte[0])
			.map(body -> this.answers.of(request, response.statusCode().value(), response.headers().contentType().orElse(null),
					body, credential.value())))
			.timeout(timeout, Mono.error(TimeoutException::new))
			.onErrorResume(DataBufferLimitException.class, e -> Mono.just(Answers.error("The API's answer to " + request.label()
					+ " is larger than " + this.maxResponseBytes / 1024 + " KB (gateway.backends.openapi.max-response-size): "
					+ "it is not passed on. Ask for less, e.g. with the operation's paging or filter parameters.")))
			.onErrorResume(TimeoutException.class, e -> Mono.just(Answers.error("The API did not answer " + request.label()
					+ " within " + timeout.toMillis() + " ms (the backend's timeout); it may still do the work.")))
			.onErrorResume(WebClientRequestException.class, e -> Mono.just(Answers.error("The API could not be reached for "
					+ request.label() + ": " + reason(e))));
	}

	/** The text of a document at a URL of its own origin, with the backend's credential when it is the API's origin. */
	Mono<String> document(URI location, BackendCredential credential, Duration timeout) {
		return this.web.get().uri(location).headers(headers -> {
			headers.set("Accept", "application/yaml, application/json;q=0.9, */*;q=0.5");
			credential.applyTo(headers);
		})
			.exchangeToMono(response -> {
				if (!response.statusCode().is2xxSuccessful()) {
					return response.releaseBody().then(Mono.error(new DocumentException("reading " + location + " answered HTTP "
							+ response.statusCode().value())));
				}
				return DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers()), this.maxDocumentBytes)
					.map(buffer -> {
						String text = buffer.toString(StandardCharsets.UTF_8);
						DataBufferUtils.release(buffer);
						return text;
					});
			})
			.timeout(timeout, Mono.error(() -> new DocumentException("reading " + location + " took longer than "
					+ timeout.toSeconds() + " s")))
			.onErrorMap(DataBufferLimitException.class, e -> new DocumentException(location + " is larger than "
					+ "gateway.backends.openapi.max-document-size"))
			.onErrorMap(WebClientRequestException.class, e -> new DocumentException("cannot read " + location + ": " + reason(e)));
	}

	private static String reason(WebClientRequestException e) {
		Throwable cause = e.getMostSpecificCause();
		return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")");
	}

}
