package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.CommonParams.CLUSTER_NAME;
import static io.github.mcpplatform.cnpg.tools.CommonParams.FORMAT;
import static io.github.mcpplatform.cnpg.tools.CommonParams.NAMESPACE;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.github.mcpplatform.cnpg.cnpg.ClusterRepository;
import io.github.mcpplatform.cnpg.cnpg.ClusterView;
import io.github.mcpplatform.cnpg.cnpg.InstanceRepository;
import io.github.mcpplatform.cnpg.cnpg.InstanceView;
import io.github.mcpplatform.cnpg.output.Failures;
import io.github.mcpplatform.cnpg.output.Reply;
import reactor.core.publisher.Mono;

/**
 * {@code get_postgres_cluster_health}: why a cluster is or is not healthy, instance by instance. Where
 * {@code get_cluster_status} shows the Cluster object, this joins it with the instance pods (ready, restarts, why
 * a container waits or ended), the operator's report per instance, the status conditions, replication and
 * hibernation or fencing, and lists the problems it sees.
 */
final class ClusterHealth {

	private final ClusterRepository clusters;

	private final InstanceRepository instances;

	ClusterHealth(ClusterRepository clusters, InstanceRepository instances) {
		this.clusters = clusters;
		this.instances = instances;
	}

	CnpgTool tool() {
		return new CnpgTool("get_postgres_cluster_health", "Diagnose PostgreSQL cluster health",
				"Diagnose why a CloudNativePG cluster is (not) healthy: each instance's pod (ready, restarts, why it "
						+ "waits or crashed), role and timeline, the primary and any switchover in flight, replication, "
						+ "conditions, hibernation and fencing, with the problems found.",
				Hints.readOnly(), List.of(CLUSTER_NAME, NAMESPACE, FORMAT), this::health);
	}

	private Mono<Reply> health(ToolCall call) {
		String name = call.get(CLUSTER_NAME);
		String namespace = call.namespace();
		return this.clusters.get(namespace, name)
			.zipWith(this.instances.instances(namespace, name))
			.map(found -> reply(found.getT1(), InstanceView.all(found.getT1(), found.getT2())))
			.onErrorMap(Failures.during("diagnose cluster '" + name + "' in namespace '" + namespace + "'"));
	}

	private static Reply reply(GenericKubernetesResource cluster, List<InstanceView> instances) {
		ClusterView view = ClusterView.detailed(cluster);
		List<Map<String, Object>> conditions = view.conditions() == null ? List.of() : view.conditions();
		Map<String, Object> replication = replication(cluster, view);
		List<String> problems = problems(view, instances, conditions);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("cluster", view.name());
		result.put("namespace", view.namespace());
		result.put("health", view.health());
		result.put("phase", view.phase());
		result.put("phaseReason", view.phaseReason());
		result.put("currentPrimary", view.currentPrimary());
		result.put("targetPrimary", cluster.get("status", "targetPrimary"));
		result.put("hibernated", Boolean.TRUE.equals(view.hibernated()));
		result.put("fencedInstances", view.fencedInstances() == null ? List.of() : view.fencedInstances());
		result.put("replication", replication);
		result.put("instances", instances);
		result.put("conditions", conditions);
		result.put("problems", problems);
		StringBuilder text = new StringBuilder(view.name()).append(" (namespace ").append(view.namespace()).append("): ")
			.append(view.health());
		if (view.phaseReason() != null) {
			text.append("\nphase reason: ").append(view.phaseReason());
		}
		text.append("\nreplication: ").append(replication.get("summary"));
		text.append("\ninstances:");
		if (instances.isEmpty()) {
			text.append(" none found (no pod carries the label cnpg.io/cluster=").append(view.name()).append(')');
		}
		instances.forEach(i -> text.append("\n- ").append(i.line()));
		conditions.forEach(c -> text.append("\ncondition ").append(c.get("type")).append('=').append(c.get("status"))
			.append(c.get("reason") == null ? "" : " (" + c.get("reason") + ")")
			.append(c.get("message") == null ? "" : ": " + c.get("message")));
		text.append(problems.isEmpty() ? "\nNo problems found." : "\nproblems:");
		problems.forEach(p -> text.append("\n- ").append(p));
		if (!problems.isEmpty()) {
			text.append("\nlist_postgres_cluster_events and get_postgres_instance_logs show why.");
		}
		return Reply.of(text.toString(), result);
	}

	private static Map<String, Object> replication(GenericKubernetesResource cluster, ClusterView view) {
		Map<String, Object> replication = new LinkedHashMap<>();
		int instances = view.instances() == null ? 0 : view.instances();
		replication.put("replicas", Math.max(0, instances - 1));
		Map<String, Object> synchronous = cluster.get("spec", "postgresql", "synchronous");
		Object minSync = cluster.get("spec", "minSyncReplicas");
		Object maxSync = cluster.get("spec", "maxSyncReplicas");
		String mode;
		if (synchronous != null) {
			mode = "synchronous (" + synchronous.get("method") + ", number " + synchronous.get("number")
					+ (synchronous.get("dataDurability") == null ? "" : ", dataDurability " + synchronous.get("dataDurability"))
					+ ")";
			replication.put("synchronous", synchronous);
		}
		else if (maxSync instanceof Number max && max.intValue() > 0) {
			mode = "synchronous (minSyncReplicas " + minSync + ", maxSyncReplicas " + max + ")";
			replication.put("synchronous", Map.of("minSyncReplicas", minSync == null ? 0 : minSync, "maxSyncReplicas", max));
		}
		else {
			mode = "asynchronous";
		}
		replication.put("summary", instances <= 1 ? "none (a single instance)" : (instances - 1) + " replica(s), " + mode);
		return replication;
	}

	private static List<String> problems(ClusterView view, List<InstanceView> instances, List<Map<String, Object>> conditions) {
		List<String> problems = new ArrayList<>();
		if (Boolean.TRUE.equals(view.hibernated())) {
			problems.add("The cluster is hibernated: its instances are shut down on purpose (annotation cnpg.io/hibernation).");
		}
		if (view.fencedInstances() != null) {
			problems.add("Fenced instances do not run PostgreSQL: " + String.join(", ", view.fencedInstances())
					+ " (annotation cnpg.io/fencedInstances).");
		}
		if (view.targetPrimary() != null) {
			problems.add("The primary is moving from " + view.currentPrimary() + " to " + view.targetPrimary()
					+ " (switchover or failover in progress).");
		}
		conditions.stream()
			.filter(c -> "False".equals(c.get("status")) && !"cnpg.io/hibernation".equals(c.get("type")))
			.forEach(c -> problems.add("Condition " + c.get("type") + " is False" + (c.get("message") == null ? "."
					: ": " + c.get("message"))));
		for (InstanceView i : instances) {
			if (!i.pod()) {
				problems.add(i.name() + " has no pod.");
				continue;
			}
			if (!Boolean.TRUE.equals(i.ready()) && !Boolean.TRUE.equals(i.fenced())) {
				problems.add(i.name() + " is not ready" + (i.waiting() == null ? "" : " (" + i.waiting() + ")") + ".");
			}
			if (i.restarts() != null && i.restarts() > 0) {
				problems.add(i.name() + " restarted " + i.restarts() + " time(s)" + (i.lastTermination() == null ? ""
						: ", last ended " + i.lastTermination()) + ": get_postgres_instance_logs with previous=true shows "
						+ "the log of the run that ended.");
			}
		}
		return problems;
	}

}
