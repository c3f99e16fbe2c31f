package io.github.mcpplatform.cnpg.cnpg;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * States of a cluster that its phase does not show: CNPG keeps "Cluster in healthy state" while a
 * cluster is hibernated, and fencing is only an annotation.
 *
 * @see <a href="https://cloudnative-pg.io/documentation/current/declarative_hibernation/">CNPG hibernation</a>
 * @see <a href="https://cloudnative-pg.io/documentation/current/fencing/">CNPG fencing</a>
 */
final class ClusterStates {

	static final String HIBERNATION = "cnpg.io/hibernation";

	static final String FENCED_INSTANCES = "cnpg.io/fencedInstances";

	private ClusterStates() {
	}

	/** Whether the operator reports the cluster hibernated (condition {@code cnpg.io/hibernation} True). */
	static boolean hibernated(GenericKubernetesResource cluster) {
		List<Map<String, Object>> conditions = cluster.get("status", "conditions");
		return conditions != null && conditions.stream()
			.anyMatch(c -> HIBERNATION.equals(c.get("type")) && "True".equals(c.get("status")));
	}

	/** The instances the {@code cnpg.io/fencedInstances} annotation fences ({@code "*"}: all), or null. */
	static @Nullable List<String> fencedInstances(GenericKubernetesResource cluster) {
		Map<String, String> annotations = cluster.getMetadata().getAnnotations();
		String fenced = annotations == null ? null : annotations.get(FENCED_INSTANCES);
		if (fenced == null || fenced.isBlank()) {
			return null;
		}
		try {
			List<?> names = Serialization.unmarshal(fenced, List.class);
			return names.isEmpty() ? null : names.stream().map(String::valueOf).toList();
		}
		catch (RuntimeException notAJsonList) {
			// not the JSON list CNPG writes: show the raw value rather than hide that something is fenced
			return List.of(fenced);
		}
	}

}
