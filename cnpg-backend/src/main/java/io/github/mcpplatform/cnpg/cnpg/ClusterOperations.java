package io.github.mcpplatform.cnpg.cnpg;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * The changes through which CNPG's {@code kubectl cnpg} plugin asks the operator for day-2 operations, written
 * the way the plugin writes them, so that the operator sees no difference. Annotations go on the Cluster
 * ({@code restart}, {@code reload}, {@code hibernate}, {@code fencing}); a switchover and the in-place restart of
 * the primary are status changes ({@code promote}, {@code restart CLUSTER INSTANCE}).
 *
 * @see <a href="https://github.com/cloudnative-pg/cloudnative-pg/tree/main/internal/cmd/plugin">CNPG plugin
 *     commands</a>
 * @see <a href="https://cloudnative-pg.io/documentation/current/labels_annotations/">CNPG annotations</a>
 */
public final class ClusterOperations {

	/** A rolling restart of every instance ({@code utils.ClusterRestartAnnotationName}). */
	public static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

	/** A reconciliation, which reloads configuration that instances take without a restart. */
	public static final String RELOADED_AT = "cnpg.io/reloadedAt";

	/** {@code on} or {@code off}: the only values CNPG's webhook accepts. */
	public static final String HIBERNATION = ClusterStates.HIBERNATION;

	/** A JSON list of instance names; {@code ["*"]} fences every instance. */
	public static final String FENCED_INSTANCES = ClusterStates.FENCED_INSTANCES;

	public static final String PHASE_HEALTHY = "Cluster in healthy state";

	public static final String PHASE_SWITCHOVER = "Switchover in progress";

	public static final String PHASE_INPLACE_PRIMARY_RESTART = "Primary instance is being restarted in-place";

	/** {@code metav1.RFC3339Micro}, in which CNPG writes {@code targetPrimaryTimestamp} and {@code reloadedAt}. */
	private static final DateTimeFormatter RFC3339_MICRO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX")
		.withZone(ZoneOffset.UTC);

	private ClusterOperations() {
	}

	/** A merge patch that sets one annotation ({@code null} removes it). */
	public static Map<String, Object> annotation(String name, @Nullable String value) {
		Map<String, Object> annotations = new LinkedHashMap<>();
		annotations.put(name, value);
		return Map.of("metadata", Map.of("annotations", annotations));
	}

	/** The {@code restartedAt} value: RFC 3339 in seconds, as the plugin's {@code time.Now().Format(time.RFC3339)}. */
	public static String restartedAt(Instant now) {
		return DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
	}

	/** The {@code reloadedAt} value, as the plugin's {@code pgTime.GetCurrentTimestamp()}. */
	public static String reloadedAt(Instant now) {
		return RFC3339_MICRO.format(now);
	}

	/**
	 * What {@code kubectl cnpg promote} writes to the status subresource: the new target primary, when it was
	 * asked for, the switchover phase and the Ready condition that phase implies, valid only against this version
	 * of the cluster.
	 */
	public static Map<String, Object> switchoverStatus(GenericKubernetesResource cluster, String instance, Instant now) {
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("targetPrimary", instance);
		status.put("targetPrimaryTimestamp", RFC3339_MICRO.format(now));
		status.put("phase", PHASE_SWITCHOVER);
		status.put("phaseReason", "Switching over to " + instance);
		status.put("conditions", withReadyCondition(cluster.get("status", "conditions"), PHASE_SWITCHOVER, now));
		return OptimisticLock.locked(cluster, Map.of("status", status));
	}

	/** What {@code kubectl cnpg restart CLUSTER PRIMARY} writes: the in-place restart phase, and Ready. */
	public static Map<String, Object> inPlacePrimaryRestartStatus(GenericKubernetesResource cluster, Instant now) {
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("phase", PHASE_INPLACE_PRIMARY_RESTART);
		status.put("phaseReason", "Requested by the user");
		status.put("conditions", withReadyCondition(cluster.get("status", "conditions"), PHASE_INPLACE_PRIMARY_RESTART, now));
		return OptimisticLock.locked(cluster, Map.of("status", status));
	}

	/**
	 * The conditions with {@code Ready} set for {@code phase}, as CNPG's {@code SetClusterReadyCondition} with
	 * apimachinery's {@code meta.SetStatusCondition}: the transition time changes only when the status does,
	 * and the other conditions stay as they are (a merge patch replaces the whole list).
	 */
	static List<Map<String, Object>> withReadyCondition(@Nullable List<Map<String, Object>> conditions,
			String phase, Instant now) {
		boolean ready = PHASE_HEALTHY.equals(phase);
		String status = ready ? "True" : "False";
		List<Map<String, Object>> result = new ArrayList<>();
		boolean found = false;
		for (Map<String, Object> condition : conditions == null ? List.<Map<String, Object>>of() : conditions) {
			if (!"Ready".equals(condition.get("type"))) {
				result.add(condition);
				continue;
			}
			found = true;
			Map<String, Object> updated = new LinkedHashMap<>(condition);
			if (!Objects.equals(status, condition.get("status"))) {
				updated.put("lastTransitionTime", restartedAt(now));
			}
			updated.put("status", status);
			updated.put("reason", ready ? "ClusterIsReady" : "ClusterIsNotReady");
			updated.put("message", ready ? "Cluster is Ready" : "Cluster Is Not Ready");
			updated.remove("observedGeneration");
			result.add(updated);
		}
		if (!found) {
			Map<String, Object> condition = new LinkedHashMap<>();
			condition.put("type", "Ready");
			condition.put("status", status);
			condition.put("lastTransitionTime", restartedAt(now));
			condition.put("reason", ready ? "ClusterIsReady" : "ClusterIsNotReady");
			condition.put("message", ready ? "Cluster is Ready" : "Cluster Is Not Ready");
			result.add(condition);
		}
		return result;
	}

}
