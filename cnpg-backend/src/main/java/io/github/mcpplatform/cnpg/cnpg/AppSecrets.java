package io.github.mcpplatform.cnpg.cnpg;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.github.mcpplatform.cnpg.sql.Credentials;

/**
 * The secrets CloudNativePG keeps a cluster's logins in, named and read as the operator writes them
 * ({@code api/v1/cluster_funcs.go}, GetApplicationSecretName and GetSuperuserSecretName; {@code pkg/specs/secrets.go},
 * CreateSecret): type basic-auth, keys {@code username}, {@code password}, {@code dbname} and others.
 */
public final class AppSecrets {

	/** The bootstraps that name the application database, its owner and an own secret, in CNPG's order. */
	private static final List<String> BOOTSTRAPS = List.of("recovery", "pg_basebackup", "initdb");

	/** CNPG's default application database and owner ({@code cluster_defaults.go}). */
	static final String DEFAULT_APP = "app";

	private AppSecrets() {
	}

	/** The secret with the application user's login: the one the bootstrap names, else {@code <cluster>-app}. */
	public static String applicationSecretName(GenericKubernetesResource cluster) {
		for (String bootstrap : BOOTSTRAPS) {
			String named = cluster.get("spec", "bootstrap", bootstrap, "secret", "name");
			if (named != null && !named.isEmpty()) {
				return named;
			}
		}
		return cluster.getMetadata().getName() + "-app";
	}

	/** The superuser's secret when superuser access is enabled, else null. */
	public static @Nullable String superuserSecretName(GenericKubernetesResource cluster) {
		if (!Boolean.TRUE.equals(cluster.get("spec", "enableSuperuserAccess"))) {
			return null;
		}
		String named = cluster.get("spec", "superuserSecret", "name");
		return named != null && !named.isEmpty() ? named : cluster.getMetadata().getName() + "-superuser";
	}

	/** The application database's owner the bootstrap names, else CNPG's default {@code app}. */
	public static String owner(GenericKubernetesResource cluster) {
		return bootstrapValue(cluster, "owner");
	}

	/** The application database the bootstrap names, else CNPG's default {@code app}. */
	public static String database(GenericKubernetesResource cluster) {
		return bootstrapValue(cluster, "database");
	}

	private static String bootstrapValue(GenericKubernetesResource cluster, String key) {
		for (String bootstrap : BOOTSTRAPS) {
			String value = cluster.get("spec", "bootstrap", bootstrap, key);
			if (value != null && !value.isEmpty()) {
				return value;
			}
		}
		return DEFAULT_APP;
	}

	/** The password the secret holds, or null when it has none. */
	public static @Nullable String password(Secret secret) {
		return value(secret, "password");
	}

	/** The login the secret holds, or null when it lacks the user name or the password. */
	public static @Nullable Credentials credentials(Secret secret) {
		String username = value(secret, "username");
		String password = value(secret, "password");
		return username == null || password == null ? null : new Credentials(username, password);
	}

	/** The database the secret names ({@code dbname}), or null when it names none. */
	public static @Nullable String databaseOf(Secret secret) {
		return value(secret, "dbname");
	}

	private static @Nullable String value(Secret secret, String key) {
		Map<String, String> data = secret.getData();
		if (data != null && data.get(key) != null) {
			return decode(data.get(key));
		}
		if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
			return secret.getStringData().get(key);
		}
		return null;
	}

	private static String decode(String base64) {
		return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
	}

}
