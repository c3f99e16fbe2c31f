package io.github.mcpplatform.gateway.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.jspecify.annotations.Nullable;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

/**
 * TLS trust for the gateway's own outbound fetches (client metadata documents, the config repo over
 * https): the JDK's certificate authorities, plus those of a PEM file when the other end sits behind the
 * company's internal CA.
 */
public final class TrustedCertificates {

	private TrustedCertificates() {
	}

	/** For Reactor Netty clients. */
	public static SslContext sslContext(@Nullable Path extraPem) {
		try {
			SslContextBuilder builder = SslContextBuilder.forClient();
			if (extraPem != null) {
				builder.trustManager(trusted(extraPem));
			}
			return builder.build();
		}
		catch (SSLException e) {
			throw new IllegalStateException("Could not set up TLS with " + extraPem + ": " + e.getMessage(), e);
		}
	}

	/** For JDK clients: one trust manager that trusts the JDK's authorities and those of {@code extraPem}. */
	public static TrustManager[] trustManagers(Path extraPem) {
		try {
			KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
			store.load(null, null);
			int alias = 0;
			for (X509Certificate certificate : trusted(extraPem)) {
				store.setCertificateEntry("ca-" + alias++, certificate);
			}
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(store);
			return factory.getTrustManagers();
		}
		catch (GeneralSecurityException | IOException e) {
			throw new IllegalStateException("Could not set up TLS with " + extraPem + ": " + e.getMessage(), e);
		}
	}

	private static List<X509Certificate> trusted(Path extraPem) {
		List<X509Certificate> trusted = new ArrayList<>(Arrays.asList(jdkDefaults().getAcceptedIssuers()));
		trusted.addAll(read(extraPem));
		return trusted;
	}

	/** The certificates of a PEM file; an error that names the file when it holds none or cannot be read. */
	public static List<X509Certificate> read(Path pem) {
		try (InputStream in = Files.newInputStream(pem)) {
			List<X509Certificate> certificates = new ArrayList<>();
			for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
				certificates.add((X509Certificate) certificate);
			}
			if (certificates.isEmpty()) {
				throw new IllegalStateException(pem + " holds no PEM certificate");
			}
			return certificates;
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot read " + pem + ": " + e.getMessage(), e);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(pem + " is not a PEM certificate file: " + e.getMessage(), e);
		}
	}

	private static X509TrustManager jdkDefaults() {
		try {
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init((KeyStore) null);
			for (TrustManager manager : factory.getTrustManagers()) {
				if (manager instanceof X509TrustManager x509) {
					return x509;
				}
			}
			throw new IllegalStateException("The JDK has no X.509 trust manager");
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

}
