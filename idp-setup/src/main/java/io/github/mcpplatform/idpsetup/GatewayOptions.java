package io.github.mcpplatform.idpsetup;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every identity provider shares: the gateway's URL, where the values and Secrets go, what to rotate. */
final class GatewayOptions {

	@Mixin
	SecretsOptions secrets;

	@Option(names = "--public-url", required = true, paramLabel = "URL",
			description = "The gateway's public URL (gateway.publicUrl), e.g. https://mcp.example.com; its callback "
					+ "<URL>/oauth/callback is registered at the identity provider.")
	String publicUrl;

	@Option(names = "--values", defaultValue = "values-idp.yaml", paramLabel = "FILE",
			description = "The Helm values file to write (default: ${DEFAULT-VALUE}); read first on re-runs.")
	Path values;

	@Option(names = "--values-only",
			description = "Do not touch the identity provider (no management credentials needed): re-render the values "
					+ "and Secrets from the previous run's values, the existing Secrets and the options.")
	boolean valuesOnly;

	@Option(names = "--rotate-client-secret", description = "Give the gateway's client a new secret (the old one stops working).")
	boolean rotateClientSecret;

	/** The public URL as the gateway will check it: https (http only on loopback), an origin without path. */
	String checkedPublicUrl() {
		URI url;
		try {
			url = URI.create(this.publicUrl.trim());
		}
		catch (IllegalArgumentException e) {
			throw new UsageException("--public-url " + this.publicUrl + " is not a URL");
		}
		String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
		if (url.getHost() == null || !("https".equals(scheme) || "http".equals(scheme) && loopback(url.getHost()))) {
			throw new UsageException("--public-url must be https (http only for a loopback address, e.g. "
					+ "http://127.0.0.1:8080 through kubectl port-forward), it is " + this.publicUrl);
		}
		if (url.getRawPath() != null && !url.getRawPath().isEmpty() && !"/".equals(url.getRawPath()) || url.getRawQuery() != null
				|| url.getRawFragment() != null || url.getRawUserInfo() != null) {
			throw new UsageException("--public-url must be an origin (scheme, host, port) without path, it is " + this.publicUrl);
		}
		return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + (url.getPort() == -1 ? "" : ":" + url.getPort());
	}

	String callbackUrl() {
		return checkedPublicUrl() + "/oauth/callback";
	}

	private static boolean loopback(String host) {
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

}
