package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.CommonParams.CLUSTER_NAME;
import static io.github.mcpplatform.cnpg.tools.CommonParams.CONFIRM;
import static io.github.mcpplatform.cnpg.tools.CommonParams.DRY_RUN;
import static io.github.mcpplatform.cnpg.tools.CommonParams.NAMESPACE;
import static io.github.mcpplatform.cnpg.tools.CommonParams.REVEAL_PASSWORD;
import static io.github.mcpplatform.cnpg.tools.RoleParams.ROLE_NAME;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.mcpplatform.cnpg.cnpg.ClusterRepository;
import io.github.mcpplatform.cnpg.cnpg.Passwords;
import io.github.mcpplatform.cnpg.cnpg.ResourceNotFoundException;
import io.github.mcpplatform.cnpg.cnpg.RoleManifests;
import io.github.mcpplatform.cnpg.cnpg.RoleView;
import io.github.mcpplatform.cnpg.output.Failures;
import io.github.mcpplatform.cnpg.output.Reply;
import io.github.mcpplatform.cnpg.output.ToolFailure;
import reactor.core.publisher.Mono;

/** Changing a managed role's attributes or password, and dropping it. */
final class RoleChanges {

	private static final Param<Boolean> ROTATE_PASSWORD = Param
		.flag("rotate_password", "Generate a new password on the server and store it in the role's secret; CNPG "
				+ "applies it at once.")
		.defaultsTo(false);

	private final ClusterRepository clusters;

	private final PasswordSecrets passwords;

	private final List<Param<Boolean>> attributes;

	private final DryRun dryRuns;

	RoleChanges(ClusterRepository clusters, PasswordSecrets passwords, boolean allowPrivilegedRoles, DryRun dryRuns) {
		this.clusters = clusters;
		this.passwords = passwords;
		this.dryRuns = dryRuns;
		this.attributes = RoleParams.attributes(allowPrivilegedRoles);
	}

	List<CnpgTool> tools() {
		List<Param<?>> updateParams = new ArrayList<>(List.of(CLUSTER_NAME, ROLE_NAME));
		updateParams.addAll(this.attributes);
		updateParams.addAll(List.of(ROTATE_PASSWORD, REVEAL_PASSWORD, NAMESPACE, DRY_RUN));
		return List.of(
				new CnpgTool("update_postgres_role", "Update PostgreSQL role",
						"Change attributes of a managed PostgreSQL role (only those given) and/or rotate its "
								+ "password. The new password is generated on the server, never passed in.",
						Hints.destructive(false), updateParams, this::update),
				new CnpgTool("delete_postgres_role", "Delete PostgreSQL role",
						"Drop a managed PostgreSQL role: marks it 'ensure: absent' so CNPG really drops it, then "
								+ "deletes its password secret. Requires confirm=true.",
						Hints.destructive(true), List.of(CLUSTER_NAME, ROLE_NAME, CONFIRM, NAMESPACE, DRY_RUN),
						this::delete));
	}

	private Mono<Reply> update(ToolCall call) {
		String cluster = call.get(CLUSTER_NAME);
		String role = call.get(ROLE_NAME);
		String namespace = call.namespace();
		Map<String, Boolean> attributes = RoleParams.attributes(call, this.attributes, true);
		boolean rotate = call.get(ROTATE_PASSWORD);
		if (attributes.isEmpty() && !rotate) {
			return Mono.error(new ToolFailure("Nothing to update, nothing was changed: give at least one attribute "
					+ "(" + String.join(", ", RoleManifests.ATTRIBUTES) + ") or rotate_password=true."));
		}
		return this.clusters.get(namespace, cluster).flatMap(found -> {
			int index = existingRole(found, role, namespace);
			String secret = RoleView.all(found).get(index).passwordSecret();
			Map<String, Object> changes = new LinkedHashMap<>(attributes);
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("cluster", cluster);
			result.put("namespace", namespace);
			result.put("role", role);
			result.put("changes", attributes);
			result.put("passwordRotated", rotate);
			boolean dryRun = call.get(DRY_RUN);
			String wouldText = "";
			if (dryRun) {
				List<String> would = new ArrayList<>();
				if (!attributes.isEmpty()) {
					would.add("set " + describeChanges(attributes) + " with this JSON patch: "
							+ Serialization.asJson(RoleManifests.updateRole(index, role, changes)));
				}
				if (rotate) {
					would.add("generate a new password into secret '"
							+ (secret != null ? secret : RoleManifests.secretName(cluster, role)) + "'");
				}
				result.put("dryRun", true);
				result.put("patch", RoleManifests.updateRole(index, role, changes));
				wouldText = " Would " + String.join("; and ", would) + ".";
				if (!this.dryRuns.serverSide()) {
					return Mono.just(Reply.of(DryRun.PREVIEW + wouldText, result));
				}
			}
			String password = Passwords.generate();
			Mono<Void> rotation = !rotate ? Mono.empty()
					: this.passwords.rotate(namespace, found, role, secret, password, dryRun).doOnNext(written -> {
						result.put("passwordSecret", written.name());
						if (!written.name().equals(secret)) {
							changes.put("passwordSecret", Map.of("name", written.name()));
						}
					}).then();
			Mono<Void> write = rotation.then(Mono.defer(() -> changes.isEmpty() ? Mono.empty()
					: this.clusters.jsonPatch(namespace, cluster,
							Serialization.asJson(RoleManifests.updateRole(index, role, changes)), dryRun).then()));
			if (dryRun) {
				return write.thenReturn(Reply.of(DryRun.ACCEPTED + wouldText, result));
			}
			return write.then(Mono.fromSupplier(() -> {
					List<String> done = new ArrayList<>();
					if (!attributes.isEmpty()) {
						done.add("set " + describeChanges(attributes));
					}
					if (rotate) {
						done.add("rotated its password in secret '" + result.get("passwordSecret") + "' (CNPG applies it at once)");
					}
					String text = "Updated role '" + role + "' of cluster '" + cluster + "': " + String.join("; ", done) + ".";
					if (rotate && call.get(REVEAL_PASSWORD)) {
						result.put("password", password);
						text += " New password: " + password;
					}
					return Reply.of(text, result);
				}));
		}).onErrorMap(Failures.during(DryRun.action("update role '" + role + "' of cluster '" + cluster + "' (namespace '"
				+ namespace + "')", call.get(DRY_RUN))));
	}

