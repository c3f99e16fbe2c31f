package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.CommonParams.CLUSTER_NAME;
import static io.github.mcpplatform.cnpg.tools.CommonParams.DRY_RUN;
import static io.github.mcpplatform.cnpg.tools.CommonParams.NAMESPACE;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * {@code switchover_postgres_cluster}: makes a replica the primary, exactly as {@code kubectl cnpg promote} does:
 * it checks that the instance's pod exists and is not already the target, then writes the new
 * {@code targetPrimary} with the switchover phase into the Cluster's status subresource, under an optimistic
 * lock. The operator then shuts the old primary down cleanly, promotes the target and makes the old primary a
 * replica. No annotation does this: CNPG has none for it.
 *
 * @see <a href="https://github.com/cloudnative-pg/cloudnative-pg/blob/main/internal/cmd/plugin/promote/promote.go">CNPG
 *     promote</a>
 */
final class Switchover {

	private static final Param<String> INSTANCE = Instances.param("instance", "The replica to make the primary: its pod "
			+ "name, e.g. 'pg-main-2', or its number, e.g. 2.");

	private static final Param<Boolean> CONFIRM = Instances.confirm("switch over");

	private final ClusterRepository clusters;

	private final InstancePods pods;

	private final DryRun dryRuns;

	private final Clock clock;

	Switchover(ClusterRepository clusters, InstancePods pods, DryRun dryRuns, Clock clock) {
		this.clusters = clusters;
		this.pods = pods;
		this.dryRuns = dryRuns;
		this.clock = clock;
	}

	CnpgTool tool() {
		return new CnpgTool("switchover_postgres_cluster", "Switch over PostgreSQL primary",
				"Make a replica the primary of a CloudNativePG cluster (a planned switchover, as kubectl cnpg promote "
						+ "does): writes pause for a few seconds while the old primary stops and becomes a replica. "
						+ "Requires confirm=true.",
				Hints.destructive(true), List.of(CLUSTER_NAME, INSTANCE, CONFIRM, NAMESPACE, DRY_RUN), this::switchover);
	}

	private Mono<Reply> switchover(ToolCall call) {
		String cluster = call.get(CLUSTER_NAME);
		String instance = Instances.resolve(cluster, call.get(INSTANCE));
		String namespace = call.namespace();
		boolean dryRun = call.get(DRY_RUN);
		Mono<Reply> attempt = this.clusters.get(namespace, cluster).flatMap(found -> {
			refuseUnsafe(found, instance);
			return this.pods.find(namespace, cluster, instance)
				.filter(pod -> Instances.isListed(found, instance))
				.switchIfEmpty(Mono.error(() -> new ToolFailure("Not switched over: cluster '" + cluster + "' has no "
						+ "instance '" + instance + "' (no pod of that name labelled as its instance in namespace '"
						+ namespace + "'). " + knownInstances(found))))
				.flatMap(pod -> apply(call, found, instance, dryRun));
		});
		return OptimisticLock.retryOnConflict(attempt)
			.onErrorMap(Failures.during(DryRun.action("switch cluster '" + cluster + "' in namespace '" + namespace
					+ "' over to '" + instance + "'", dryRun)));
	}

	/** The plugin's own check (the target is already the primary) and those that keep two changes from crossing. */
	private static void refuseUnsafe(GenericKubernetesResource cluster, String instance) {
		ClusterView view = ClusterView.concise(cluster);
		String name = view.name();
		String targetPrimary = cluster.get("status", "targetPrimary");
		if (view.currentPrimary() == null) {
			throw new ToolFailure("Not switched over: the operator has not reported a primary for cluster '" + name
					+ "' yet, so there is nothing to switch over from. get_cluster_status shows its state.");
		}
		if (instance.equals(targetPrimary) || (targetPrimary == null && instance.equals(view.currentPrimary()))) {
			throw new ToolFailure("Not switched over: '" + instance + "' is already the primary of cluster '" + name
					+ "'. Name a replica instead. " + knownInstances(cluster));
		}
		if (view.targetPrimary() != null) {
			throw new ToolFailure("Not switched over: cluster '" + name + "' is already moving its primary from '"
					+ view.currentPrimary() + "' to '" + view.targetPrimary() + "'. Wait until get_cluster_status shows "
					+ "that primary, then ask again.");
		}
		if (Boolean.TRUE.equals(view.hibernated())) {
			throw new ToolFailure("Not switched over: cluster '" + name + "' is hibernated, so no instance runs. Wake it "
					+ "with wake_postgres_cluster first.");
		}
	}

	private Mono<Reply> apply(ToolCall call, GenericKubernetesResource cluster, String instance, boolean dryRun) {
		String name = cluster.getMetadata().getName();
		String namespace = call.namespace();
		String from = ClusterView.concise(cluster).currentPrimary();
		Map<String, Object> patch = ClusterOperations.switchoverStatus(cluster, instance, this.clock.instant());
		String what = "The operator stops primary '" + from + "' cleanly (writes pause for a few seconds and open "
				+ "connections are closed), promotes '" + instance + "', and makes '" + from + "' a replica of it. "
				+ "Applications that connect to " + name + "-rw follow the new primary.";
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("cluster", name);
		result.put("namespace", namespace);
		result.put("from", from);
		result.put("to", instance);
		if (dryRun) {
			result.put("dryRun", true);
			result.put("statusPatch", patch);
			String would = " " + what + " Status merge patch: " + Serialization.asJson(patch);
			return !this.dryRuns.serverSide() ? Mono.just(Reply.of(DryRun.PREVIEW + would, result))
					: this.clusters.statusMergePatch(namespace, name, Serialization.asJson(patch), true)
						.thenReturn(Reply.of(DryRun.ACCEPTED + would, result));
		}
		if (!call.get(CONFIRM)) {
			return Mono.error(new ToolFailure("Not switched over: a switchover needs confirm=true. " + what));
		}
		return this.clusters.statusMergePatch(namespace, name, Serialization.asJson(patch), false).map(updated -> {
			result.put("switchingOver", true);
			return Reply.of("Switchover of cluster '" + name + "' to '" + instance + "' requested. " + what
					+ " Watch it with get_cluster_status: the phase is 'Switchover in progress' until the primary is '"
					+ instance + "' and the cluster is healthy again.", result);
		});
	}

	private static String knownInstances(GenericKubernetesResource cluster) {
		List<String> known = Instances.known(cluster);
		return known.isEmpty() ? "get_cluster_status with detail_level=detailed lists its instances."
				: "Its instances: " + String.join(", ", known) + ".";
	}

}
