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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatabaseView(String objectName, String name, @Nullable String owner, String ensure, String reclaimPolicy,
		@Nullable Boolean applied, @Nullable String message) {

	public static DatabaseView of(GenericKubernetesResource database) {
		String ensure = database.get("spec", "ensure");
		String policy = database.get("spec", "databaseReclaimPolicy");
		return new DatabaseView(database.getMetadata().getName(), database.get("spec", "name"),
				database.get("spec", "owner"), ensure == null ? "present" : ensure, policy == null ? "retain" : policy,
				database.get("status", "applied"), database.get("status", "message"));
	}

}
