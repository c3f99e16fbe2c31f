package io.github.mcpplatform.gateway.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.github.mcpplatform.gateway.auth.AuthorizationServer;
import io.github.mcpplatform.gateway.auth.ClientAddresses;

/**
 * The sign-in settings, checked once at startup: an unsafe or incomplete {@code gateway.auth.*}
 * configuration stops the gateway with a message that says what to set.
 *
 * @param oauth whether {@code gateway.auth.mode=oauth}
 * @param issuer the gateway's issuer and the base of its resource URLs: {@code gateway.public-url}
 *     canonicalised (lower-case scheme and host, no trailing slash)
 */
record AuthSettings(boolean oauth, String issuer, String upstreamIssuer, String oidcTestAudience) {

	/** A longer grace lets a stolen, rotated refresh token be used longer (RFC 9700 4.14.2). */
	static final Duration MAX_REFRESH_GRACE = Duration.ofSeconds(60);

	static AuthSettings check(GatewayProperties properties) {
		String issuer = canonical(properties.publicUrl());
		GatewayProperties.Auth auth = properties.auth();
		List<String> problems = new ArrayList<>(trustedProxyProblems(properties.trustedProxies()));
		if (auth.mode() != GatewayProperties.Auth.Mode.OAUTH) {
			if (!problems.isEmpty()) {
				throw new StartupRefusedException("The gateway is not configured correctly:\n - " + String.join("\n - ", problems));
			}
			return new AuthSettings(false, issuer, "", "");
		}
		URI publicUrl = properties.publicUrl();
		if (!"https".equalsIgnoreCase(publicUrl.getScheme()) && !isLoopback(publicUrl.getHost())) {
			problems.add("gateway.public-url must be https (clients send tokens to it); http is allowed only for "
					+ "loopback, it is " + publicUrl);
		}
		if (publicUrl.getRawPath() != null && !publicUrl.getRawPath().isEmpty() && !"/".equals(publicUrl.getRawPath())
				|| publicUrl.getRawQuery() != null || publicUrl.getRawFragment() != null) {
			problems.add("gateway.public-url must be an origin (scheme, host, port), the issuer at the root where every "
					+ "MCP client looks for it; it is " + publicUrl);
		}
		GatewayProperties.Auth.Upstream upstream = auth.upstream();
		if (upstream.issuerUri() == null) {
			problems.add("set gateway.auth.upstream.issuer-uri to your identity provider's issuer (Auth0: "
					+ "https://TENANT.auth0.com/ with the trailing slash)");
		}
		if (blank(upstream.clientId()) || blank(upstream.clientSecret())) {
			problems.add("set gateway.auth.upstream.client-id and gateway.auth.upstream.client-secret to the gateway's "
					+ "confidential client at the identity provider (docs/auth.md)");
		}
		if (properties.store() == GatewayProperties.Store.REDIS) {
			if (auth.tokenEncryptionKeyFile() == null) {
				problems.add("with gateway.store=redis set gateway.auth.token-encryption-key-file to a file holding a base64 "
						+ "32-byte key (openssl rand -base64 32), shared by every replica, so upstream tokens are encrypted "
						+ "in Redis");
			}
			if (properties.identity().signingKeyFile() == null) {
				problems.add("with gateway.store=redis (several replicas) set gateway.identity.signing-key-file: every "
						+ "replica must sign and verify tokens with the same key (docs/auth.md)");
			}
		}
		String oidcTestAudience = auth.oidcTest().audience() != null ? auth.oidcTest().audience() : upstream.audience();
		if (auth.oidcTest().enabled() && blank(oidcTestAudience)) {
			problems.add("gateway.auth.oidc-test.enabled needs an audience the upstream's tokens must carry: set "
					+ "gateway.auth.oidc-test.audience (or gateway.auth.upstream.audience)");
		}
		Duration grace = auth.refreshTokenGrace();
		if (grace.isNegative() || grace.compareTo(MAX_REFRESH_GRACE) > 0) {
			problems.add("gateway.auth.refresh-token-grace must be between 0s and " + MAX_REFRESH_GRACE.toSeconds()
					+ "s (a rotated refresh token stays usable that long), it is " + grace);
		}
		problems.addAll(clientMetadataProblems(auth.clientMetadata()));
		Duration signInLifetime = auth.signIn().lifetime();
		if (signInLifetime.compareTo(Duration.ofMinutes(1)) < 0 || signInLifetime.compareTo(Duration.ofMinutes(30)) > 0) {
			problems.add("gateway.auth.sign-in.lifetime must be between 1m and 30m (a person reads the consent page, then "
					+ "signs in at the identity provider), it is " + signInLifetime);
		}
		if (!problems.isEmpty()) {
			throw new StartupRefusedException("gateway.auth.mode=oauth is not configured safely:\n - "
					+ String.join("\n - ", problems));
		}
		return new AuthSettings(true, issuer, upstream.issuerUri().toString(),
				oidcTestAudience == null ? "" : oidcTestAudience);
	}

	private static List<String> trustedProxyProblems(List<String> trustedProxies) {
		List<String> problems = new ArrayList<>();
		for (String proxy : trustedProxies) {
			String problem = ClientAddresses.problem(proxy);
			if (problem != null) {
				problems.add("gateway.trusted-proxies: " + problem + "; list the address ranges of the proxies in front "
						+ "of the gateway (your ingress controller's pods, e.g. 10.0.0.0/8), or leave it empty when "
						+ "clients connect directly");
			}
		}
		return problems;
	}

	private static List<String> clientMetadataProblems(GatewayProperties.Auth.ClientMetadata documents) {
		List<String> problems = new ArrayList<>();
		for (String network : documents.allowedNetworks()) {
			String problem = AuthorizationServer.networkProblem(network);
			if (problem != null) {
				problems.add("gateway.auth.client-metadata.allowed-networks: " + problem);
			}
		}
		Path certificates = documents.trustedCertificatesFile();
		if (certificates != null && !Files.isReadable(certificates)) {
			problems.add("gateway.auth.client-metadata.trusted-certificates-file " + certificates
					+ " cannot be read; mount the PEM file there or unset it");
		}
		problems.addAll(AuthorizationServer.pinnedProblems(pinned(documents)));
		Duration timeout = documents.fetchTimeout();
		if (timeout.compareTo(Duration.ofMillis(100)) < 0 || timeout.compareTo(Duration.ofSeconds(30)) > 0) {
			problems.add("gateway.auth.client-metadata.fetch-timeout must be between 100ms and 30s, it is " + timeout);
		}
		return problems;
	}

	/** The operator's pinned documents, as the authorization server takes them. */
	static List<AuthorizationServer.PinnedDocument> pinned(GatewayProperties.Auth.ClientMetadata documents) {
		return documents.pinnedClients()
			.stream()
			.map(pin -> new AuthorizationServer.PinnedDocument(pin.clientId(), pin.documentFile(), pin.document(),
					pin.copiedOn(), pin.fetch()))
			.toList();
	}

	/** RFC 9728 / MCP canonical URI: lower-case scheme and host, no trailing slash. */
	static String canonical(URI url) {
		String text = url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getHost().toLowerCase(Locale.ROOT)
				+ (url.getPort() == -1 ? "" : ":" + url.getPort());
		return text;
	}

	private static boolean isLoopback(@Nullable String host) {
		if (host == null) {
			return false;
		}
		if ("localhost".equalsIgnoreCase(host)) {
			return true;
		}
		try {
			return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
		}
		catch (UnknownHostException e) {
			return false;
		}
	}

	private static boolean blank(@Nullable String value) {
		return value == null || value.isBlank();
	}

}
