package io.github.mcpplatform.cnpg.cnpg;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

/**
 * What this backend sends to manage a PostgreSQL role as a CNPG managed role ({@code spec.managed.roles}).
 *
 * <p>
 * List edits are RFC 6902 JSON patches whose first operation tests that the entry at the index is
 * still the role we mean, so a concurrent edit of the list makes the patch fail instead of changing
 * the wrong role.
 *
 * @see <a href="https://cloudnative-pg.io/documentation/current/declarative_role_management/">CNPG
 *     declarative role management</a>
 */
public final class RoleManifests {

	/** Role attributes a tool may set, as CNPG names them. */
	public static final List<String> ATTRIBUTES = List.of("login", "superuser", "inherit", "createdb", "createrole",
			"replication", "bypassrls");

	/** The path a patch tests to apply only to the version of the cluster it was computed from. */
	public static final String VERSION_PATH = "/metadata/resourceVersion";

	private RoleManifests() {
	}

	/** {@code cnpg-<cluster>-user-<role>}, with {@code _} turned into {@code -} (secret names are RFC 1123). */
	public static String secretName(String cluster, String role) {
		return "cnpg-" + cluster + "-user-" + role.replace('_', '-');
	}

	/**
	 * The basic-auth secret CNPG reads the role's password from, labelled so that CNPG applies a new
	 * password at once and so that this backend knows the secret is its own. It is owned by the cluster,
	 * as CNPG's own secrets are, so that it goes with a cluster deleted by any means (kubectl, GitOps), and
	 * a later cluster of the same name does not find a live password waiting.
	 *
	 * @param clusterUid the cluster's {@code metadata.uid}
	 */
	public static Secret passwordSecret(String namespace, String cluster, String clusterUid, String role, String password) {
		return new SecretBuilder().withNewMetadata()
			.withName(secretName(cluster, role))
			.withNamespace(namespace)
			.addNewOwnerReference()
			.withApiVersion(CnpgKinds.API_VERSION)
			.withKind(CnpgKinds.CLUSTER.getKind())
			.withName(cluster)
			.withUid(clusterUid)
			.withController(false)
			.withBlockOwnerDeletion(false)
			.endOwnerReference()
			.addToLabels(CnpgKinds.CLUSTER_LABEL, cluster)
			.addToLabels(CnpgKinds.RELOAD_LABEL, "true")
			.addToLabels(CnpgKinds.MANAGED_BY_LABEL, CnpgKinds.MANAGED_BY)
			.addToLabels(CnpgKinds.ROLE_LABEL, role)
			.endMetadata()
			.withType("kubernetes.io/basic-auth")
			.addToData("username", base64(role))
			.addToData("password", base64(password))
			.build();
	}

	/**
	 * Whether a secret this backend created holds the password of this role of this cluster. Secret names
	 * are not unique per role (cluster {@code a-user-b}, role {@code c} and cluster {@code a}, role
	 * {@code b_user_c} share one), so the name alone never proves it. CNPG reads the {@code username} key
	 * and refuses a secret whose username is another role's, so that key decides; the cluster label tells
	 * two clusters' roles of the same name apart.
	 */
	public static boolean isPasswordSecretOf(Secret secret, String cluster, String role) {
		return SecretRepository.isOwn(secret) && cluster.equals(secret.getMetadata().getLabels().get(CnpgKinds.CLUSTER_LABEL))
				&& role.equals(username(secret));
	}

	/** The role a password secret is for (its {@code username} key), or null. */
	public static @Nullable String username(Secret secret) {
		String encoded = secret.getData() == null ? null : secret.getData().get("username");
		if (encoded == null) {
			return null;
		}
		try {
			return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException notBase64) {
			return null;
		}
	}

	/** The merge patch that puts a new password into an existing secret (and keeps it reloading). */
	public static Map<String, Object> passwordPatch(String password) {
		return Map.of("metadata", Map.of("labels", Map.of(CnpgKinds.RELOAD_LABEL, "true")), "data",
				Map.of("password", base64(password)));
	}

