package io.github.mcpplatform.cnpg.tools;

/**
 * A group of tools that can be switched off as a whole ({@code cnpg.tools.toolsets}), so that a team serves
 * only what its people need and a model chooses among fewer tools.
 */
public enum Toolset {

	/** Listing, reading, creating, scaling and deleting clusters. */
	CLUSTERS,

	/** PostgreSQL roles managed by CloudNativePG ({@code spec.managed.roles}). */
	ROLES,

	/** PostgreSQL databases as CloudNativePG {@code Database} objects. */
	DATABASES,

	/** Backups, backup schedules, and restoring a new cluster from a backup. */
	BACKUPS,

	/** PgBouncer connection poolers as CloudNativePG {@code Pooler} objects. */
	POOLERS,

	/** Day-2 operations on a running cluster: switchover, restart, reload, hibernation, fencing. */
	OPERATIONS,

	/** Reading why a cluster is unwell: health per instance, events, instance logs, connection info. */
	DIAGNOSTICS,

	/**
	 * Read-only SQL on a cluster's PostgreSQL, and predefined checks. Off by default: it shows the data itself, so a
	 * team switches it on knowingly ({@code cnpg.tools.toolsets}).
	 */
	SQL

}
