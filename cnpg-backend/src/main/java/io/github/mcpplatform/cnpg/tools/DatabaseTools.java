package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.CommonParams.CLUSTER_NAME;
import static io.github.mcpplatform.cnpg.tools.CommonParams.CONFIRM;
import static io.github.mcpplatform.cnpg.tools.CommonParams.DRY_RUN;
import static io.github.mcpplatform.cnpg.tools.CommonParams.FORMAT;
import static io.github.mcpplatform.cnpg.tools.CommonParams.NAMESPACE;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.mcpplatform.cnpg.cnpg.ClusterRepository;
import io.github.mcpplatform.cnpg.cnpg.DatabaseManifests;
import io.github.mcpplatform.cnpg.cnpg.DatabaseRepository;
import io.github.mcpplatform.cnpg.cnpg.DatabaseView;
import io.github.mcpplatform.cnpg.cnpg.RoleView;
import io.github.mcpplatform.cnpg.cnpg.UnmanagedRoles;
import io.github.mcpplatform.cnpg.output.Failures;
import io.github.mcpplatform.cnpg.output.Reply;
import io.github.mcpplatform.cnpg.output.ToolFailure;
import reactor.core.publisher.Mono;

/**
 * PostgreSQL databases as CNPG {@code Database} objects.
 *
 * @see <a href="https://cloudnative-pg.io/documentation/current/declarative_database_management/">CNPG
 *     declarative database management</a>
 */
final class DatabaseTools {

	/** Databases every PostgreSQL cluster has; CNPG refuses to manage them. */
	static final Set<String> RESERVED = Set.of("postgres", "template0", "template1");

	private static final String SYSTEM_DATABASE = "is a system database (postgres, template0 and template1 are reserved)";

	/** A database to create: no '-', so that its object name is its own (see {@link Param#POSTGRES_NAME}). */
	private static final Param<String> NEW_DATABASE_NAME = Param
		.postgresName("database_name", "PostgreSQL database name, e.g. 'orders' (letters, digits and '_').")
		.refusing(RESERVED::contains, SYSTEM_DATABASE);

	private static final Param<String> DATABASE_NAME = Param
		.existingPostgresName("database_name", "PostgreSQL database name, e.g. 'orders'.")
		.refusing(RESERVED::contains, SYSTEM_DATABASE);

	// Any existing role may own a database, including one whose name has a '-'.
	private static final Param<String> OWNER = Param.existingPostgresName("owner",
			"Role that owns the database, e.g. 'app' (the operator's default owner) or a role made with "
					+ "create_postgres_role.");

	private static final Param<String> RECLAIM_POLICY = Param
		.choice("reclaim_policy", "'retain' keeps the PostgreSQL database when it is deleted here (only the "
				+ "Kubernetes object goes); 'delete' drops it.", List.of("retain", "delete"))
		.defaultsTo("retain");

	private final ClusterRepository clusters;

	private final DatabaseRepository databases;

	private final DryRun dryRuns;

	DatabaseTools(ClusterRepository clusters, DatabaseRepository databases, DryRun dryRuns) {
		this.clusters = clusters;
		this.databases = databases;
		this.dryRuns = dryRuns;
	}

	List<CnpgTool> tools() {
		return List.of(
				new CnpgTool("list_postgres_databases", "List PostgreSQL databases",
						"List the databases declared for a CloudNativePG cluster (Database objects), with owner, "
								+ "reclaim policy and whether the operator applied them.",
						Hints.readOnly(), List.of(CLUSTER_NAME, NAMESPACE, FORMAT), this::list)
					.withOutputSchema(OutputSchemas.databaseList()),
				new CnpgTool("create_postgres_database", "Create PostgreSQL database",
						"Declare a PostgreSQL database in a CloudNativePG cluster; the operator creates it.",
						Hints.additive(), List.of(CLUSTER_NAME, NEW_DATABASE_NAME, OWNER, RECLAIM_POLICY, NAMESPACE, DRY_RUN),
						this::create),
				new CnpgTool("delete_postgres_database", "Delete PostgreSQL database",
						"Delete a database's Database object. With reclaim policy 'delete' PostgreSQL drops the "
								+ "database and its data; with 'retain' the database stays. Requires confirm=true.",
						Hints.destructive(true), List.of(CLUSTER_NAME, DATABASE_NAME, CONFIRM, NAMESPACE, DRY_RUN),
						this::delete));
	}

	private Mono<Reply> list(ToolCall call) {
		String cluster = call.get(CLUSTER_NAME);
		String namespace = call.namespace();
		return this.databases.listForCluster(namespace, cluster)
			.flatMap(items -> items.isEmpty() ? this.clusters.get(namespace, cluster).thenReturn(items) : Mono.just(items))
			.map(items -> items.stream().map(DatabaseView::of).sorted(Comparator.comparing(DatabaseView::name)).toList())
			.map(views -> Reply.list("databases", views, Map.of("cluster", cluster, "namespace", namespace),
					shown -> listText(cluster, namespace, shown), "Ask about one cluster at a time."))
			.onErrorMap(Failures.during("list the databases of cluster '" + cluster + "' in namespace '" + namespace + "'"));
	}

