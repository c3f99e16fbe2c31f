package io.github.mcpplatform.cnpg.cnpg;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * A CNPG {@code Database} object: the PostgreSQL database it declares and whether the operator applied it.
 *
 * @param objectName the Kubernetes object's name
 * @param name the PostgreSQL database's name
 * @param reclaimPolicy {@code retain} (the database survives deleting the object) or {@code delete}
 * @param applied what the operator last reported; it may be about an earlier version of the object
 * @param pendingChanges true when the object changed after the operator last reconciled it
 *     ({@code status.observedGeneration} behind {@code metadata.generation})
 * @param terminating true when the object is being deleted: the primary's instance manager drops the
 *     database (reclaim policy {@code delete}) and releases it, so without a running primary it stays
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatabaseView(String objectName, String name, @Nullable String owner, String ensure, String reclaimPolicy,
		@Nullable Boolean applied, @Nullable String message, @Nullable Boolean pendingChanges,
		@Nullable Boolean terminating) {

	public static DatabaseView of(GenericKubernetesResource database) {
		String ensure = database.get("spec", "ensure");
		String policy = database.get("spec", "databaseReclaimPolicy");
		Object observed = database.get("status", "observedGeneration");
		Long generation = database.getMetadata().getGeneration();
		boolean pending = observed instanceof Number n && generation != null && n.longValue() < generation;
		return new DatabaseView(database.getMetadata().getName(), database.get("spec", "name"),
				database.get("spec", "owner"), ensure == null ? "present" : ensure, policy == null ? "retain" : policy,
				database.get("status", "applied"), database.get("status", "message"), pending ? Boolean.TRUE : null,
				database.getMetadata().getDeletionTimestamp() != null ? Boolean.TRUE : null);
	}

}
