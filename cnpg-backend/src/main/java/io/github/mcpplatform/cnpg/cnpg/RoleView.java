package io.github.mcpplatform.cnpg.cnpg;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * A managed role of a cluster ({@code spec.managed.roles[]}) with what the operator reported about it
 * ({@code status.managedRolesStatus}).
 *
 * @param status {@code reconciled}, {@code pending-reconciliation}, {@code cannot-reconcile} (see
 *     {@code errors}), or null when the operator has not reported yet
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties("attributes")
public record RoleView(String name, String ensure, boolean login, boolean superuser, boolean inherit,
		boolean createdb, boolean createrole, boolean replication, boolean bypassrls,
		@Nullable String passwordSecret, @Nullable String status, @Nullable List<String> errors) {

	/** The role's attributes by their CNPG names, in {@link RoleManifests#ATTRIBUTES} order. */
	public Map<String, Boolean> attributes() {
		Map<String, Boolean> attributes = new LinkedHashMap<>();
		attributes.put("login", this.login);
		attributes.put("superuser", this.superuser);
		attributes.put("inherit", this.inherit);
		attributes.put("createdb", this.createdb);
		attributes.put("createrole", this.createrole);
		attributes.put("replication", this.replication);
		attributes.put("bypassrls", this.bypassrls);
		return attributes;
	}

	/** The roles of a cluster, in spec order. */
	public static List<RoleView> all(GenericKubernetesResource cluster) {
		List<Map<String, Object>> entries = entries(cluster);
		List<RoleView> roles = new ArrayList<>(entries.size());
		for (Map<String, Object> entry : entries) {
			roles.add(of(entry, cluster));
		}
		return roles;
	}

	/** The raw {@code spec.managed.roles} list, empty when there is none. */
	public static List<Map<String, Object>> entries(GenericKubernetesResource cluster) {
		List<Map<String, Object>> entries = cluster.get("spec", "managed", "roles");
		return entries == null ? List.of() : entries;
	}

	/** The index of a role in {@code spec.managed.roles}, or -1. */
	public static int indexOf(GenericKubernetesResource cluster, String role) {
		List<Map<String, Object>> entries = entries(cluster);
		for (int i = 0; i < entries.size(); i++) {
			if (Objects.equals(role, entries.get(i).get("name"))) {
				return i;
			}
		}
		return -1;
	}

	private static RoleView of(Map<String, Object> entry, GenericKubernetesResource cluster) {
		String name = String.valueOf(entry.get("name"));
		Object ensure = entry.getOrDefault("ensure", "present");
		String secret = GenericKubernetesResource.get(entry, "passwordSecret", "name");
		List<String> errors = cluster.get("status", "managedRolesStatus", "cannotReconcile", name);
		return new RoleView(name, String.valueOf(ensure), flag(entry, "login", false), flag(entry, "superuser", false),
				flag(entry, "inherit", true), flag(entry, "createdb", false), flag(entry, "createrole", false),
				flag(entry, "replication", false), flag(entry, "bypassrls", false), secret,
				errors != null ? "cannot-reconcile" : reportedStatus(cluster, name), errors);
	}

	private static @Nullable String reportedStatus(GenericKubernetesResource cluster, String name) {
		Map<String, List<String>> byStatus = cluster.get("status", "managedRolesStatus", "byStatus");
		if (byStatus == null) {
			return null;
		}
		return byStatus.entrySet()
			.stream()
			.filter(e -> e.getValue() != null && e.getValue().contains(name))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElse(null);
	}

	private static boolean flag(Map<String, Object> entry, String key, boolean defaultValue) {
		return entry.get(key) instanceof Boolean b ? b : defaultValue;
	}

}
