package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.CommonParams.CLUSTER_NAME;
import static io.github.mcpplatform.cnpg.tools.CommonParams.CONFIRM;
import static io.github.mcpplatform.cnpg.tools.CommonParams.DRY_RUN;
import static io.github.mcpplatform.cnpg.tools.CommonParams.FORMAT;
import static io.github.mcpplatform.cnpg.tools.CommonParams.NAMESPACE;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.mcpplatform.cnpg.cnpg.BackupManifests;
import io.github.mcpplatform.cnpg.cnpg.BackupManifests.How;
import io.github.mcpplatform.cnpg.cnpg.BackupMethods;
import io.github.mcpplatform.cnpg.cnpg.BackupRepository;
import io.github.mcpplatform.cnpg.cnpg.ClusterRepository;
import io.github.mcpplatform.cnpg.cnpg.ScheduledBackupRepository;
import io.github.mcpplatform.cnpg.cnpg.ScheduledBackupView;
import io.github.mcpplatform.cnpg.output.Failures;
import io.github.mcpplatform.cnpg.output.Reply;
import io.github.mcpplatform.cnpg.output.ToolFailure;
import reactor.core.publisher.Mono;

/**
 * Backups on a schedule: list, create and delete a cluster's {@code ScheduledBackup}s.
 *
 * @see <a href="https://cloudnative-pg.io/documentation/current/backup/#scheduled-backups">CNPG scheduled backups</a>
 */
final class ScheduledBackupTools {

	/**
	 * The operator names each Backup {@code <schedule>-<yyyyMMddHHmmss>}, and that name must stay a label value (at
	 * most 63 characters): the schedule's name has at most 48.
	 */
	private static final int MAX_NAME_LENGTH = 48;

	private static final Param<String> NAME = Param
		.kubernetesName("scheduled_backup_name", "Name of the ScheduledBackup, e.g. 'pg-main-nightly'.")
		.refusing(name -> name.length() > MAX_NAME_LENGTH, "is too long: at most " + MAX_NAME_LENGTH + " characters, "
				+ "because the operator names each backup '<name>-<yyyyMMddHHmmss>' and that must fit in 63");

	private static final Param<CronSchedule> SCHEDULE = Param.custom("schedule",
			Map.of("type", "string", "maxLength", 200, "description", "When to back up: CloudNativePG's cron with SIX "
					+ "fields, seconds first: second minute hour day-of-month month day-of-week, in the operator's time "
					+ "zone (UTC), e.g. '0 0 0 * * *' daily at midnight, '0 30 2 * * 1-5' at 02:30 on weekdays; or "
					+ "@daily, @weekly, @monthly, @hourly. A five-field Kubernetes cron is refused: CloudNativePG "
					+ "would read it as seconds first."),
			raw -> {
				if (!(raw instanceof String text) || text.length() > 200) {
					throw new IllegalArgumentException("must be a string of at most 200 characters");
				}
				return CronSchedule.parse(text);
			});

	private static final Param<Boolean> IMMEDIATE = Param
		.flag("immediate", "Also take the first backup at once, not only at the first scheduled time.")
		.defaultsTo(false);

	private static final Param<Boolean> SUSPEND = Param
		.flag("suspend", "Create it suspended: no backup is taken until it is resumed.")
		.defaultsTo(false);

	private static final Param<String> OWNER = Param
		.choice("backup_owner_reference", "What owns the Backups it creates, and so deletes them with it: 'none' "
				+ "(CloudNativePG's default: they stay when the schedule or the cluster is deleted), 'self' (deleting "
				+ "the schedule deletes them), 'cluster' (deleting the cluster deletes them).",
				List.of("none", "self", "cluster"))
		.defaultsTo("none");

	private static final DateTimeFormatter UTC = DateTimeFormatter.ISO_INSTANT;

	private final ClusterRepository clusters;

	private final ScheduledBackupRepository schedules;