	private static String listText(String cluster, String namespace, List<DatabaseView> databases) {
		if (databases.isEmpty()) {
			return "No Database objects for cluster '" + cluster + "' (namespace '" + namespace + "'). The operator's "
					+ "own 'app' database is not listed. Declare one with create_postgres_database.";
		}
		StringBuilder text = new StringBuilder("Databases of cluster '" + cluster + "' (namespace '" + namespace + "'):");
		for (DatabaseView db : databases) {
			text.append("\n- ")
				.append(db.name())
				.append(": owner ")
				.append(db.owner())
				.append(", ")
				.append(db.ensure())
				.append(", reclaim policy ")
				.append(db.reclaimPolicy())
				.append(", object ")
				.append(db.objectName())
				.append(", ")
				.append(db.applied() == null ? "not applied yet" : db.applied() ? "applied" : "not applied")
				.append(db.message() == null ? "" : " (" + db.message() + ")")
				.append(Boolean.TRUE.equals(db.pendingChanges()) ? ", newer changes not reconciled yet" : "")
				.append(Boolean.TRUE.equals(db.terminating()) ? ", terminating (waits for the primary to finish the "
						+ "deletion)" : "");
		}
		return text.toString();
	}

	private Mono<Reply> create(ToolCall call) {
		String cluster = call.get(CLUSTER_NAME);
		String name = call.get(NEW_DATABASE_NAME);
		String owner = call.get(OWNER);
		String namespace = call.namespace();
		GenericKubernetesResource manifest = DatabaseManifests.database(namespace, cluster, name, owner,
				call.get(RECLAIM_POLICY));
		Mono<List<GenericKubernetesResource>> declared = this.databases.listForCluster(namespace, cluster);
		return this.clusters.get(namespace, cluster).zipWith(declared).flatMap(found -> {
			refuseSecondDeclaration(found.getT2(), cluster, name);
			String ownerNote = ownerNote(found.getT1(), owner);
			boolean dryRun = call.get(DRY_RUN);
			if (dryRun && !this.dryRuns.serverSide()) {
				return Mono.just(Reply.of(DryRun.PREVIEW + " This Database would be created:\n"
						+ Serialization.asYaml(manifest) + ownerNote, Map.of("dryRun", true, "manifest", manifest)));
			}
			if (dryRun) {
				return this.databases.create(manifest, true)
					.map(accepted -> Reply.of(DryRun.ACCEPTED + " The Database as it would be stored:\n"
							+ Serialization.asYaml(accepted) + ownerNote, Map.of("dryRun", true, "manifest", accepted)));
			}
			return this.databases.create(manifest, false)
				.map(created -> Reply.of("Declared database '" + name + "' owned by '" + owner + "' in cluster '" + cluster
						+ "' (object '" + created.getMetadata().getName() + "', reclaim policy " + call.get(RECLAIM_POLICY)
						+ "). The operator creates it; list_postgres_databases shows when it is applied." + ownerNote,
						Map.of("created", true, "database", DatabaseView.of(created))));
		}).onErrorMap(Failures.during(DryRun.action("create database '" + name + "' in cluster '" + cluster
				+ "' (namespace '" + namespace + "')", call.get(DRY_RUN))));
	}

	/** CNPG lets one Database object manage a database; it rejects a second one that names the same database. */
	private static void refuseSecondDeclaration(List<GenericKubernetesResource> existing, String cluster, String name) {
		existing.stream().filter(db -> name.equals(db.get("spec", "name"))).findFirst().ifPresent(db -> {
			throw new ToolFailure("Database object '" + db.getMetadata().getName() + "' already declares database '"
					+ name + "' for cluster '" + cluster + "', and CloudNativePG rejects a second object for the same "
					+ "database. Nothing was created; list_postgres_databases shows it.");
		});
	}

	/** A warning when the owner is neither the application database's owner nor a managed role of the cluster. */
	private static String ownerNote(GenericKubernetesResource cluster, String owner) {
		boolean known = owner.equals(UnmanagedRoles.applicationOwner(cluster)) || RoleView.all(cluster)
			.stream()
			.anyMatch(r -> r.name().equals(owner) && r.ensure().equals("present"));
		return known ? "" : " Note: '" + owner + "' is not a managed role of this cluster; the operator reports an "
				+ "error until that role exists (create it with create_postgres_role).";
	}

	private Mono<Reply> delete(ToolCall call) {
		String cluster = call.get(CLUSTER_NAME);
		String name = call.get(DATABASE_NAME);
		String namespace = call.namespace();
		return this.databases.find(namespace, cluster, name).flatMap(found -> {
			// Every text names the database the object declares, so a confirmation shows what really goes.
			DatabaseView db = DatabaseView.of(found);
			boolean drops = "delete".equals(db.reclaimPolicy());
			String impact = "Deleting Database object '" + db.objectName() + "' " + (drops
					? "drops PostgreSQL database '" + db.name() + "' and all its data (reclaim policy delete) once the "
							+ "primary carries out the deletion: not if the database was never applied or the cluster is "
							+ "a replica cluster, and with no running primary (e.g. hibernated) the object stays "
							+ "terminating until there is one."
					: "keeps PostgreSQL database '" + db.name() + "' and its data in the cluster (reclaim policy retain); "
							+ "CNPG just stops managing it.");
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("cluster", cluster);
			result.put("namespace", namespace);
			result.put("database", db);
			result.put("dropsData", drops);
			if (call.get(DRY_RUN)) {
				result.put("dryRun", true);
				return Mono.just(Reply.of("Dry run, nothing was deleted. " + impact, result));
			}
			if (!call.get(CONFIRM)) {
				return Mono.error(new ToolFailure("Not deleted: deleting a database needs confirm=true. " + impact));
			}
			return this.databases.delete(namespace, db.objectName()).then(Mono.fromSupplier(() -> {
				result.put("deleted", true);
				return Reply.of("Deleted Database object '" + db.objectName() + "'. " + (drops
						? "The primary drops PostgreSQL database '" + db.name() + "' as it carries out the deletion "
								+ "(list_postgres_databases shows the object until then)."
						: "PostgreSQL database '" + db.name() + "' stays (reclaim policy retain)."), result);
			}));
		}).onErrorMap(Failures.during("delete database '" + name + "' of cluster '" + cluster + "' (namespace '" + namespace + "')"));
	}

}
