package io.github.mcpplatform.cnpg.tools;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.mcpplatform.cnpg.cnpg.RoleManifests;

/** Parameters of the role tools. */
final class RoleParams {

	private static final String RESERVED = "is reserved by PostgreSQL or CloudNativePG; choose another name";

	/** A managed role to change or drop. */
	static final Param<String> ROLE_NAME = Param
		.existingPostgresName("role_name", "PostgreSQL role name, e.g. 'app_reader'.")
		.refusing(RoleParams::isReserved, RESERVED);

	/** A role to create: no '-', so that its secret name is its own (see {@link Param#POSTGRES_NAME}). */
	static final Param<String> NEW_ROLE_NAME = Param
		.postgresName("role_name", "PostgreSQL role name, e.g. 'app_reader' (letters, digits and '_').")
		.refusing(RoleParams::isReserved, RESERVED);

	private static final Map<String, String> DESCRIPTIONS = Map.of("login", "May log in (LOGIN).", "superuser",
			"Superuser: bypasses every permission check. Grant sparingly.", "inherit",
			"Inherits the privileges of the roles it is a member of.", "createdb", "May create databases.",
			"createrole", "May create, alter and drop other roles.", "replication", "May start streaming replication.",
			"bypassrls", "Bypasses row-level security policies.");

	/**
	 * Attributes that amount to superuser access to the cluster: {@code superuser} itself, and
	 * {@code replication}, which may stream (and so read) every database's files. CNPG's security
	 * documentation: write access to role definitions with these "is equivalent to superuser access".
	 */
	static final Set<String> PRIVILEGED = Set.of("superuser", "replication");

	private RoleParams() {
	}

	/**
	 * The attribute flags, optional and without defaults (for updates). Unless {@code allowPrivileged},
	 * the {@link #PRIVILEGED} ones refuse {@code true} (turning them off stays possible).
	 */
	static List<Param<Boolean>> attributes(boolean allowPrivileged) {
		return RoleManifests.ATTRIBUTES.stream().map(attribute -> {
			Param<Boolean> flag = Param.flag(attribute, DESCRIPTIONS.get(attribute)).optional();
			if (allowPrivileged || !PRIVILEGED.contains(attribute)) {
				return flag;
			}
			return flag.describedAs(DESCRIPTIONS.get(attribute) + " Only false unless the backend's operator sets "
					+ ToolsProperties.PREFIX + ".allow-privileged-roles=true.")
				.refusing(on -> on, "is not allowed on this backend: a role with superuser or replication has "
						+ "superuser access to the cluster's data, so nothing was changed. The backend's operator can "
						+ "allow it by setting " + ToolsProperties.PREFIX + ".allow-privileged-roles=true "
						+ "(docs/configuration.md).");
		}).toList();
	}

	/** The attribute flags with PostgreSQL's defaults for a new login role (for creation). */
	static List<Param<Boolean>> withDefaults(List<Param<Boolean>> attributes) {
		return attributes.stream().map(p -> p.defaultsTo(p.name().equals("login") || p.name().equals("inherit"))).toList();
	}

	/** Roles CNPG manages itself or PostgreSQL reserves (CNPG's {@code postgres.IsRoleReserved}). */
	private static boolean isReserved(String name) {
		return name.equals("postgres") || name.equals("streaming_replica") || name.startsWith("pg_")
				|| name.startsWith("cnpg_");
	}

	/** The attributes of a call: all of them with defaults, or only those given. */
	static Map<String, Boolean> attributes(ToolCall call, List<Param<Boolean>> params, boolean onlyGiven) {
		Map<String, Boolean> attributes = new LinkedHashMap<>();
		params.stream().filter(p -> !onlyGiven || call.has(p)).forEach(p -> attributes.put(p.name(), call.get(p)));
		return attributes;
	}

	/** The attributes that are on, e.g. "login, inherit", or "no attributes". */
	static String describe(Map<String, Boolean> attributes) {
		String on = attributes.entrySet()
			.stream()
			.filter(Map.Entry::getValue)
			.map(Map.Entry::getKey)
			.collect(Collectors.joining(", "));
		return on.isEmpty() ? "no attributes" : on;
	}

}
