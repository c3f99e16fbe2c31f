package io.github.mcpplatform.cnpg.tools;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.github.mcpplatform.cnpg.output.ToolFailure;

/**
 * What a new instance count must respect, checked before the patch so that the answer says why (CNPG's
 * webhook would refuse it with a 422; with the webhook bypassed the operator writes the old count back).
 */
final class ScaleLimits {

	/** How far this tool scales up; a cluster that is larger already can still be scaled down. */
	static final int MAX_SCALE_UP = 10;

	private ScaleLimits() {
	}

	/**
	 * Refuses a count CNPG would not accept: {@code maxSyncReplicas} must stay below the instances
	 * ({@code cluster_webhook.go}, validateMaxSyncReplicas), and so must {@code synchronous.number}
	 * (minus the standby names it may also count), or synchronous commits could not be acknowledged.
	 */
	static void check(GenericKubernetesResource cluster, @Nullable Integer current, int target) {
		String name = cluster.getMetadata().getName();
		if (target > MAX_SCALE_UP && (current == null || target > current)) {
			throw new ToolFailure("Cluster '" + name + "' was not scaled: this tool scales up to at most " + MAX_SCALE_UP
					+ " instances.");
		}
		Integer maxSyncReplicas = number(cluster.get("spec", "maxSyncReplicas"));
		if (maxSyncReplicas != null && maxSyncReplicas > 0 && target <= maxSyncReplicas) {
			throw new ToolFailure("Cluster '" + name + "' was not scaled: its maxSyncReplicas is " + maxSyncReplicas
					+ ", and CloudNativePG needs more instances than that (at least " + (maxSyncReplicas + 1)
					+ "). Lower maxSyncReplicas first, or keep " + (maxSyncReplicas + 1) + " or more instances.");
		}
		Integer synchronous = number(cluster.get("spec", "postgresql", "synchronous", "number"));
		if (synchronous != null) {
			int standbys = size(cluster.get("spec", "postgresql", "synchronous", "standbyNamesPre"))
					+ size(cluster.get("spec", "postgresql", "synchronous", "standbyNamesPost"));
			if (synchronous >= target + standbys) {
				throw new ToolFailure("Cluster '" + name + "' was not scaled: spec.postgresql.synchronous.number is "
						+ synchronous + ", and CloudNativePG needs it below the instances (plus listed standby names), "
						+ "so at least " + (synchronous + 1 - standbys) + " instances. Lower it first.");
			}
		}
	}

	private static @Nullable Integer number(@Nullable Object value) {
		return value instanceof Number n ? n.intValue() : null;
	}

	private static int size(@Nullable Object value) {
		return value instanceof List<?> list ? list.size() : 0;
	}

}
