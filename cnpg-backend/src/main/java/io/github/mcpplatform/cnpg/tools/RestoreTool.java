package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.CommonParams.DRY_RUN;
import static io.github.mcpplatform.cnpg.tools.CommonParams.NAMESPACE;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.mcpplatform.cnpg.cnpg.BackupRepository;
import io.github.mcpplatform.cnpg.cnpg.BackupView;
import io.github.mcpplatform.cnpg.cnpg.ClusterManifests;
import io.github.mcpplatform.cnpg.cnpg.ClusterRepository;
import io.github.mcpplatform.cnpg.cnpg.ClusterView;
import io.github.mcpplatform.cnpg.cnpg.RecoveryManifests;
import io.github.mcpplatform.cnpg.cnpg.ResourceNotFoundException;
import io.github.mcpplatform.cnpg.output.Failures;
import io.github.mcpplatform.cnpg.output.Reply;
import io.github.mcpplatform.cnpg.output.ToolFailure;
import reactor.core.publisher.Mono;

/**
 * {@code restore_postgres_cluster}: a NEW cluster recovered from a backup, never a change to an existing one
 * (CloudNativePG recovers only by bootstrapping a new cluster). It runs the image the source ran (a recovery needs
 * the same PostgreSQL major) and gets the source's storage size unless told otherwise.
 *
 * @see <a href="https://cloudnative-pg.io/documentation/current/recovery/">CNPG recovery</a>
 */
final class RestoreTool {

	private static final Param<String> NAME = Param.newClusterName("name", "Name of the NEW cluster to create, e.g. "
			+ "'orders-restore': a letter first, at most 50 characters; an existing cluster is never overwritten.");

	private static final Param<String> BACKUP = BackupTools.BACKUP_NAME
		.describedAs("Restore from this Backup object (a completed one, in the same namespace). Give backup_name or "
				+ "source_cluster.")
		.optional();

	private static final Param<String> SOURCE = Param
		.kubernetesName("source_cluster", "Restore from this cluster's backups and WAL archive, e.g. to a point in time "
				+ "with target_time. Give backup_name or source_cluster.")
		.optional();

	private static final Param<Integer> INSTANCES = ClusterTools.INSTANCES
		.describedAs("Number of instances of the new cluster; defaults to the source cluster's (1 if it is gone).")
		.optional();

	private static final Param<String> STORAGE_SIZE = Param
		.quantity("storage_size", "Storage per instance, e.g. '20Gi'; defaults to the source cluster's, and is "
				+ "required when that cluster is gone. It must hold the restored data.")
		.refusing(size -> Param.bytes(size) < ClusterCreation.MIN_STORAGE_BYTES, "is too small for a PostgreSQL "
				+ "instance's data and WAL: use at least 1Gi")
		.optional();

	private static final Param<String> STORAGE_CLASS = Param
		.kubernetesSubdomain("storage_class", "Storage class for the volumes; the source's, else the default.")
		.optional();

	private final ClusterRepository clusters;

	private final BackupRepository backups;

	private final ClusterCreation creation;

	private final RestorePlans plans;

	private final String imageCatalog;

	private final DryRun dryRuns;

	RestoreTool(ClusterRepository clusters, BackupRepository backups, ClusterCreation creation, RestorePlans plans,
			String imageCatalog, DryRun dryRuns) {
		this.clusters = clusters;
		this.backups = backups;
		this.creation = creation;
		this.plans = plans;
		this.imageCatalog = imageCatalog;
		this.dryRuns = dryRuns;
	}

	CnpgTool tool() {
		List<Param<?>> params = new ArrayList<>(List.of(NAME, BACKUP, SOURCE));
		params.addAll(RecoveryTargets.PARAMS);
		params.addAll(List.of(INSTANCES, STORAGE_SIZE, STORAGE_CLASS, NAMESPACE, DRY_RUN));
		return new CnpgTool("restore_postgres_cluster", "Restore PostgreSQL cluster",
				"Create a NEW cluster from a backup (backup_name) or from a cluster's backups to a point in time "
						+ "(source_cluster with one target_*, e.g. target_time); never overwrites an existing cluster.",
				Hints.additive(), params, this::restore);
	}

	private Mono<Reply> restore(ToolCall call) {
		String name = call.get(NAME);
		String namespace = call.namespace();
		boolean dryRun = call.get(DRY_RUN);
		List<String> problems = new ArrayList<>();
		if (call.has(BACKUP) == call.has(SOURCE)) {
			problems.add("give exactly one of backup_name (a Backup object) and source_cluster (a cluster's backups "
					+ "and WAL archive, for a point in time)");
		}
		problems.addAll(RecoveryTargets.problems(call));
		if (call.has(RecoveryTargets.BACKUP_ID) && call.has(BACKUP)) {
			problems.add("backup_id goes with source_cluster; with backup_name the Backup object names its own backup");
		}
		if (!problems.isEmpty()) {
			throw new InvalidArgumentsException(problems);
		}
		RecoveryTargets.Target target = RecoveryTargets.of(call);
		return refuseExisting(namespace, name)
			.then(call.has(BACKUP) ? fromBackup(call, namespace, target) : fromCluster(call, namespace, target))
			.flatMap(start -> send(call, name, namespace, target, start, dryRun))
			.onErrorMap(Failures.during(DryRun.action("restore into new cluster '" + name + "' in namespace '" + namespace
					+ "'", dryRun)));
	}

	/** What the new cluster starts from: the plan, and the source cluster and backup when they are known. */
	private record Start(RestorePlans.Plan plan, Optional<GenericKubernetesResource> source,
			@Nullable Integer backupMajor) {
	}

