package io.github.mcpplatform.idpsetup;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.Function;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.github.mcpplatform.idpsetup.gateway.GatewayKeys;
import io.github.mcpplatform.idpsetup.gateway.GatewaySecrets;
import io.github.mcpplatform.idpsetup.gateway.HelmValues;
import io.github.mcpplatform.idpsetup.gateway.UpstreamClient;

/**
 * What every identity provider's setup ends with: the gateway's Secrets (client secret, signing key,
 * token-encryption key) applied to the cluster or written as a manifest, and the Helm values that refer to
 * them. Keys that exist are kept unless a rotation is asked for; a key the gateway could not read is an error
 * rather than something silently replaced.
 */
final class GatewayOutput {

	private final GatewayOptions options;

	private final PrintWriter out;

	GatewayOutput(GatewayOptions options, PrintWriter out) {
		this.options = options;
		this.out = out;
	}

	/**
	 * Runs the setup: {@code tenant} gets the Secrets' current client secret (null when there is none yet) and
	 * returns the upstream client to write.
	 */
	int run(Function<String, UpstreamClient> tenant) {
		String publicUrl = this.options.checkedPublicUrl();
		KubernetesClient cluster = this.options.dryRun ? null : cluster();
		try {
			GatewaySecrets secrets = cluster == null
					? GatewaySecrets.inManifest(names(null), this.options.manifest)
					: GatewaySecrets.inCluster(names(cluster), cluster);
			GatewaySecrets.Contents existing = secrets.read();
			UpstreamClient client = tenant.apply(existing.clientSecret());
			String signing = signingKey(existing.signingKeySet());
			String encryption = encryptionKey(existing.tokenEncryptionKey());
			secrets.write(new GatewaySecrets.Contents(client.clientSecret(), signing, encryption));
			this.out.println("Secrets " + this.options.idpSecret + " and " + this.options.keysSecret + ": written to "
					+ secrets.where());
			HelmValues.write(this.options.values, HelmValues.render(publicUrl, client, names(cluster)));
			this.out.println("Helm values: " + this.options.values);
			this.out.println();
			this.out.println("Next: helm upgrade --install mcp chart/mcp-platform -n " + names(cluster).namespace()
					+ " -f your-values.yaml -f " + this.options.values
					+ (this.options.dryRun ? "\n      (first: kubectl apply -f " + this.options.manifest + ")" : ""));
			return 0;
		}
		finally {
			if (cluster != null) {
				cluster.close();
			}
		}
	}

	private String signingKey(String existing) {
		if (existing == null) {
			this.out.println("signing key: generated");
			return GatewayKeys.newSigningKeySet();
		}
		if (this.options.rotateSigningKey) {
			this.out.println("signing key: rotated (the previous key stays published)");
			return GatewayKeys.rotated(existing);
		}
		refuseUnreadable("the signing key (" + GatewaySecrets.SIGNING_KEY + ")", GatewayKeys.signingKeyProblems(existing),
				"--rotate-signing-key");
		this.out.println("signing key: kept");
		return existing;
	}

	private String encryptionKey(String existing) {
		if (existing == null || this.options.rotateEncryptionKey) {
			this.out.println("token-encryption key: " + (existing == null ? "generated" : "rotated (existing sign-ins end)"));
			return GatewayKeys.newTokenEncryptionKey();
		}
		refuseUnreadable("the token-encryption key (" + GatewaySecrets.TOKEN_ENCRYPTION_KEY + ")",
				GatewayKeys.tokenEncryptionKeyProblems(existing), "--rotate-encryption-key");
		this.out.println("token-encryption key: kept");
		return existing;
	}

	private void refuseUnreadable(String what, List<String> problems, String option) {
		if (!problems.isEmpty()) {
			throw new UsageException("the Secret " + this.options.keysSecret + " holds " + what + " that the gateway cannot "
					+ "read (" + String.join("; ", problems) + "): fix it, or replace it with " + option);
		}
	}

	private GatewaySecrets.Names names(KubernetesClient cluster) {
		String namespace = this.options.namespace;
		if (namespace == null || namespace.isBlank()) {
			namespace = cluster != null && cluster.getNamespace() != null ? cluster.getNamespace() : "default";
		}
		return new GatewaySecrets.Names(namespace, this.options.idpSecret, this.options.keysSecret);
	}

	private KubernetesClient cluster() {
		Config config = this.options.context == null ? Config.autoConfigure(null) : Config.autoConfigure(this.options.context);
		return new KubernetesClientBuilder().withConfig(config).build();
	}

}
