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
 * What every setup ends with: the gateway's Secrets (client secret, signing key, token-encryption key) applied
 * to the cluster or written as a manifest, and the Helm values that refer to them. Keys that exist are kept
 * unless a rotation is asked for; a key the gateway could not read is an error rather than something silently
 * replaced.
 */
final class GatewayOutput {

	private final SecretsOptions options;

	private final PrintWriter out;

	GatewayOutput(SecretsOptions options, PrintWriter out) {
		this.options = options;
		this.out = out;
	}

	/**
	 * Sets up the identity provider and writes everything: {@code tenant} gets the Secrets' current client secret
	 * (null when there is none yet) and returns the upstream client to write.
	 */
	int run(GatewayOptions gateway, Function<String, UpstreamClient> tenant) {
		String publicUrl = gateway.checkedPublicUrl();
		return withSecrets((secrets, names) -> {
			GatewaySecrets.Contents existing = secrets.read();
			UpstreamClient client = tenant.apply(existing.clientSecret());
			secrets.write(new GatewaySecrets.Contents(client.clientSecret(), signingKey(existing.signingKeySet()),
					encryptionKey(existing.tokenEncryptionKey())));
			this.out.println("Secrets " + names.idpSecret() + " and " + names.keysSecret() + ": written to " + secrets.where());
			HelmValues.write(gateway.values, HelmValues.render(publicUrl, client, names));
			this.out.println("Helm values: " + gateway.values);
			this.out.println();
			this.out.println("Next: helm upgrade --install mcp chart/mcp-platform -n " + names.namespace()
					+ " -f your-values.yaml -f " + gateway.values
					+ (this.options.dryRun ? "\n      (first: kubectl apply -f " + this.options.manifest + ")" : ""));
		});
	}

	/** Writes the keys Secret only (the local profile's bundled Keycloak needs no setup). */
	int keys() {
		return withSecrets((secrets, names) -> {
			GatewaySecrets.Contents existing = secrets.read();
			secrets.writeKeys(signingKey(existing.signingKeySet()), encryptionKey(existing.tokenEncryptionKey()));
			this.out.println("Secret " + names.keysSecret() + ": written to " + secrets.where());
		});
	}

	private interface SecretsWork {

		void run(GatewaySecrets secrets, GatewaySecrets.Names names);

	}

	private int withSecrets(SecretsWork work) {
		KubernetesClient cluster = this.options.dryRun ? null : cluster();
		try {
			GatewaySecrets.Names names = names(cluster);
			work.run(cluster == null ? GatewaySecrets.inManifest(names, this.options.manifest)
					: GatewaySecrets.inCluster(names, cluster), names);
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
		Config config = Config.autoConfigure(this.options.context);
		return new KubernetesClientBuilder().withConfig(config).build();
	}

}
