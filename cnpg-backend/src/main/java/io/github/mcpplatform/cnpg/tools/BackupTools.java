package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.CommonParams.CLUSTER_NAME;
import static io.github.mcpplatform.cnpg.tools.CommonParams.DRY_RUN;
import static io.github.mcpplatform.cnpg.tools.CommonParams.FORMAT;
import static io.github.mcpplatform.cnpg.tools.CommonParams.NAMESPACE;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.mcpplatform.cnpg.cnpg.BackupManifests;
import io.github.mcpplatform.cnpg.cnpg.BackupManifests.How;
import io.github.mcpplatform.cnpg.cnpg.BackupMethods;
import io.github.mcpplatform.cnpg.cnpg.BackupRepository;
import io.github.mcpplatform.cnpg.cnpg.BackupView;
import io.github.mcpplatform.cnpg.cnpg.ClusterRepository;
import io.github.mcpplatform.cnpg.cnpg.RecoveryWindow;
import io.github.mcpplatform.cnpg.cnpg.ResourceNotFoundException;
import io.github.mcpplatform.cnpg.output.Failures;
import io.github.mcpplatform.cnpg.output.Reply;
import reactor.core.publisher.Mono;

/**
 * On-demand backups: list a cluster's {@code Backup}s with the recovery window it reports, read one, request one.
 *
 * @see <a href="https://cloudnative-pg.io/documentation/current/backup/#on-demand-backups">CNPG on-demand
 *     backups</a>
 */
final class BackupTools {

	/**
	 * A Backup's name: CNPG puts it in a label of the volume snapshots it takes, so it must be a label value (at
	 * most 63 characters).
	 */
	static final Param<String> BACKUP_NAME = Param.kubernetesName("backup_name",
			"Name of the Backup object, e.g. 'pg-main-20261205140000'; list_postgres_backups shows them.");

	private static final Param<String> NEW_BACKUP_NAME = BACKUP_NAME
		.describedAs("Name of the new Backup object; defaults to '<cluster>-<UTC time as yyyyMMddHHmmss>', as "
				+ "kubectl cnpg backup names them.")
		.optional();

	private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

	private final ClusterRepository clusters;

	private final BackupRepository backups;

	private final DryRun dryRuns;

	private final Clock clock;

	BackupTools(ClusterRepository clusters, BackupRepository backups, DryRun dryRuns, Clock clock) {
		this.clusters = clusters;
		this.backups = backups;
		this.dryRuns = dryRuns;
		this.clock = clock;
	}

	List<CnpgTool> tools() {
		return List.of(
				new CnpgTool("list_postgres_backups", "List PostgreSQL backups",
						"List a cluster's backups (Backup objects), newest first, with method, phase, start and stop "
								+ "times and errors, and the recovery window the cluster reports.",
						Hints.readOnly(), List.of(CLUSTER_NAME, NAMESPACE, FORMAT), this::list)
					.withOutputSchema(OutputSchemas.backupList()),
				new CnpgTool("get_postgres_backup", "Get PostgreSQL backup",
						"Show one backup: its phase, method, times, error, backup ID, WAL and LSN range, and where it is "
								+ "stored.",
						Hints.readOnly(), List.of(BACKUP_NAME, NAMESPACE, FORMAT), this::get),
				new CnpgTool("create_postgres_backup", "Back up PostgreSQL cluster",
						"Take a backup of a cluster now (a Backup object), with a method the cluster is configured "
								+ "for; the operator runs it and list_postgres_backups shows its progress.",
						Hints.additive(), List.of(CLUSTER_NAME, NEW_BACKUP_NAME, BackupHow.METHOD, BackupHow.PLUGIN_NAME,
								BackupHow.TARGET, NAMESPACE, DRY_RUN),
						this::create));
	}

