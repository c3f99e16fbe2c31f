package io.github.mcpplatform.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

/**
 * A throwaway certificate authority and a server certificate for {@code localhost} only (so that
 * {@code https://127.0.0.1} fails host name verification), for the real TLS servers of the tests. The
 * gateway is told to trust the CA through its {@code trusted-certificates-file} settings.
 */
public final class TestCertificates {

	private final KeyPair leaf;

	private final X509Certificate leafCertificate;

	private final X509Certificate caCertificate;

	private TestCertificates(KeyPair leaf, X509Certificate leafCertificate, X509Certificate caCertificate) {
		this.leaf = leaf;
		this.leafCertificate = leafCertificate;
		this.caCertificate = caCertificate;
	}

	public static TestCertificates forLocalhost() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(256);
			KeyPair ca = generator.generateKeyPair();
			KeyPair leaf = generator.generateKeyPair();
			String caName = "CN=Test CA " + System.nanoTime();
			X509Certificate caCertificate = certificate(caName, ca, caName, ca.getPrivate(), null);
			X509Certificate leafCertificate = certificate("CN=localhost", leaf, caName, ca.getPrivate(), "localhost");
			return new TestCertificates(leaf, leafCertificate, caCertificate);
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	/** Writes the CA certificate as PEM: what an operator mounts as {@code trusted-certificates-file}. */
	public Path writeCa(Path file) {
		try {
			return Files.writeString(file, "-----BEGIN CERTIFICATE-----\n"
					+ Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(this.caCertificate.getEncoded())
					+ "\n-----END CERTIFICATE-----\n");
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (java.security.cert.CertificateEncodingException e) {
			throw new IllegalStateException(e);
		}
	}

	/** For Reactor Netty servers. */
	public SslContext nettyServer() {
		try {
			return SslContextBuilder.forServer(this.leaf.getPrivate(), this.leafCertificate, this.caCertificate).build();
		}
		catch (javax.net.ssl.SSLException e) {
			throw new IllegalStateException(e);
		}
	}

	/** For JDK servers ({@code com.sun.net.httpserver.HttpsServer}). */
	public SSLContext jdkServer() {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			char[] password = "test".toCharArray();
			store.setKeyEntry("server", this.leaf.getPrivate(), password,
					new Certificate[] { this.leafCertificate, this.caCertificate });
			KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init(store, password);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keys.getKeyManagers(), null, null);
			return context;
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	private static X509Certificate certificate(String subject, KeyPair keys, String issuer, PrivateKey signer,
			String dnsName) throws Exception {
		Instant now = Instant.now();
		JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
				BigInteger.valueOf(System.nanoTime()), Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))),
				new X500Name(subject), keys.getPublic());
		if (dnsName != null) {
			builder.addExtension(Extension.subjectAlternativeName, false,
					new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
		}
		else {
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
		}
		return new JcaX509CertificateConverter()
			.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
	}

}
