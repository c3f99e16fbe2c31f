package io.github.mcpplatform.cnpg.cnpg;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * The CloudNativePG kinds this backend manages, and the labels it puts on what it creates.
 *
 * @see <a href="https://cloudnative-pg.io/documentation/current/cloudnative-pg.v1/">CNPG API reference</a>
 */
public final class CnpgKinds {

	public static final String GROUP = "postgresql.cnpg.io";

	public static final String API_VERSION = GROUP + "/v1";

	public static final ResourceDefinitionContext CLUSTER = kind("Cluster", "clusters");

	public static final ResourceDefinitionContext DATABASE = kind("Database", "databases");

	public static final ResourceDefinitionContext BACKUP = kind("Backup", "backups");

	public static final ResourceDefinitionContext SCHEDULED_BACKUP = kind("ScheduledBackup", "scheduledbackups");

	/** A PgBouncer deployment in front of a cluster's service. */
	public static final ResourceDefinitionContext POOLER = kind("Pooler", "poolers");

	/** Cluster-wide: maps PostgreSQL major versions to pinned operand images. */
	public static final ResourceDefinitionContext CLUSTER_IMAGE_CATALOG = new ResourceDefinitionContext.Builder()
		.withGroup(GROUP)
		.withVersion("v1")
		.withKind("ClusterImageCatalog")
		.withPlural("clusterimagecatalogs")
		.withNamespaced(false)
		.build();

	/** CNPG's label naming the cluster an object belongs to. */
	public static final String CLUSTER_LABEL = "cnpg.io/cluster";

	/** CNPG's label naming the ScheduledBackup that created a Backup. */
	public static final String SCHEDULED_BACKUP_LABEL = "cnpg.io/scheduled-backup";

	/** Tells CNPG to apply a changed password secret at once instead of at the next reconciliation. */
	public static final String RELOAD_LABEL = "cnpg.io/reload";

	/** Marks the secrets this backend created: it deletes no others. */
	public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

	public static final String MANAGED_BY = "cnpg-mcp-backend";

	/** The PostgreSQL role a password secret belongs to. */
	public static final String ROLE_LABEL = "mcp-platform.io/postgres-role";

	private CnpgKinds() {
	}

	private static ResourceDefinitionContext kind(String kind, String plural) {
		return new ResourceDefinitionContext.Builder().withGroup(GROUP)
			.withVersion("v1")
			.withKind(kind)
			.withPlural(plural)
			.withNamespaced(true)
			.build();
	}

}
