package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.CommonParams.CLUSTER_NAME;
import static io.github.mcpplatform.cnpg.tools.CommonParams.DRY_RUN;
import static io.github.mcpplatform.cnpg.tools.CommonParams.FORMAT;
import static io.github.mcpplatform.cnpg.tools.CommonParams.NAMESPACE;
import static io.github.mcpplatform.cnpg.tools.CommonParams.REVEAL_PASSWORD;
import static io.github.mcpplatform.cnpg.tools.RoleParams.NEW_ROLE_NAME;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.mcpplatform.cnpg.cnpg.ClusterRepository;
import io.github.mcpplatform.cnpg.cnpg.Passwords;
import io.github.mcpplatform.cnpg.cnpg.RoleManifests;
import io.github.mcpplatform.cnpg.cnpg.RoleView;
import io.github.mcpplatform.cnpg.cnpg.UnmanagedRoles;
import io.github.mcpplatform.cnpg.output.Failures;
import io.github.mcpplatform.cnpg.output.Reply;
import io.github.mcpplatform.cnpg.output.ToolFailure;
import reactor.core.publisher.Mono;

/**
 * Listing and creating PostgreSQL roles, as CNPG managed roles with a password secret this backend
 * generates. Changing and dropping them is in {@link RoleChanges}.
 */
final class RoleTools {

	private static final Param<Boolean> ADOPT = Param
		.flag("adopt", "Take over a role that already exists in PostgreSQL and that CloudNativePG does not manage "
				+ "(the cluster reports it as not-managed): its attributes and password are overwritten.")
		.defaultsTo(false);

	private final ClusterRepository clusters;

	private final PasswordSecrets passwords;

	private final List<Param<Boolean>> attributes;

	private final DryRun dryRuns;

	RoleTools(ClusterRepository clusters, PasswordSecrets passwords, boolean allowPrivilegedRoles, DryRun dryRuns) {
		this.clusters = clusters;
		this.passwords = passwords;
		this.dryRuns = dryRuns;
		this.attributes = RoleParams.withDefaults(RoleParams.attributes(allowPrivilegedRoles));
	}

	List<CnpgTool> tools() {
		List<Param<?>> createParams = new ArrayList<>(List.of(CLUSTER_NAME, NEW_ROLE_NAME));
		createParams.addAll(this.attributes);
		createParams.addAll(List.of(ADOPT, REVEAL_PASSWORD, NAMESPACE, DRY_RUN));
		return List.of(
				new CnpgTool("list_postgres_roles", "List PostgreSQL roles",
						"List the PostgreSQL roles a CloudNativePG cluster manages (spec.managed.roles), with their "
								+ "attributes, password secret and reconciliation status.",
						Hints.readOnly(), List.of(CLUSTER_NAME, NAMESPACE, FORMAT), this::list)
					.withOutputSchema(OutputSchemas.roleList()),
				new CnpgTool("create_postgres_role", "Create PostgreSQL role",
						"Create a PostgreSQL role in a CloudNativePG cluster. A strong password is generated on the "
								+ "server and stored in a Kubernetes secret; it is not shown unless reveal_password=true. Refuses the "
								+ "application database's owner, and a role that exists unmanaged unless adopt=true.",
						Hints.additive(), createParams, this::create));
	}

	private Mono<Reply> list(ToolCall call) {
		String cluster = call.get(CLUSTER_NAME);
		String namespace = call.namespace();
		return this.clusters.get(namespace, cluster)
			.map(RoleView::all)
			.map(roles -> Reply.list("roles", roles, Map.of("cluster", cluster, "namespace", namespace),
					shown -> listText(cluster, namespace, shown), "Ask about one cluster at a time."))
			.onErrorMap(Failures.during("list the roles of cluster '" + cluster + "' in namespace '" + namespace + "'"));
	}

	private static String listText(String cluster, String namespace, List<RoleView> roles) {
		if (roles.isEmpty()) {
			return "Cluster '" + cluster + "' (namespace '" + namespace + "') manages no roles. (The operator's own "
					+ "'app' owner role is not listed.) Create one with create_postgres_role.";
		}
		StringBuilder text = new StringBuilder("Managed roles of cluster '" + cluster + "' (namespace '" + namespace + "'):");
		for (RoleView r : roles) {
			text.append("\n- ").append(r.name()).append(": ").append(r.ensure()).append("; ");
			text.append(RoleParams.describe(r.attributes()));
			text.append(r.passwordSecret() == null ? "; no password secret" : "; password in secret " + r.passwordSecret());
			text.append("; status ").append(r.status() == null ? "not reported yet" : r.status());
			if (r.errors() != null) {
				text.append(" (").append(String.join("; ", r.errors())).append(')');
			}
		}
		return text.toString();
	}

