package io.github.mcpplatform.idpsetup.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The gateway's two Secrets, named as the chart's values refer to them: one with the identity provider's
 * client secret ({@code client-secret}), one with the gateway's keys ({@code signing.jwks},
 * {@code token-encryption.key}). They live in the cluster (the current kubeconfig context) or, with
 * {@code --dry-run}, in a manifest file; either is read first, so a re-run keeps what is there.
 */
public final class GatewaySecrets {

	public static final String CLIENT_SECRET = "client-secret";

	public static final String SIGNING_KEY = "signing.jwks";

	public static final String TOKEN_ENCRYPTION_KEY = "token-encryption.key";

	private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

	/** Where the Secrets go and what they are called. */
	public record Names(String namespace, String idpSecret, String keysSecret) {
	}

	/** What the Secrets hold; a value is null when it is not there yet. */
	public record Contents(@Nullable String clientSecret, @Nullable String signingKeySet,
			@Nullable String tokenEncryptionKey) {

		@Override
		public String toString() {
			return "Contents[clientSecret=" + (this.clientSecret == null ? "absent" : "set") + ", signingKeySet="
					+ (this.signingKeySet == null ? "absent" : "set") + ", tokenEncryptionKey="
					+ (this.tokenEncryptionKey == null ? "absent" : "set") + "]";
		}

	}

	private final Names names;

	private final @Nullable KubernetesClient cluster;

	private final @Nullable Path manifest;

	private GatewaySecrets(Names names, @Nullable KubernetesClient cluster, @Nullable Path manifest) {
		this.names = names;
		this.cluster = cluster;
		this.manifest = manifest;
	}

	/** The Secrets in the cluster {@code client} talks to. */
	public static GatewaySecrets inCluster(Names names, KubernetesClient client) {
		return new GatewaySecrets(names, client, null);
	}

	/** The Secrets as a manifest file ({@code kubectl apply -f} it), for {@code --dry-run}. */
	public static GatewaySecrets inManifest(Names names, Path file) {
		return new GatewaySecrets(names, null, file);
	}

	public String where() {
		return this.cluster != null ? "namespace " + this.names.namespace() + " of " + this.cluster.getMasterUrl()
				: this.manifest.toString();
	}

	public Contents read() {
		Map<String, String> idp = read(this.names.idpSecret());
		Map<String, String> keys = read(this.names.keysSecret());
		return new Contents(idp.get(CLIENT_SECRET), keys.get(SIGNING_KEY), keys.get(TOKEN_ENCRYPTION_KEY));
	}

	/** Creates or replaces both Secrets with these contents (all three values set). */
	public void write(Contents contents) {
		apply(List.of(secret(this.names.idpSecret(), Map.of(CLIENT_SECRET, contents.clientSecret())),
				keys(contents.signingKeySet(), contents.tokenEncryptionKey())));
	}

	/** Creates or replaces the keys Secret only. */
	public void writeKeys(String signingKeySet, String tokenEncryptionKey) {
		apply(List.of(keys(signingKeySet, tokenEncryptionKey)));
	}

	private Secret keys(String signingKeySet, String tokenEncryptionKey) {
		return secret(this.names.keysSecret(), Map.of(SIGNING_KEY, signingKeySet, TOKEN_ENCRYPTION_KEY, tokenEncryptionKey));
	}

	private void apply(List<Secret> secrets) {
		if (this.cluster != null) {
			for (Secret secret : secrets) {
				this.cluster.secrets().inNamespace(this.names.namespace()).resource(secret)
					.createOr(NonDeletingOperation::update);
			}
			return;
		}
		List<Secret> all = new ArrayList<>(secrets);
		// Secrets of the file this run does not write (the client secret, for `keys`) stay in it.
		for (String other : List.of(this.names.idpSecret(), this.names.keysSecret())) {
			if (secrets.stream().noneMatch(secret -> other.equals(secret.getMetadata().getName()))) {
				fromManifest(other).ifPresent(all::add);
			}
		}
		StringBuilder text = new StringBuilder("# The gateway's Secrets, written by setup-idp --dry-run: kubectl apply -f this file.\n");
		for (Secret secret : all) {
			text.append("---\n").append(SERIALIZATION.asYaml(secret).replaceFirst("^---\n", ""));
		}
		writePrivately(this.manifest, text.toString());
	}

	private Map<String, String> read(String name) {
		Optional<Secret> secret = this.cluster != null
				? Optional.ofNullable(this.cluster.secrets().inNamespace(this.names.namespace()).withName(name).get())
				: fromManifest(name);
		Map<String, String> values = new LinkedHashMap<>();
		secret.ifPresent(found -> {
			if (found.getData() != null) {
				found.getData().forEach((key, value) -> values.put(key,
						new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
			}
			if (found.getStringData() != null) {
				values.putAll(found.getStringData());
			}
		});
		return values;
	}

	private Optional<Secret> fromManifest(String name) {
		if (!Files.exists(this.manifest)) {
			return Optional.empty();
		}
		List<HasMetadata> objects = new ArrayList<>();
		try {
			for (String document : Files.readString(this.manifest).split("(?m)^---\\s*$")) {
				if (document.lines().anyMatch(line -> line.startsWith("kind:"))) {
					Object parsed = SERIALIZATION.unmarshal(document);
					if (parsed instanceof KubernetesList list) {
						objects.addAll(list.getItems());
					}
					else if (parsed instanceof HasMetadata object) {
						objects.add(object);
					}
				}
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot read " + this.manifest, e);
		}
		return objects.stream()
			.filter(Secret.class::isInstance)
			.map(Secret.class::cast)
			.filter(secret -> name.equals(secret.getMetadata().getName()))
			.findFirst();
	}

	private Secret secret(String name, Map<String, String> values) {
		Map<String, String> data = new LinkedHashMap<>();
		values.forEach((key, value) -> data.put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
		return new SecretBuilder().withNewMetadata()
			.withName(name)
			.withNamespace(this.names.namespace())
			.addToLabels("app.kubernetes.io/managed-by", "setup-idp")
			.endMetadata()
			.withType("Opaque")
			.withData(data)
			.build();
	}

	/** Writes a file only its owner can read (it holds secrets). */
	static void writePrivately(Path file, String text) {
		try {
			Path parent = file.toAbsolutePath().getParent();
			Files.createDirectories(parent);
			Path temporary = Files.createTempFile(parent, ".setup-idp-", ".tmp");
			try {
				Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException notPosix) {
				// Windows: the file inherits the directory's ACL.
			}
			Files.writeString(temporary, text);
			Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
					java.nio.file.StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot write " + file, e);
		}
	}

}
