package io.github.mcpplatform.cnpg.tools;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.github.mcpplatform.cnpg.cnpg.AppSecrets;
import io.github.mcpplatform.cnpg.cnpg.ClusterRepository;
import io.github.mcpplatform.cnpg.cnpg.RoleManifests;
import io.github.mcpplatform.cnpg.cnpg.RoleView;
import io.github.mcpplatform.cnpg.cnpg.SecretRepository;
import io.github.mcpplatform.cnpg.output.ToolFailure;
import io.github.mcpplatform.cnpg.sql.Credentials;
import io.github.mcpplatform.cnpg.sql.QueryTarget;
import reactor.core.publisher.Mono;

/**
 * Where a query of the {@code sql} toolset runs: through which of the cluster's Services, to which database, and
 * with the login the backend reads from the cluster's application secret, or from the password secret this
 * backend created for a managed role the call names (e.g. one granted {@code pg_read_all_data}, which cannot write
 * at all). The caller names the cluster and at most the Service type, the database and the role; a credential
 * never comes from the call.
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
	 * @param role null for the application user, else a managed role to run as
	 */
	Mono<QueryTarget> resolve(String namespace, String cluster, @Nullable String service, @Nullable String database,
			@Nullable String role) {
		return this.clusters.get(namespace, cluster).flatMap(found -> {
			String type = service != null ? service : instances(found) > 1 ? "ro" : "r";
			checkServes(found, type);
			if (role != null) {
				return asRole(found, namespace, role).map(login -> new QueryTarget(namespace, cluster + "-" + type,
						database != null ? database : AppSecrets.database(found), login));
			}
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

	/**
	 * The login of a managed role: one that exists, may log in and is no superuser, whose password secret this
	 * backend created for it (never a secret someone else made, which the role entry could name).
	 */
	private Mono<Credentials> asRole(GenericKubernetesResource cluster, String namespace, String role) {
		String name = cluster.getMetadata().getName();
		RoleView view = RoleView.all(cluster).stream().filter(r -> r.name().equals(role)).findFirst().orElse(null);
		if (view == null || !"present".equals(view.ensure())) {
			return Mono.error(new ToolFailure("Cluster '" + name + "' manages no role '" + role + "' (list_postgres_roles "
					+ "shows its roles; create_postgres_role makes one, e.g. with in_roles pg_read_all_data)."));
		}
		if (view.superuser() || !view.login() || view.passwordSecret() == null) {
			return Mono.error(new ToolFailure("Role '" + role + "' of cluster '" + name + "' cannot run queries here: "
					+ (view.superuser() ? "it is a superuser" : !view.login() ? "it cannot log in" : "it has no password secret")
					+ ". Use a login role without superuser, or leave role out for the application user."));
		}
		String secretName = view.passwordSecret();
		return this.secrets.find(namespace, secretName)
			.filter(secret -> RoleManifests.isPasswordSecretOf(secret, name, role))
			.switchIfEmpty(Mono.error(() -> new ToolFailure("Role '" + role + "' of cluster '" + name + "' has no password "
					+ "secret created by this backend ('" + secretName + "' is missing or someone else's): only such "
					+ "secrets are used. update_postgres_role with rotate_password=true creates one.")))
			.map(secret -> {
				Credentials login = AppSecrets.credentials(secret);
				if (login == null) {
					throw new ToolFailure("Secret '" + secretName + "' lacks the keys 'username' and 'password'.");
				}
				return login;
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