	private Mono<Reply> create(ToolCall call) {
		String cluster = call.get(CLUSTER_NAME);
		String role = call.get(NEW_ROLE_NAME);
		String namespace = call.namespace();
		Map<String, Boolean> attributes = RoleParams.attributes(call, this.attributes, false);
		String secretName = RoleManifests.secretName(cluster, role);
		Map<String, Object> entry = RoleManifests.roleEntry(role, attributes, secretName);
		return this.clusters.get(namespace, cluster).flatMap(found -> {
			boolean adopts = refuseTakeover(found, role, call.get(ADOPT));
			List<Map<String, Object>> patch = patchFor(found, role, entry);
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("cluster", cluster);
			result.put("namespace", namespace);
			result.put("role", role);
			result.put("attributes", attributes);
			result.put("passwordSecret", secretName);
			String takeover = adopts ? " It takes over the existing role '" + role + "': its attributes and password "
					+ "are replaced." : "";
			if (adopts) {
				result.put("adopted", true);
			}
			boolean dryRun = call.get(DRY_RUN);
			if (dryRun) {
				result.put("dryRun", true);
				result.put("secret", PasswordSecrets.describe(cluster, role));
				result.put("patch", patch);
			}
			String would = " Would create basic-auth secret '" + secretName + "' with a generated password (labelled "
					+ "cnpg.io/reload=true), then apply this JSON patch to cluster '" + cluster + "': "
					+ Serialization.asJson(patch) + "." + takeover;
			if (dryRun && !this.dryRuns.serverSide()) {
				return Mono.just(Reply.of(DryRun.PREVIEW + would, result));
			}
			String password = Passwords.generate();
			Mono<GenericKubernetesResource> write = this.passwords.put(namespace, found, role, password, dryRun)
				.flatMap(created -> patchCluster(namespace, cluster, role, entry, patch, dryRun)
					.onErrorResume(e -> this.passwords.undo(created).then(Mono.error(e))));
			if (dryRun) {
				return write.thenReturn(Reply.of(DryRun.ACCEPTED + would, result));
			}
			return write.then(Mono.fromSupplier(() -> {
					String text = "Created role '" + role + "' in cluster '" + cluster + "' (namespace '" + namespace
							+ "') with " + RoleParams.describe(attributes) + ". CNPG applies it within seconds; "
							+ "list_postgres_roles shows its status. Its password is in secret '" + secretName
							+ "' (keys 'username' and 'password')." + takeover;
					if (call.get(REVEAL_PASSWORD)) {
						result.put("password", password);
						text += " Password: " + password;
					}
					return Reply.of(text, result);
				}));
		}).onErrorMap(Failures.during(DryRun.action("create role '" + role + "' in cluster '" + cluster + "' (namespace '"
				+ namespace + "')", call.get(DRY_RUN))));
	}

	/**
	 * Refuses to declare a role that exists outside {@code spec.managed.roles}, because CNPG would adopt
	 * it: never the application owner (its password comes from the cluster's application secret, and two
	 * secrets would fight over it), and a role the cluster reports as not-managed only with
	 * {@code adopt=true}. Whether this call adopts one.
	 */
	private static boolean refuseTakeover(GenericKubernetesResource cluster, String role, boolean adopt) {
		String name = cluster.getMetadata().getName();
		if (role.equals(UnmanagedRoles.applicationOwner(cluster))) {
			throw new ToolFailure("Role '" + role + "' owns the application database of cluster '" + name + "', and "
					+ "CloudNativePG sets its password from the cluster's application secret ('" + name + "-app' unless "
					+ "the bootstrap names another): a managed role of that name would replace it, and applications "
					+ "using that secret would lose access. Nothing was changed. Create a role with another name.");
		}
		boolean unmanaged = RoleView.indexOf(cluster, role) < 0 && UnmanagedRoles.reportedNotManaged(cluster).contains(role);
		if (unmanaged && !adopt) {
			throw new ToolFailure("Role '" + role + "' already exists in cluster '" + name + "' and CloudNativePG does "
					+ "not manage it (status.managedRolesStatus lists it as not-managed): declaring it would overwrite "
					+ "its attributes, memberships and password. Nothing was changed. Choose another name, or pass "
					+ "adopt=true to take it over.");
		}
		return unmanaged;
	}

	/**
	 * Sends the role patch. When it was tied to the version of the cluster that was read and the cluster
	 * changed since, reads the cluster again and retries once with a patch computed from what is there
	 * now. The API server answers a failed {@code test} with 422 and a message naming the tested path
	 * ("testing value /metadata/resourceVersion failed"); other 422s (a webhook's) are not retried.
	 */
	private Mono<GenericKubernetesResource> patchCluster(String namespace, String cluster, String role,
			Map<String, Object> entry, List<Map<String, Object>> patch, boolean dryRun) {
		Mono<GenericKubernetesResource> first = this.clusters.jsonPatch(namespace, cluster, Serialization.asJson(patch), dryRun);
		if (!RoleManifests.testsResourceVersion(patch)) {
			return first;
		}
		return first.onErrorResume(RoleTools::isStaleVersion,
				e -> this.clusters.get(namespace, cluster)
					.flatMap(fresh -> this.clusters.jsonPatch(namespace, cluster,
							Serialization.asJson(patchFor(fresh, role, entry)), dryRun)));
	}

	private static boolean isStaleVersion(Throwable e) {
		return e instanceof KubernetesClientException k && (k.getCode() == 409 || k.getCode() == 422
				&& String.valueOf(k.getMessage()).contains(RoleManifests.VERSION_PATH));
	}

	/** Appends the role, or brings back a role that an earlier delete marked absent. */
	private static List<Map<String, Object>> patchFor(GenericKubernetesResource cluster, String role,
			Map<String, Object> entry) {
		int index = RoleView.indexOf(cluster, role);
		if (index < 0) {
			return RoleManifests.addRole(cluster.get("spec", "managed"), entry, cluster.getMetadata().getResourceVersion());
		}
		if (!"absent".equals(RoleView.entries(cluster).get(index).get("ensure"))) {
			throw new ToolFailure("Role '" + role + "' already exists in cluster '" + cluster.getMetadata().getName()
					+ "'; nothing was changed. Change it with update_postgres_role.");
		}
		return RoleManifests.replaceRole(index, role, entry);
	}

}