	private final BackupRepository backups;

	private final DryRun dryRuns;

	private final Clock clock;

	ScheduledBackupTools(ClusterRepository clusters, ScheduledBackupRepository schedules, BackupRepository backups,
			DryRun dryRuns, Clock clock) {
		this.clusters = clusters;
		this.schedules = schedules;
		this.backups = backups;
		this.dryRuns = dryRuns;
		this.clock = clock;
	}

	List<CnpgTool> tools() {
		return List.of(
				new CnpgTool("list_postgres_scheduled_backups", "List scheduled PostgreSQL backups",
						"List a cluster's backup schedules (ScheduledBackup objects): cron, method, whether suspended, "
								+ "last and next backup.",
						Hints.readOnly(), List.of(CLUSTER_NAME, NAMESPACE, FORMAT), this::list)
					.withOutputSchema(OutputSchemas.scheduledBackupList()),
				new CnpgTool("create_postgres_scheduled_backup", "Schedule PostgreSQL backups",
						"Back up a cluster on a schedule (a ScheduledBackup): six-field cron with seconds first, "
								+ "e.g. '0 0 0 * * *' for daily at midnight UTC; the answer shows the next run times.",
						Hints.additive(), List.of(CLUSTER_NAME, NAME, SCHEDULE, BackupHow.METHOD, BackupHow.PLUGIN_NAME,
								BackupHow.TARGET, IMMEDIATE, SUSPEND, OWNER, NAMESPACE, DRY_RUN),
						this::create),
				new CnpgTool("delete_postgres_scheduled_backup", "Delete scheduled PostgreSQL backups",
						"Delete a backup schedule: no further backups are taken. Backups it made stay, unless it owns "
								+ "them (backup_owner_reference self). Requires confirm=true.",
						Hints.destructive(true), List.of(NAME, CONFIRM, NAMESPACE, DRY_RUN), this::delete));
	}

	private Mono<Reply> list(ToolCall call) {
		String cluster = call.get(CLUSTER_NAME);
		String namespace = call.namespace();
		return this.schedules.listForCluster(namespace, cluster)
			.flatMap(items -> items.isEmpty() ? this.clusters.get(namespace, cluster).thenReturn(items) : Mono.just(items))
			.map(items -> items.stream()
				.map(ScheduledBackupView::of)
				.sorted(Comparator.comparing(ScheduledBackupView::name))
				.toList())
			.map(views -> Reply.list("scheduledBackups", views, Map.of("cluster", cluster, "namespace", namespace),
					shown -> shown.isEmpty() ? "No backup schedules for cluster '" + cluster + "' (namespace '" + namespace
							+ "'). create_postgres_scheduled_backup adds one."
							: "Backup schedules of cluster '" + cluster + "' (namespace '" + namespace + "'):\n"
									+ shown.stream().map(s -> "- " + s.summary()).collect(Collectors.joining("\n")),
					"Ask about one cluster at a time."))
			.onErrorMap(Failures.during("list the backup schedules of cluster '" + cluster + "' in namespace '"
					+ namespace + "'"));
	}

