package io.github.mcpplatform.cnpg.tools;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.github.mcpplatform.cnpg.cnpg.AppSecrets;
import io.github.mcpplatform.cnpg.cnpg.ClusterRepository;
import io.github.mcpplatform.cnpg.cnpg.SecretRepository;
import io.github.mcpplatform.cnpg.output.ToolFailure;
import io.github.mcpplatform.cnpg.sql.Credentials;
import io.github.mcpplatform.cnpg.sql.QueryTarget;
import reactor.core.publisher.Mono;

/**
 * Where a query of the {@code sql} toolset runs: through which of the cluster's Services, to which database, and
 * with the login the backend reads from the cluster's application secret. The caller names the cluster and at most
 * the Service type and the database; a credential never comes from the call.
 */
final class QueryTargets {

	private final ClusterRepository clusters;

	private final SecretRepository secrets;

	QueryTargets(ClusterRepository clusters, SecretRepository secrets) {
		this.clusters = clusters;
		this.secrets = secrets;
	}

	/**
	 * The target, or a {@link ToolFailure} when the Service cannot serve (a disabled default Service, or {@code ro}
	 * of a cluster without replicas) or the secret lacks a login.
	 *
	 * @param service {@code rw}, {@code ro} or {@code r}; null picks {@code ro}, or {@code r} when the cluster has
	 *     no replicas
	 * @param database null for the one the application secret names
	 */
	Mono<QueryTarget> resolve(String namespace, String cluster, @Nullable String service, @Nullable String database) {
		return this.clusters.get(namespace, cluster).flatMap(found -> {
			String type = service != null ? service : instances(found) > 1 ? "ro" : "r";
			checkServes(found, type);
			String secretName = AppSecrets.applicationSecretName(found);
			return this.secrets.find(namespace, secretName)
				.switchIfEmpty(Mono.error(() -> new ToolFailure("Cluster '" + cluster + "' has no application secret '"
						+ secretName + "' (CloudNativePG creates it at bootstrap): the query needs its login.")))
				.map(secret -> {
					Credentials login = AppSecrets.credentials(secret);
					if (login == null) {
						throw new ToolFailure("Secret '" + secretName + "' of cluster '" + cluster + "' lacks the keys "
								+ "'username' and 'password' CloudNativePG writes: the query needs them.");
					}
					String db = database != null ? database : AppSecrets.databaseOf(secret);
					return new QueryTarget(namespace, cluster + "-" + type, db != null ? db : AppSecrets.database(found),
							login);
				});
		});
	}

	private static void checkServes(GenericKubernetesResource cluster, String type) {
		String name = cluster.getMetadata().getName();
		List<?> disabled = cluster.get("spec", "managed", "services", "disabledDefaultServices");
		if (disabled != null && disabled.contains(type)) {
			throw new ToolFailure("Cluster '" + name + "' has its '" + name + "-" + type + "' Service disabled "
					+ "(spec.managed.services.disabledDefaultServices): choose another service.");
		}
		if ("ro".equals(type) && instances(cluster) <= 1) {
			throw new ToolFailure("Cluster '" + name + "' has no replicas, so its read-only Service '" + name + "-ro' "
					+ "reaches no instance: use service=r (any instance, here the primary, still in a read-only transaction).");
		}
	}

	private static int instances(GenericKubernetesResource cluster) {
		Object instances = cluster.get("spec", "instances");
		return instances instanceof Number n ? n.intValue() : 1;
	}

}
