package io.github.mcpplatform.cnpg.cnpg;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * One PostgreSQL instance as its pod and the operator see it: whether it runs and is ready, how often it restarted
 * and why, its role, and what the instance manager last reported ({@code status.instancesReportedState}).
 *
 * @param role {@code primary} or {@code replica} from the pod's {@code cnpg.io/instanceRole} label (the old
 *     {@code role} label on older pods), else absent
 * @param status the operator's grouping of the instance in {@code status.instancesStatus}, e.g. {@code healthy}
 * @param waiting why the postgres container is not running, e.g. {@code CrashLoopBackOff}
 * @param lastTermination why the container last ended, e.g. {@code Error (exit 1)}
 * @param pod false when the operator lists the instance but no pod exists for it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InstanceView(String name, @Nullable String role, @Nullable String status, boolean pod,
		@Nullable String podPhase, @Nullable Boolean ready, @Nullable Integer restarts, @Nullable String waiting,
		@Nullable String lastTermination, @Nullable String node, @Nullable Boolean reportedPrimary,
		@Nullable Integer timeline, @Nullable Boolean fenced) {

	/** The cluster's instances: every pod, then every instance the operator reports without a pod, by name. */
	public static List<InstanceView> all(GenericKubernetesResource cluster, List<Pod> pods) {
		Map<String, Object> statuses = cluster.get("status", "instancesStatus");
		Map<String, Object> reported = cluster.get("status", "instancesReportedState");
		List<String> fenced = ClusterStates.fencedInstances(cluster);
		List<String> names = new ArrayList<>(pods.stream().map(p -> p.getMetadata().getName()).toList());
		if (statuses != null) {
			statuses.values().forEach(v -> {
				if (v instanceof List<?> list) {
					list.stream().map(String::valueOf).filter(n -> !names.contains(n)).forEach(names::add);
				}
			});
		}
		return names.stream().sorted().map(name -> {
			Pod pod = pods.stream().filter(p -> p.getMetadata().getName().equals(name)).findFirst().orElse(null);
			Map<?, ?> state = reported != null && reported.get(name) instanceof Map<?, ?> m ? m : Map.of();
			Boolean isFenced = fenced != null && (fenced.contains("*") || fenced.contains(name)) ? Boolean.TRUE : null;
			return of(name, pod, statusOf(statuses, name), state, isFenced);
		}).toList();
	}

	private static InstanceView of(String name, @Nullable Pod pod, @Nullable String status, Map<?, ?> reported,
			@Nullable Boolean fenced) {
		Boolean reportedPrimary = reported.get("isPrimary") instanceof Boolean b ? b : null;
		Integer timeline = reported.get("timeLineID") instanceof Number n ? n.intValue() : null;
		if (pod == null) {
			return new InstanceView(name, null, status, false, null, null, null, null, null, null, reportedPrimary,
					timeline, fenced);
		}
		Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
		String role = labels.getOrDefault("cnpg.io/instanceRole", labels.get("role"));
		ContainerStatus postgres = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? null
				: pod.getStatus().getContainerStatuses().stream()
					.filter(c -> InstanceRepository.POSTGRES_CONTAINER.equals(c.getName()))
					.findFirst()
					.orElse(null);
		String waiting = postgres != null && postgres.getState() != null && postgres.getState().getWaiting() != null
				? postgres.getState().getWaiting().getReason() : null;
		String lastTermination = null;
		if (postgres != null && postgres.getLastState() != null && postgres.getLastState().getTerminated() != null) {
			var terminated = postgres.getLastState().getTerminated();
			lastTermination = terminated.getReason() + " (exit " + terminated.getExitCode() + ")";
		}
		return new InstanceView(name, role, status, true, pod.getStatus() == null ? null : pod.getStatus().getPhase(),
				postgres == null ? null : postgres.getReady(), postgres == null ? null : postgres.getRestartCount(),
				waiting, lastTermination, pod.getSpec() == null ? null : pod.getSpec().getNodeName(), reportedPrimary,
				timeline, fenced);
	}

	private static @Nullable String statusOf(@Nullable Map<String, Object> statuses, String name) {
		if (statuses == null) {
			return null;
		}
		return statuses.entrySet()
			.stream()
			.filter(e -> e.getValue() instanceof List<?> list && list.contains(name))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElse(null);
	}

	/** E.g. "pg-1: primary, Running, ready, 0 restarts, healthy, node n1". */
	public String line() {
		StringBuilder text = new StringBuilder(this.name).append(": ");
		if (!this.pod) {
			return text.append("no pod (the operator lists it as ").append(this.status).append(')').toString();
		}
		List<String> parts = new ArrayList<>();
		if (this.role != null) {
			parts.add(this.role);
		}
		parts.add(this.podPhase == null ? "phase unknown" : this.podPhase);
		parts.add(Boolean.TRUE.equals(this.ready) ? "ready" : "NOT ready");
		if (this.waiting != null) {
			parts.add("waiting: " + this.waiting);
		}
		parts.add((this.restarts == null ? "?" : this.restarts) + " restart(s)");
		if (this.lastTermination != null) {
			parts.add("last ended: " + this.lastTermination);
		}
		if (this.status != null) {
			parts.add(this.status);
		}
		if (this.timeline != null) {
			parts.add("timeline " + this.timeline);
		}
		if (Boolean.TRUE.equals(this.fenced)) {
			parts.add("FENCED");
		}
		if (this.node != null) {
			parts.add("node " + this.node);
		}
		return text.append(String.join(", ", parts)).toString();
	}

}