	private Mono<Reply> list(ToolCall call) {
		String cluster = call.get(CLUSTER_NAME);
		String namespace = call.namespace();
		// The Backups of a deleted cluster still matter (a restore starts from them): list them without the cluster.
		Mono<Optional<GenericKubernetesResource>> found = this.clusters.get(namespace, cluster)
			.map(Optional::of)
			.onErrorResume(ResourceNotFoundException.class, e -> Mono.just(Optional.empty()));
		return this.backups.listForCluster(namespace, cluster).zipWith(found).flatMap(listed -> {
			List<BackupView> views = listed.getT1().stream().map(BackupView::of).sorted(BackupView.NEWEST_FIRST).toList();
			Optional<GenericKubernetesResource> clusterObject = listed.getT2();
			if (clusterObject.isEmpty() && views.isEmpty()) {
				return Mono.error(ResourceNotFoundException.named("cluster", cluster, namespace));
			}
			Map<String, Object> fields = new LinkedHashMap<>();
			fields.put("cluster", cluster);
			fields.put("namespace", namespace);
			String header;
			if (clusterObject.isPresent()) {
				RecoveryWindow window = RecoveryWindow.of(clusterObject.get());
				List<String> methods = BackupMethods.of(clusterObject.get()).supported();
				fields.put("recoveryWindow", window);
				fields.put("methods", methods);
				header = "Cluster '" + cluster + "' (namespace '" + namespace + "'): " + window.describe()
						+ ". Backup methods configured: " + (methods.isEmpty() ? "none" : String.join(", ", methods)) + ".";
			}
			else {
				header = "Cluster '" + cluster + "' no longer exists in namespace '" + namespace + "'; its Backups remain "
						+ "and restore_postgres_cluster can start a new cluster from a completed one.";
			}
			return Mono.just(Reply.list("backups", views, fields, shown -> listText(header, shown),
					"Ask about one backup with get_postgres_backup."));
		}).onErrorMap(Failures.during("list the backups of cluster '" + cluster + "' in namespace '" + namespace + "'"));
	}

	private static String listText(String header, List<BackupView> backups) {
		StringBuilder text = new StringBuilder(header);
		if (backups.isEmpty()) {
			return text.append("\nNo Backup objects yet: create_postgres_backup takes one now, "
					+ "create_postgres_scheduled_backup on a schedule.").toString();
		}
		text.append("\nBackups, newest first:");
		backups.forEach(b -> text.append("\n- ").append(b.summary()));
		return text.toString();
	}

	private Mono<Reply> get(ToolCall call) {
		String name = call.get(BACKUP_NAME);
		String namespace = call.namespace();
		return this.backups.get(namespace, name).map(BackupView::of).map(view -> {
			StringBuilder text = new StringBuilder("Backup ").append(view.summary());
			text.append("\n  cluster ").append(view.cluster()).append(", namespace ").append(namespace);
			append(text, "backup ID", view.backupId());
			append(text, "PostgreSQL major version", view.majorVersion());
			append(text, "taken on instance", view.instance());
			append(text, "LSN", view.beginLSN() == null ? null : view.beginLSN() + " to " + view.endLSN());
			append(text, "WAL", view.beginWal() == null ? null : view.beginWal() + " to " + view.endWal());
			append(text, "stored at", view.destinationPath());
			append(text, "server name", view.serverName());
			append(text, "volume snapshots", view.snapshots());
			return Reply.of(text.toString(), Map.of("backup", view));
		}).onErrorMap(Failures.during("get backup '" + name + "' in namespace '" + namespace + "'"));
	}

	private static void append(StringBuilder text, String label, Object value) {
		if (value != null) {
			text.append("\n  ").append(label).append(": ").append(value);
		}
	}

	private Mono<Reply> create(ToolCall call) {
		String cluster = call.get(CLUSTER_NAME);
		String namespace = call.namespace();
		String name = call.has(NEW_BACKUP_NAME) ? call.get(NEW_BACKUP_NAME) : generatedName(cluster);
		boolean dryRun = call.get(DRY_RUN);
		return this.clusters.get(namespace, cluster).flatMap(found -> {
			How how = BackupHow.resolve(call, found);
			String method = BackupHow.describe(how, BackupMethods.of(found).supported());
			GenericKubernetesResource manifest = BackupManifests.backup(namespace, name, cluster, how);
			if (dryRun && !this.dryRuns.serverSide()) {
				return Mono.just(Reply.of(DryRun.PREVIEW + " This Backup would be created (" + method + "):\n"
						+ Serialization.asYaml(manifest), Map.of("dryRun", true, "manifest", manifest)));
			}
			if (dryRun) {
				return this.backups.create(manifest, true)
					.map(accepted -> Reply.of(DryRun.ACCEPTED + " The Backup as it would be stored (" + method + "):\n"
							+ Serialization.asYaml(accepted), Map.of("dryRun", true, "manifest", accepted)));
			}
			return this.backups.create(manifest, false)
				.map(created -> Reply.of("Requested backup '" + name + "' of cluster '" + cluster + "' (" + method
						+ "). The operator runs it; list_postgres_backups or get_postgres_backup shows when it is "
						+ "completed.", Map.of("created", true, "backup", BackupView.of(created))));
		}).onErrorMap(Failures.during(DryRun.action("back up cluster '" + cluster + "' in namespace '" + namespace + "'",
				dryRun)));
	}

	/** {@code <cluster>-<yyyyMMddHHmmss>}, the cluster part shortened so that the name stays a label value. */
	private String generatedName(String cluster) {
		String prefix = cluster.length() > 48 ? cluster.substring(0, 48).replaceAll("-+$", "") : cluster;
		return prefix + "-" + COMPACT.format(this.clock.instant());
	}

}
