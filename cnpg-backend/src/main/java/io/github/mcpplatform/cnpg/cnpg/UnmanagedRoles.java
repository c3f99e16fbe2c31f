package io.github.mcpplatform.cnpg.cnpg;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * Roles a cluster has that {@code spec.managed.roles} does not declare. Declaring one of them as a
 * managed role does not create a new role: CNPG adopts the existing one and rewrites its attributes,
 * memberships and password.
 *
 * @see <a href="https://cloudnative-pg.io/documentation/current/declarative_role_management/">CNPG
 *     declarative role management</a>
 */
public final class UnmanagedRoles {

	/** CNPG's default application database and owner when the bootstrap section names none. */
	static final String DEFAULT_APPLICATION_OWNER = "app";

	private UnmanagedRoles() {
	}

	/**
	 * The owner of the application database, whose password CNPG keeps setting from the cluster's
	 * application secret ({@code <cluster>-app}). The defaulting webhook writes it into
	 * {@code spec.bootstrap}; before that (or without the webhook) CNPG's defaults apply: the owner is
	 * the database's name, and the database is {@code app}.
	 */
	public static String applicationOwner(GenericKubernetesResource cluster) {
		for (String method : List.of("initdb", "recovery", "pg_basebackup")) {
			Map<String, Object> bootstrap = cluster.get("spec", "bootstrap", method);
			if (bootstrap != null) {
				return text(bootstrap.get("owner"), text(bootstrap.get("database"), DEFAULT_APPLICATION_OWNER));
			}
		}
		return DEFAULT_APPLICATION_OWNER;
	}

	/**
	 * The roles the operator found in PostgreSQL that nothing manages
	 * ({@code status.managedRolesStatus.byStatus["not-managed"]}). CNPG reports them only once the
	 * cluster has at least one managed role, so an empty list does not prove there are none.
	 */
	public static List<String> reportedNotManaged(GenericKubernetesResource cluster) {
		List<String> names = cluster.get("status", "managedRolesStatus", "byStatus", "not-managed");
		return names == null ? List.of() : names;
	}

	private static String text(Object value, String otherwise) {
		return value instanceof String s && !s.isBlank() ? s : otherwise;
	}

}
