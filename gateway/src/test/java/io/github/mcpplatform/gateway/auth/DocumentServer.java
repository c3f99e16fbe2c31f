package io.github.mcpplatform.gateway.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;


import io.github.mcpplatform.gateway.TestCertificates;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A real HTTPS server on loopback where test clients publish their metadata documents, with a certificate
 * for {@code localhost} only ({@link TestCertificates}) whose CA file {@link #caFile()} the gateway can be
 * told to trust.
 */
final class DocumentServer implements AutoCloseable {

	/** What a path answers. */
	record Answer(int status, Map<String, String> headers, String body, Duration delay) {

		static Answer json(String body) {
			return new Answer(200, Map.of("Content-Type", "application/json"), body, Duration.ZERO);
		}

		Answer withHeader(String name, String value) {
			Map<String, String> more = new java.util.HashMap<>(this.headers);
			more.put(name, value);
			return new Answer(this.status, Map.copyOf(more), this.body, this.delay);
		}

	}

	private final Map<String, Answer> answers = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

	private final DisposableServer server;

	private final Path caFile;

	DocumentServer() {
		TestCertificates certificates = TestCertificates.forLocalhost();
		try {
			this.caFile = certificates.writeCa(Files.createTempFile("document-ca", ".pem"));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.secure(spec -> spec.sslContext(certificates.nettyServer()))
			.handle((request, response) -> {
				String path = request.path().startsWith("/") ? request.path() : "/" + request.path();
				this.hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
				Answer answer = this.answers.getOrDefault(path, new Answer(404, Map.of(), "", Duration.ZERO));
				answer.headers().forEach(response::header);
				return Mono.delay(answer.delay())
					.then(response.status(answer.status()).sendString(Mono.just(answer.body())).then());
			})
			.bindNow();
	}

	/** The client_id URL of {@code path} on this server, by the name its certificate carries. */
	String url(String path) {
		return "https://localhost:" + this.server.port() + path;
	}

	int port() {
		return this.server.port();
	}

	Path caFile() {
		return this.caFile;
	}

	void answer(String path, Answer answer) {
		this.answers.put(path, answer);
	}

	int hits(String path) {
		AtomicInteger count = this.hits.get(path);
		return count == null ? 0 : count.get();
	}

	/** A valid document for {@code path}, naming itself and a loopback redirect URI. */
	String document(String path, String name, String redirectUri) {
		return """
				{"client_id":"%s","client_name":"%s","redirect_uris":["%s"],"token_endpoint_auth_method":"none",
				"grant_types":["authorization_code","refresh_token"],"response_types":["code"]}"""
			.formatted(url(path), name, redirectUri);
	}

	@Override
	public void close() {
		this.server.disposeNow();
		try {
			Files.deleteIfExists(this.caFile);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}