	private Mono<Void> refuseExisting(String namespace, String name) {
		return this.clusters.get(namespace, name)
			.<Void>flatMap(existing -> Mono.error(new ToolFailure("Cluster '" + name + "' already exists in namespace '"
					+ namespace + "': a restore always creates a new cluster and never writes over one. Nothing was "
					+ "changed; choose another name, e.g. '" + name + "-restore'.")))
			.onErrorResume(ResourceNotFoundException.class, e -> Mono.empty());
	}

	private Mono<Start> fromBackup(ToolCall call, String namespace, RecoveryTargets.Target target) {
		return this.backups.get(namespace, call.get(BACKUP)).flatMap(backup -> {
			String cluster = backup.get("spec", "cluster", "name");
			return optionalCluster(namespace, cluster).map(source -> new Start(this.plans.fromBackup(backup, source, target),
					source, BackupView.of(backup).majorVersion()));
		});
	}

	private Mono<Start> fromCluster(ToolCall call, String namespace, RecoveryTargets.Target target) {
		String cluster = call.get(SOURCE);
		return this.clusters.get(namespace, cluster)
			.zipWith(this.backups.listForCluster(namespace, cluster))
			.map(found -> new Start(this.plans.fromCluster(found.getT1(), found.getT2(), target,
					call.get(RecoveryTargets.BACKUP_ID)), Optional.of(found.getT1()), null));
	}

	private Mono<Optional<GenericKubernetesResource>> optionalCluster(String namespace, @Nullable String name) {
		if (name == null) {
			return Mono.just(Optional.empty());
		}
		return this.clusters.get(namespace, name)
			.map(Optional::of)
			.onErrorResume(ResourceNotFoundException.class, e -> Mono.just(Optional.empty()));
	}

	private Mono<Reply> send(ToolCall call, String name, String namespace, RecoveryTargets.Target target, Start start,
			boolean dryRun) {
		GenericKubernetesResource source = start.source().orElse(null);
		String size = call.has(STORAGE_SIZE) ? call.get(STORAGE_SIZE)
				: source == null ? null : source.get("spec", "storage", "size");
		if (size == null) {
			throw new ToolFailure("storage_size is required: the source cluster is gone, so its storage size is unknown. "
					+ "Nothing was created; give at least the size of the restored data, e.g. '20Gi'.");
		}
		Integer sourceInstances = source == null ? null : ClusterView.concise(source).instances();
		int instances = call.has(INSTANCES) ? call.get(INSTANCES) : sourceInstances == null ? 1 : sourceInstances;
		String storageClass = call.has(STORAGE_CLASS) ? call.get(STORAGE_CLASS)
				: source == null ? null : source.get("spec", "storage", "storageClass");
		Map<String, Object> sourceImage = source == null ? Map.of() : SourceSettings.image(source);
		Integer sourceMajor = SourceSettings.major(sourceImage);
		// A cluster of the source's name may run another major than the backup (re-created since): the backup's wins.
		Map<String, Object> image = start.backupMajor() != null && sourceMajor != null
				&& !sourceMajor.equals(start.backupMajor()) ? Map.of() : sourceImage;
		Integer major = image.isEmpty() ? start.backupMajor() : null;
		if (image.isEmpty() && major == null) {
			throw new ToolFailure("Cannot tell which PostgreSQL major version the backup is from (its cluster is gone and "
					+ "the Backup reports none), and a recovery needs the same major. Nothing was created.");
		}
		Mono<String> imageCheck = major == null ? Mono.just(SourceSettings.describeImage(image)) : this.creation.image(major);
		return imageCheck.flatMap(imageText -> {
			GenericKubernetesResource manifest = RecoveryManifests.recovering(
					ClusterManifests.cluster(namespace, name, instances, this.imageCatalog,
							major == null ? ClusterCreation.OPERATOR_DEFAULT_MAJOR : major, size, storageClass),
					image, start.plan().source(), target.spec(start.plan().backupId()),
					source == null ? Map.of() : SourceSettings.applicationDatabase(source),
					source == null ? null : source.get("spec", "walStorage"),
					source == null ? null : SourceSettings.parameters(source));
			String what = "cluster '" + name + "' recovered from " + start.plan().from() + " to " + target.describe()
					+ ", " + instances + " instance(s) of " + size + ", image " + imageText;
			if (dryRun && !this.dryRuns.serverSide()) {
				return Mono.just(Reply.of(DryRun.PREVIEW + " This would create " + what + ":\n"
						+ Serialization.asYaml(manifest), Map.of("dryRun", true, "manifest", manifest)));
			}
			if (dryRun) {
				return this.clusters.create(manifest, true)
					.map(accepted -> Reply.of(DryRun.ACCEPTED + " This would create " + what + ", stored as:\n"
							+ Serialization.asYaml(accepted), Map.of("dryRun", true, "manifest", accepted)));
			}
			return this.clusters.create(manifest, false).map(created -> {
				Map<String, Object> result = new LinkedHashMap<>();
				result.put("created", true);
				result.put("cluster", ClusterView.concise(created));
				result.put("recovery", created.get("spec", "bootstrap", "recovery"));
				return Reply.of("Creating " + what + ". The operator runs the recovery first (get_cluster_status "
						+ "follows it), then starts the instances. The new cluster takes no backups; the application "
						+ "password is not in the backup, so the operator generates '" + name + "-app' and sets it once "
						+ "the recovery ends. Give the cluster a backup configuration of its own before relying on it "
						+ "(never the source's object store path).",
						result);
			});
		});
	}

}
