package io.github.mcpplatform.idpsetup.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The chart values that point the gateway at its identity provider and at the Secrets ({@code helm install
 * -f} this file besides your own). They hold no secret, so the file can be committed; a re-run without the
 * management credentials re-renders it from the previous file and the options.
 */
public final class HelmValues {

	private static final YAMLMapper YAML = YAMLMapper.builder().build();

	private HelmValues() {
	}

	/** The values for this client, these Secrets and this public URL. */
	public static String render(String publicUrl, UpstreamClient client, GatewaySecrets.Names secrets) {
		ObjectNode root = YAML.createObjectNode();
		ObjectNode gateway = root.putObject("gateway");
		gateway.put("publicUrl", publicUrl);
		ObjectNode auth = gateway.putObject("auth");
		ObjectNode upstream = auth.putObject("upstream");
		upstream.put("issuerUri", client.issuerUri());
		upstream.put("clientId", client.clientId());
		upstream.put("audience", client.audience());
		upstream.put("groupsClaim", client.groupsClaim());
		reference(upstream.putObject("clientSecret"), secrets.idpSecret(), GatewaySecrets.CLIENT_SECRET);
		reference(auth.putObject("tokenEncryptionKey"), secrets.keysSecret(), GatewaySecrets.TOKEN_ENCRYPTION_KEY);
		reference(gateway.putObject("signingKey"), secrets.keysSecret(), GatewaySecrets.SIGNING_KEY);
		return "# Written by setup-idp: the gateway's identity provider and the Secrets holding its client secret and\n"
				+ "# keys. Pass it to helm install/upgrade with -f, besides your own values. Holds no secret.\n"
				+ YAML.writeValueAsString(root).replaceFirst("^---\n", "");
	}

	/** {@code gateway.auth.upstream.*} of a values file this tool wrote before, when there is one. */
	public static Optional<JsonNode> previousUpstream(Path file) {
		if (!Files.exists(file)) {
			return Optional.empty();
		}
		try {
			JsonNode upstream = YAML.readTree(Files.readString(file)).path("gateway").path("auth").path("upstream");
			return upstream.isObject() ? Optional.of(upstream) : Optional.empty();
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot read " + file, e);
		}
	}

	public static void write(Path file, String values) {
		try {
			Path parent = file.toAbsolutePath().getParent();
			Files.createDirectories(parent);
			Files.writeString(file, values);
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot write " + file, e);
		}
	}

	private static void reference(ObjectNode node, String secret, String key) {
		node.put("existingSecret", secret);
		node.put("key", key);
	}

}
