package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.CommonParams.CLUSTER_NAME;
import static io.github.mcpplatform.cnpg.tools.CommonParams.DRY_RUN;
import static io.github.mcpplatform.cnpg.tools.CommonParams.NAMESPACE;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.mcpplatform.cnpg.cnpg.ClusterOperations;
import io.github.mcpplatform.cnpg.cnpg.ClusterRepository;
import io.github.mcpplatform.cnpg.cnpg.ClusterView;
import io.github.mcpplatform.cnpg.cnpg.InstancePods;
import io.github.mcpplatform.cnpg.cnpg.OptimisticLock;
import io.github.mcpplatform.cnpg.output.Failures;
import io.github.mcpplatform.cnpg.output.Reply;
import io.github.mcpplatform.cnpg.output.ToolFailure;
import reactor.core.publisher.Mono;

/**
 * {@code restart_postgres_cluster} and {@code reload_postgres_cluster}, as {@code kubectl cnpg restart} and
 * {@code reload} do them: a rolling restart is the {@code kubectl.kubernetes.io/restartedAt} annotation; one
 * instance is restarted in place when it is the primary (a status change) and by deleting its pod when it is a
 * replica; a reload is the {@code cnpg.io/reloadedAt} annotation, which makes the operator reconcile the cluster
 * and apply configuration that needs no restart.
 *
 * @see <a href="https://github.com/cloudnative-pg/cloudnative-pg/blob/main/internal/cmd/plugin/restart/restart.go">CNPG
 *     restart</a>
 * @see <a href="https://github.com/cloudnative-pg/cloudnative-pg/blob/main/internal/cmd/plugin/reload/reload.go">CNPG
 *     reload</a>
 */
final class RestartTools {

	private static final Param<String> INSTANCE = Instances.param("instance", "Restart only this instance: its pod "
			+ "name, e.g. 'pg-main-2', or its number, e.g. 2. The primary restarts in place; a replica's pod is "
			+ "deleted and created again on the same volume. Every instance, one after the other, when omitted.")
		.optional();

	private static final Param<Boolean> CONFIRM = Instances.confirm("restart");

	private final ClusterRepository clusters;

	private final InstancePods pods;

	private final DryRun dryRuns;

	private final Clock clock;

	RestartTools(ClusterRepository clusters, InstancePods pods, DryRun dryRuns, Clock clock) {
		this.clusters = clusters;
		this.pods = pods;
		this.dryRuns = dryRuns;
		this.clock = clock;
	}

	List<CnpgTool> tools() {
		return List.of(new CnpgTool("restart_postgres_cluster", "Restart PostgreSQL cluster",
				"Restart a CloudNativePG cluster's instances one by one (replicas first, then the primary), or one "
						+ "instance; connections to a restarting instance are closed. Requires confirm=true.",
				Hints.destructive(false), List.of(CLUSTER_NAME, INSTANCE, CONFIRM, NAMESPACE, DRY_RUN), this::restart),
				new CnpgTool("reload_postgres_cluster", "Reload PostgreSQL cluster",
						"Have the CloudNativePG operator reconcile a cluster now, applying configuration that needs no "
								+ "restart (e.g. a changed ConfigMap or Secret it uses); nothing is restarted.",
						Hints.restorative(), List.of(CLUSTER_NAME, NAMESPACE, DRY_RUN), this::reload));
	}

	private Mono<Reply> restart(ToolCall call) {
		String cluster = call.get(CLUSTER_NAME);
		String namespace = call.namespace();
		boolean dryRun = call.get(DRY_RUN);
		String instance = call.has(INSTANCE) ? Instances.resolve(cluster, call.get(INSTANCE)) : null;
		String action = instance == null ? "restart cluster '" + cluster + "'" : "restart instance '" + instance
				+ "' of cluster '" + cluster + "'";
		Mono<Reply> restart = this.clusters.get(namespace, cluster).flatMap(found -> {
			if (Boolean.TRUE.equals(ClusterView.concise(found).hibernated())) {
				throw new ToolFailure("Not restarted: cluster '" + cluster + "' is hibernated, so no instance runs. "
						+ "wake_postgres_cluster starts it again.");
			}
			if (instance == null) {
				return rolling(call, found, dryRun);
			}
			return instance.equals(ClusterView.concise(found).currentPrimary()) ? primary(call, found, dryRun)
					: replica(call, found, instance, dryRun);
		});
		return OptimisticLock.retryOnConflict(restart)
			.onErrorMap(Failures.during(DryRun.action(action + " in namespace '" + namespace + "'", dryRun)));
	}

