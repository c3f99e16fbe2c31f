package io.github.mcpplatform.idpsetup;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** Where the gateway's Secrets go (the cluster's current context, or a manifest) and which keys to rotate. */
final class SecretsOptions {

	@Option(names = "--namespace", paramLabel = "NAMESPACE",
			description = "The namespace of the Secrets (the release's); default: the kubeconfig context's, else default.")
	String namespace;

	@Option(names = "--context", paramLabel = "CONTEXT", description = "The kubeconfig context (default: the current one).")
	String context;

	@Option(names = "--client-secret-name", defaultValue = "mcp-idp", paramLabel = "NAME",
			description = "The Secret holding the client secret (key client-secret; default: ${DEFAULT-VALUE}).")
	String idpSecret;

	@Option(names = "--keys-secret-name", defaultValue = "mcp-gateway-keys", paramLabel = "NAME",
			description = "The Secret holding the gateway's keys (signing.jwks, token-encryption.key; default: ${DEFAULT-VALUE}).")
	String keysSecret;

	@Option(names = "--dry-run", description = "Write the Secrets to a manifest file (--manifest) instead of applying them.")
	boolean dryRun;

	@Option(names = "--manifest", defaultValue = "secrets-idp.yaml", paramLabel = "FILE",
			description = "With --dry-run: the Secrets' manifest (default: ${DEFAULT-VALUE}), readable by you only; read first on re-runs.")
	Path manifest;

	@Option(names = "--rotate-signing-key",
			description = "Sign with a new key; the previous one stays published so tokens it signed keep working until they expire.")
	boolean rotateSigningKey;

	@Option(names = "--rotate-encryption-key",
			description = "A new token-encryption key: every existing sign-in ends (its stored upstream tokens become unreadable).")
	boolean rotateEncryptionKey;

}
