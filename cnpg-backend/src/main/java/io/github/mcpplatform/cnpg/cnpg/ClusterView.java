package io.github.mcpplatform.cnpg.cnpg;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * What a tool shows of a {@code Cluster}. The concise view answers "is it healthy?"; the detailed
 * view adds what is needed to understand why not.
 *
 * @param hibernated true when the cluster is hibernated (its pods are shut down; CNPG keeps the phase it
 *     had, "Cluster in healthy state"), else absent
 * @param fencedInstances the instances fenced off ({@code "*"}: all), else absent
 * @param targetPrimary the instance a switchover or failover is moving the primary to, when that is not
 *     the current primary
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterView(String name, String namespace, @Nullable Integer instances, @Nullable Integer readyInstances,
		@Nullable String phase, @Nullable String currentPrimary, @Nullable Boolean hibernated,
		@Nullable List<String> fencedInstances, @Nullable String targetPrimary, @Nullable String image,
		@Nullable String storageSize, @Nullable String storageClass, @Nullable String phaseReason,
		@Nullable List<Map<String, Object>> conditions, @Nullable Map<String, Object> instancesStatus,
		@Nullable Map<String, Object> parameters, @Nullable List<RoleView> managedRoles) {

	public static ClusterView concise(GenericKubernetesResource cluster) {
		String currentPrimary = cluster.get("status", "currentPrimary");
		String targetPrimary = cluster.get("status", "targetPrimary");
		return new ClusterView(cluster.getMetadata().getName(), cluster.getMetadata().getNamespace(),
				integer(cluster.get("spec", "instances")), integer(cluster.get("status", "readyInstances")),
				cluster.get("status", "phase"), currentPrimary, ClusterStates.hibernated(cluster) ? Boolean.TRUE : null,
				ClusterStates.fencedInstances(cluster),
				targetPrimary != null && !targetPrimary.equals(currentPrimary) ? targetPrimary : null, image(cluster),
				cluster.get("spec", "storage", "size"), null, null, null, null, null, null);
	}

	public static ClusterView detailed(GenericKubernetesResource cluster) {
		ClusterView c = concise(cluster);
		return new ClusterView(c.name, c.namespace, c.instances, c.readyInstances, c.phase, c.currentPrimary,
				c.hibernated, c.fencedInstances, c.targetPrimary, c.image, c.storageSize,
				cluster.get("spec", "storage", "storageClass"), cluster.get("status", "phaseReason"),
				cluster.get("status", "conditions"), cluster.get("status", "instancesStatus"),
				cluster.get("spec", "postgresql", "parameters"), RoleView.all(cluster));
	}

	/**
	 * A one-line health summary, e.g. "3/3 ready, Cluster in healthy state, primary pg-1", which says
	 * first when the cluster is hibernated, and adds fenced instances and a primary change in flight.
	 */
	public String health() {
		String ready = (this.readyInstances == null ? "?" : this.readyInstances) + "/"
				+ (this.instances == null ? "?" : this.instances) + " ready";
		String state = this.phase == null ? "no status yet (the operator has not reported on it)" : this.phase;
		StringBuilder health = new StringBuilder();
		if (Boolean.TRUE.equals(this.hibernated)) {
			health.append("hibernated (its instances are shut down; the phase is the one from before), ");
		}
		health.append(ready).append(", ").append(state);
		if (this.currentPrimary != null) {
			health.append(", primary ").append(this.currentPrimary);
		}
		if (this.targetPrimary != null) {
			health.append(", switching the primary to ").append(this.targetPrimary);
		}
		if (this.fencedInstances != null) {
			health.append(", fenced: ").append(this.fencedInstances.contains("*") ? "all instances"
					: String.join(", ", this.fencedInstances));
		}
		return health.toString();
	}

	/** The image named in the spec, else the one the operator reports, else the catalog entry the spec names. */
	private static @Nullable String image(GenericKubernetesResource cluster) {
		String image = cluster.get("spec", "imageName");
		if (image == null) {
			image = cluster.get("status", "image");
		}
		Map<String, Object> catalog = cluster.get("spec", "imageCatalogRef");
		if (image == null && catalog != null) {
			image = catalog.get("kind") + " " + catalog.get("name") + ", PostgreSQL " + catalog.get("major");
		}
		return image;
	}

	static @Nullable Integer integer(@Nullable Object value) {
		return value instanceof Number n ? n.intValue() : null;
	}

}