	private Mono<Reply> rolling(ToolCall call, GenericKubernetesResource cluster, boolean dryRun) {
		String name = cluster.getMetadata().getName();
		Map<String, Object> patch = ClusterOperations.annotation(ClusterOperations.RESTARTED_AT,
				ClusterOperations.restartedAt(this.clock.instant()));
		String what = "The operator restarts the instances of cluster '" + name + "' one at a time: the replicas "
				+ "first, then the primary (by a switchover or in place, as spec.primaryUpdateMethod says). "
				+ "Connections to each instance are closed while it restarts.";
		return send(call, cluster, what, dryRun, patch,
				() -> this.clusters.mergePatch(call.namespace(), name, Serialization.asJson(patch), dryRun));
	}

	private Mono<Reply> primary(ToolCall call, GenericKubernetesResource cluster, boolean dryRun) {
		String name = cluster.getMetadata().getName();
		String primary = ClusterView.concise(cluster).currentPrimary();
		Map<String, Object> patch = ClusterOperations.inPlacePrimaryRestartStatus(cluster, this.clock.instant());
		String what = "'" + primary + "' is the primary: the operator restarts PostgreSQL in place, without a "
				+ "switchover, so writes to cluster '" + name + "' fail until it is back (usually seconds). To keep "
				+ "writing, switch over first (switchover_postgres_cluster) and restart it as a replica.";
		return send(call, cluster, what, dryRun, patch,
				() -> this.clusters.statusMergePatch(call.namespace(), name, Serialization.asJson(patch), dryRun));
	}

	private Mono<Reply> replica(ToolCall call, GenericKubernetesResource cluster, String instance, boolean dryRun) {
		String name = cluster.getMetadata().getName();
		String namespace = call.namespace();
		String what = "'" + instance + "' is a replica: its pod is deleted and the operator creates it again on the "
				+ "same volume; reads through " + name + "-ro and -r go to the other instances meanwhile.";
		return this.pods.find(namespace, name, instance)
			.filter(pod -> Instances.isListed(cluster, instance))
			.switchIfEmpty(Mono.error(() -> new ToolFailure("Not restarted: cluster '" + name + "' has no instance '"
					+ instance + "' (no pod of that name labelled as its instance). "
					+ (Instances.known(cluster).isEmpty() ? "" : "Its instances: " + String.join(", ",
							Instances.known(cluster)) + "."))))
			.flatMap(pod -> send(call, cluster, what, dryRun, null, () -> this.pods.delete(namespace, instance, dryRun)));
	}

	/**
	 * Previews, checks or makes the change, after the confirmation a restart needs.
	 *
	 * @param patch what is sent, shown in the answer; null for a pod deletion
	 * @param change sends it, as a server-side dry run when this call is one
	 */
	private Mono<Reply> send(ToolCall call, GenericKubernetesResource cluster, String what, boolean dryRun,
			@Nullable Map<String, Object> patch, Supplier<Mono<?>> change) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("cluster", cluster.getMetadata().getName());
		result.put("namespace", call.namespace());
		if (patch != null) {
			result.put("patch", patch);
		}
		if (dryRun) {
			result.put("dryRun", true);
			return !this.dryRuns.serverSide() ? Mono.just(Reply.of(DryRun.PREVIEW + " " + what, result))
					: change.get().thenReturn(Reply.of(DryRun.ACCEPTED + " " + what, result));
		}
		if (!call.get(CONFIRM)) {
			return Mono.error(new ToolFailure("Not restarted: a restart needs confirm=true. " + what));
		}
		return change.get().then(Mono.fromSupplier(() -> {
			result.put("restarting", true);
			return Reply.of("Restart requested. " + what + " Watch it with get_cluster_status: ready instances drop "
					+ "and come back, and the phase returns to 'Cluster in healthy state'.", result);
		}));
	}

	private Mono<Reply> reload(ToolCall call) {
		String cluster = call.get(CLUSTER_NAME);
		String namespace = call.namespace();
		boolean dryRun = call.get(DRY_RUN);
		Map<String, Object> patch = ClusterOperations.annotation(ClusterOperations.RELOADED_AT,
				ClusterOperations.reloadedAt(this.clock.instant()));
		String what = "The operator reconciles cluster '" + cluster + "' now and applies configuration that needs no "
				+ "restart (instances reload it); nothing restarts.";
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("cluster", cluster);
		result.put("namespace", namespace);
		result.put("patch", patch);
		return this.clusters.get(namespace, cluster).flatMap(found -> {
			if (dryRun) {
				result.put("dryRun", true);
				return !this.dryRuns.serverSide() ? Mono.just(Reply.of(DryRun.PREVIEW + " " + what, result))
						: this.clusters.mergePatch(namespace, cluster, Serialization.asJson(patch), true)
							.thenReturn(Reply.of(DryRun.ACCEPTED + " " + what, result));
			}
			return this.clusters.mergePatch(namespace, cluster, Serialization.asJson(patch), false)
				.thenReturn(Reply.of("Reload requested. " + what + " get_cluster_status shows the cluster's state.", result));
		}).onErrorMap(Failures.during(DryRun.action("reload cluster '" + cluster + "' in namespace '" + namespace + "'",
				dryRun)));
	}

}