	private Mono<Reply> delete(ToolCall call) {
		String cluster = call.get(CLUSTER_NAME);
		String role = call.get(ROLE_NAME);
		String namespace = call.namespace();
		return this.clusters.get(namespace, cluster).flatMap(found -> {
			int index = RoleView.indexOf(found, role);
			if (index < 0) {
				return Mono.error(ResourceNotFoundException.inCluster("role", role, cluster, namespace));
			}
			RoleView current = RoleView.all(found).get(index);
			boolean alreadyAbsent = "absent".equals(current.ensure());
			List<Map<String, Object>> patch = RoleManifests.dropRole(index, role, current.passwordSecret() != null);
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("cluster", cluster);
			result.put("namespace", namespace);
			result.put("role", role);
			String impact = "Role '" + role + "' would be marked 'ensure: absent' so CNPG drops it from PostgreSQL (a role "
					+ "that still owns objects cannot be dropped; list_postgres_roles then shows the error), and its "
					+ "password secret " + (current.passwordSecret() == null ? "(none)" : "'" + current.passwordSecret() + "'")
					+ " deleted if this backend created it for this role.";
			if (call.get(DRY_RUN)) {
				result.put("dryRun", true);
				result.put("patch", alreadyAbsent ? List.of() : patch);
				return !this.dryRuns.serverSide() || alreadyAbsent ? Mono.just(Reply.of(DryRun.PREVIEW + " " + impact, result))
						: this.clusters.jsonPatch(namespace, cluster, Serialization.asJson(patch), true)
							.thenReturn(Reply.of(DryRun.ACCEPTED + " " + impact, result));
			}
			if (!call.get(CONFIRM)) {
				return Mono.error(new ToolFailure("Not deleted: deleting a role needs confirm=true. " + impact));
			}
			Mono<Void> drop = alreadyAbsent ? Mono.empty()
					: this.clusters.jsonPatch(namespace, cluster, Serialization.asJson(patch), false).then();
			String conventional = RoleManifests.secretName(cluster, role);
			return drop.then(this.passwords.deleteOf(namespace, cluster, role,
					current.passwordSecret() != null ? current.passwordSecret() : conventional))
				.map(secretDeleted -> {
					result.put("dropped", true);
					result.put("secretDeleted", secretDeleted);
					return Reply.of((alreadyAbsent ? "Role '" + role + "' was already marked absent. "
							: "Role '" + role + "' of cluster '" + cluster + "' is marked 'ensure: absent': CNPG drops it "
									+ "from PostgreSQL (list_postgres_roles shows an error if it still owns objects). ")
							+ (secretDeleted ? "Deleted its password secret." : "No password secret of this backend's was left to delete."),
							result);
				});
		}).onErrorMap(Failures.during(DryRun.action("delete role '" + role + "' of cluster '" + cluster + "' (namespace '"
				+ namespace + "')", call.get(DRY_RUN))));
	}

	private static int existingRole(GenericKubernetesResource cluster, String role, String namespace) {
		int index = RoleView.indexOf(cluster, role);
		if (index < 0) {
			throw ResourceNotFoundException.inCluster("role", role, cluster.getMetadata().getName(), namespace);
		}
		if ("absent".equals(RoleView.entries(cluster).get(index).get("ensure"))) {
			throw new ToolFailure("Role '" + role + "' was dropped (ensure: absent); nothing was changed. Create it again "
					+ "with create_postgres_role.");
		}
		return index;
	}

	private static String describeChanges(Map<String, Boolean> attributes) {
		return String.join(", ", attributes.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
	}

}
