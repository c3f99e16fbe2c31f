package io.github.mcpplatform.gateway.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import io.netty.handler.ssl.SslContextBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A real HTTPS server on loopback where test clients publish their metadata documents, with a certificate
 * for {@code localhost} only (so that {@code https://127.0.0.1:port} fails verification) from a throwaway CA
 * whose PEM file {@link #caFile()} the gateway can be told to trust.
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
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(256);
			KeyPair ca = generator.generateKeyPair();
			KeyPair leaf = generator.generateKeyPair();
			X509Certificate caCertificate = certificate("CN=Test document CA", ca, "CN=Test document CA", ca.getPrivate(),
					null);
			X509Certificate leafCertificate = certificate("CN=localhost", leaf, "CN=Test document CA", ca.getPrivate(),
					"localhost");
			this.caFile = Files.createTempFile("document-ca", ".pem");
			Files.writeString(this.caFile, pem(caCertificate));
			io.netty.handler.ssl.SslContext tls = SslContextBuilder.forServer(leaf.getPrivate(), leafCertificate, caCertificate)
				.build();
			this.server = HttpServer.create()
				.host("127.0.0.1")
				.port(0)
				.secure(spec -> spec.sslContext(tls))
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
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
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

	private static X509Certificate certificate(String subject, KeyPair keys, String issuer, PrivateKey signer,
			String dnsName) throws Exception {
		Instant now = Instant.now();
		JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
				BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))),
				new X500Name(subject), keys.getPublic());
		if (dnsName != null) {
			builder.addExtension(Extension.subjectAlternativeName, false,
					new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
		}
		else {
			builder.addExtension(Extension.basicConstraints, true, new org.bouncycastle.asn1.x509.BasicConstraints(true));
		}
		return new JcaX509CertificateConverter()
			.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
	}

	private static String pem(X509Certificate certificate) throws Exception {
		return "-----BEGIN CERTIFICATE-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
				+ "\n-----END CERTIFICATE-----\n";
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