	private Mono<Reply> create(ToolCall call) {
		String cluster = call.get(CLUSTER_NAME);
		String name = call.get(NAME);
		String namespace = call.namespace();
		CronSchedule schedule = call.get(SCHEDULE);
		boolean dryRun = call.get(DRY_RUN);
		List<ZonedDateTime> next = schedule.nextTimes(ZonedDateTime.now(this.clock.withZone(ZoneOffset.UTC)), 3);
		return this.clusters.get(namespace, cluster).flatMap(found -> {
			if (next.isEmpty()) {
				throw new ToolFailure("Schedule '" + schedule.expression() + "' never fires (no date matches it, e.g. a "
						+ "30th of February); CloudNativePG would never take a backup. Nothing was created.");
			}
			How how = BackupHow.resolve(call, found);
			String method = BackupHow.describe(how, BackupMethods.of(found).supported());
			GenericKubernetesResource manifest = BackupManifests.scheduledBackup(namespace, name, cluster,
					schedule.expression(), how, call.get(IMMEDIATE), call.get(SUSPEND), call.get(OWNER));
			String when = "Next backups (UTC): " + next.stream().map(UTC::format).collect(Collectors.joining(", "))
					+ (call.get(SUSPEND) ? ", once resumed." : ".") + (call.get(IMMEDIATE) ? " And one now." : "");
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("nextRuns", next.stream().map(UTC::format).toList());
			if (dryRun && !this.dryRuns.serverSide()) {
				result.put("dryRun", true);
				result.put("manifest", manifest);
				return Mono.just(Reply.of(DryRun.PREVIEW + " This ScheduledBackup would be created (" + method + "). "
						+ when + "\n" + Serialization.asYaml(manifest), result));
			}
			if (dryRun) {
				return this.schedules.create(manifest, true).map(accepted -> {
					result.put("dryRun", true);
					result.put("manifest", accepted);
					return Reply.of(DryRun.ACCEPTED + " The ScheduledBackup as it would be stored (" + method + "). "
							+ when + "\n" + Serialization.asYaml(accepted), result);
				});
			}
			return this.schedules.create(manifest, false).map(created -> {
				result.put("created", true);
				result.put("scheduledBackup", ScheduledBackupView.of(created));
				return Reply.of("Scheduled backups of cluster '" + cluster + "' as '" + name + "' ('"
						+ schedule.expression() + "', " + method + ", backups owned by " + call.get(OWNER) + "). " + when,
						result);
			});
		}).onErrorMap(Failures.during(DryRun.action("schedule backups of cluster '" + cluster + "' in namespace '"
				+ namespace + "'", dryRun)));
	}

	private Mono<Reply> delete(ToolCall call) {
		String name = call.get(NAME);
		String namespace = call.namespace();
		return this.schedules.get(namespace, name)
			.zipWith(this.backups.listForSchedule(namespace, name))
			.flatMap(found -> {
				ScheduledBackupView schedule = ScheduledBackupView.of(found.getT1());
				List<String> made = found.getT2().stream().map(b -> b.getMetadata().getName()).sorted().toList();
				boolean owned = "self".equals(schedule.backupOwnerReference());
				String consequence = made.isEmpty() ? "It has made no Backup objects."
						: owned ? "It owns the " + made.size() + " Backup object(s) it made (" + String.join(", ", made)
								+ "), so Kubernetes deletes them too, and with them the volume snapshots they own; a "
								+ "backup's data in an object store stays until its retention policy removes it."
								: "The " + made.size() + " Backup object(s) it made stay (" + String.join(", ", made) + ").";
				String impact = "Deleting ScheduledBackup '" + name + "' (cluster '" + schedule.cluster() + "', '"
						+ schedule.schedule() + "') stops its backups. " + consequence;
				Map<String, Object> result = new LinkedHashMap<>();
				result.put("scheduledBackup", schedule);
				result.put("backups", made);
				result.put("backupsDeletedWithIt", owned && !made.isEmpty());
				if (call.get(DRY_RUN)) {
					result.put("dryRun", true);
					return Mono.just(Reply.of("Dry run, nothing was deleted. " + impact, result));
				}
				if (!call.get(CONFIRM)) {
					return Mono.error(new ToolFailure("Not deleted: deleting a backup schedule needs confirm=true. " + impact));
				}
				return this.schedules.delete(namespace, name).then(Mono.fromSupplier(() -> {
					result.put("deleted", true);
					return Reply.of("Deleted ScheduledBackup '" + name + "': no further backups are taken. " + consequence,
							result);
				}));
			})
			.onErrorMap(Failures.during("delete backup schedule '" + name + "' in namespace '" + namespace + "'"));
	}

}
