package io.github.mcpplatform.gateway.auth;

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
 * The TLS trust for fetching client metadata documents: the JDK's certificate authorities, plus those of a
 * PEM file when an operator's own clients publish their documents behind an internal CA.
 */
final class TrustedCertificates {

	private TrustedCertificates() {
	}

	static SslContext sslContext(@Nullable Path extraPem) {
		try {
			SslContextBuilder builder = SslContextBuilder.forClient();
			if (extraPem != null) {
				List<X509Certificate> trusted = new ArrayList<>(Arrays.asList(jdkDefaults().getAcceptedIssuers()));
				trusted.addAll(read(extraPem));
				builder.trustManager(trusted);
			}
			return builder.build();
		}
		catch (SSLException e) {
			throw new IllegalStateException("Could not set up TLS for client metadata documents: " + e.getMessage(), e);
		}
	}

	/** The certificates of a PEM file; an error that names the file when it holds none or cannot be read. */
	static List<X509Certificate> read(Path pem) {
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