	/** A {@code spec.managed.roles} entry; {@code attributes} uses the names in {@link #ATTRIBUTES}. */
	public static Map<String, Object> roleEntry(String role, Map<String, Boolean> attributes, String secretName) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("name", role);
		entry.put("ensure", "present");
		ATTRIBUTES.stream().filter(attributes::containsKey).forEach(a -> entry.put(a, attributes.get(a)));
		entry.put("passwordSecret", Map.of("name", secretName));
		return entry;
	}

	/**
	 * Appends a role entry, creating {@code spec.managed} or its {@code roles} list when missing. An
	 * {@code add} of a container replaces it if it appeared meanwhile (another role, or
	 * {@code spec.managed.services} written by someone else), so those two shapes first test that the
	 * cluster is still the version that was read.
	 *
	 * @param managed the cluster's current {@code spec.managed}, or null
	 * @param resourceVersion the {@code metadata.resourceVersion} of the cluster {@code managed} was read from
	 */
	public static List<Map<String, Object>> addRole(@Nullable Map<String, Object> managed, Map<String, Object> entry,
			String resourceVersion) {
		if (managed == null) {
			return List.of(testVersion(resourceVersion), op("add", "/spec/managed", Map.of("roles", List.of(entry))));
		}
		if (managed.get("roles") == null) {
			return List.of(testVersion(resourceVersion), op("add", "/spec/managed/roles", List.of(entry)));
		}
		return List.of(op("add", "/spec/managed/roles/-", entry));
	}

	/** Whether a patch applies only to the version of the cluster it was computed from. */
	public static boolean testsResourceVersion(List<Map<String, Object>> patch) {
		return !patch.isEmpty() && "test".equals(patch.get(0).get("op")) && VERSION_PATH.equals(patch.get(0).get("path"));
	}

	private static Map<String, Object> testVersion(String resourceVersion) {
		return op("test", VERSION_PATH, resourceVersion);
	}

	/** Sets attributes of the role at {@code index}, after testing that it is still that role. */
	public static List<Map<String, Object>> updateRole(int index, String role, Map<String, Object> changes) {
		List<Map<String, Object>> ops = new ArrayList<>();
		ops.add(testName(index, role));
		changes.forEach((field, value) -> ops.add(op("add", rolePath(index) + "/" + field, value)));
		return ops;
	}

	/**
	 * Replaces the role at {@code index} with a new entry, after testing that it is still that role: what
	 * the old entry declared ({@code inRoles}, {@code connectionLimit}, {@code validUntil},
	 * {@code disablePassword}...) must not carry over into a role created again.
	 */
	public static List<Map<String, Object>> replaceRole(int index, String role, Map<String, Object> entry) {
		return List.of(testName(index, role), op("replace", rolePath(index), entry));
	}

	/**
	 * Marks the role at {@code index} {@code ensure: absent}, which makes CNPG drop it from PostgreSQL
	 * (removing the entry would only stop managing it and leave it, password and all, in the database).
	 */
	public static List<Map<String, Object>> dropRole(int index, String role, boolean hasPasswordSecret) {
		List<Map<String, Object>> ops = new ArrayList<>();
		ops.add(testName(index, role));
		ops.add(op("add", rolePath(index) + "/ensure", "absent"));
		if (hasPasswordSecret) {
			ops.add(op("remove", rolePath(index) + "/passwordSecret", null));
		}
		return ops;
	}

	private static Map<String, Object> testName(int index, String role) {
		return op("test", rolePath(index) + "/name", role);
	}

	private static String rolePath(int index) {
		return "/spec/managed/roles/" + index;
	}

	private static Map<String, Object> op(String op, String path, Object value) {
		Map<String, Object> operation = new LinkedHashMap<>();
		operation.put("op", op);
		operation.put("path", path);
		if (!"remove".equals(op)) {
			operation.put("value", value);
		}
		return operation;
	}

	private static String base64(String value) {
		return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
	}

}
