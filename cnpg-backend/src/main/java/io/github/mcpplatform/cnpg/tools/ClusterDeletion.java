package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.CommonParams.CONFIRM;
import static io.github.mcpplatform.cnpg.tools.CommonParams.DRY_RUN;
import static io.github.mcpplatform.cnpg.tools.CommonParams.NAMESPACE;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.mcpplatform.cnpg.cnpg.ClusterDependents;
import io.github.mcpplatform.cnpg.cnpg.ClusterRepository;
import io.github.mcpplatform.cnpg.cnpg.ClusterView;
import io.github.mcpplatform.cnpg.cnpg.DatabaseRepository;
import io.github.mcpplatform.cnpg.cnpg.RoleView;
import io.github.mcpplatform.cnpg.cnpg.SecretRepository;
import io.github.mcpplatform.cnpg.output.Failures;
import io.github.mcpplatform.cnpg.output.Reply;
import io.github.mcpplatform.cnpg.output.ToolFailure;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code delete_postgres_cluster}: deletes a cluster and the role secrets this backend created for it,
 * only when confirmed. CNPG's own secrets go with the cluster (they are owned by it); secrets that
 * people made, Database objects and the other CNPG objects that name the cluster are left alone and
 * reported.
 */
final class ClusterDeletion {

	private static final Param<String> NAME = CommonParams
		.alsoAsClusterName(Param.kubernetesName("name", "Name of the cluster to delete. Required, as name or as cluster_name."));

	private final ClusterRepository clusters;

	private final SecretRepository secrets;

	private final DatabaseRepository databases;

	private final ClusterDependents dependents;

	ClusterDeletion(ClusterRepository clusters, SecretRepository secrets, DatabaseRepository databases,
			ClusterDependents dependents) {
		this.clusters = clusters;
		this.secrets = secrets;
		this.databases = databases;
		this.dependents = dependents;
	}

	CnpgTool tool() {
		return new CnpgTool("delete_postgres_cluster", "Delete PostgreSQL cluster",
				"Delete a CloudNativePG cluster with all its instances and volumes: its data is gone unless it was "
						+ "backed up. Requires confirm=true (or confirm_deletion=true, its first spelling); use dry_run=true "
						+ "to see what would be deleted.",
				Hints.destructive(true), List.of(NAME, CONFIRM, NAMESPACE, DRY_RUN), this::delete);
	}

	private Mono<Reply> delete(ToolCall call) {
		String name = call.get(NAME);
		String namespace = call.namespace();
		return this.clusters.get(namespace, name)
			.flatMap(cluster -> Mono.zip(Mono.just(cluster), roleSecrets(namespace, cluster),
					this.databases.listForCluster(namespace, name), this.dependents.find(namespace, name)))
			.flatMap(found -> {
				GenericKubernetesResource cluster = found.getT1();
				List<String> secretNames = found.getT2().map(own -> own.stream().map(s -> s.getMetadata().getName()).toList())
					.orElse(null);
				List<String> databaseObjects = found.getT3().stream().map(d -> d.getMetadata().getName()).toList();
				ClusterDependents.Found others = found.getT4();
				String left = leftBehind(databaseObjects, others);
				String impact = impact(cluster, secretNames) + left;
				Map<String, Object> result = new LinkedHashMap<>();
				result.put("cluster", name);
				result.put("namespace", namespace);
				result.put("roleSecrets", secretNames == null ? "not readable (403)" : secretNames);
				result.put("databaseObjectsLeft", databaseObjects);
				Map<String, List<String>> othersLeft = new LinkedHashMap<>();
				others.objects().forEach((kind, names) -> othersLeft.put(kind.kind(), names));
				result.put("otherObjectsLeft", othersLeft);
				if (!others.unchecked().isEmpty()) {
					result.put("notChecked", others.unchecked());
				}
				if (call.get(DRY_RUN)) {
					result.put("dryRun", true);
					return Mono.just(Reply.of("Dry run, nothing was deleted. " + impact, result));
				}
				if (!call.get(CONFIRM)) {
					return Mono.error(new ToolFailure("Not deleted: deletion needs confirm=true (or confirm_deletion=true). "
							+ impact));
				}
				return this.clusters.delete(namespace, name)
					.thenMany(Flux.fromIterable(found.getT2().orElse(List.of())).concatMap(this::deleteSecret))
					.then(Mono.fromSupplier(() -> {
						result.put("deleted", true);
						return Reply.of("Deleted cluster '" + name + "' in namespace '" + namespace + "'"
								+ (secretNames == null || secretNames.isEmpty() ? "" : " and its role secrets " + secretNames) + "."
								+ left, result);
					}));
			})
			.onErrorMap(Failures.during("delete cluster '" + name + "' in namespace '" + namespace + "'"));
	}

	/**
	 * The role secrets this backend created for the cluster, empty when the backend may not read secrets (a
	 * read-only install): its deletion preview still answers.
	 */
	private Mono<Optional<List<Secret>>> roleSecrets(String namespace, GenericKubernetesResource cluster) {
		return this.secrets.findOwn(namespace, cluster.getMetadata().getName(), referencedSecrets(cluster))
			.map(Optional::of)
			.onErrorResume(e -> e instanceof KubernetesClientException k && k.getCode() == 403,
					e -> Mono.just(Optional.empty()));
	}

	/** The password secrets the cluster's managed roles reference. */
	private static Set<String> referencedSecrets(GenericKubernetesResource cluster) {
		return RoleView.all(cluster)
			.stream()
			.map(RoleView::passwordSecret)
			.filter(Objects::nonNull)
			.collect(Collectors.toCollection(TreeSet::new));
	}

	private Mono<Boolean> deleteSecret(Secret secret) {
		return this.secrets.deleteIfOwn(secret.getMetadata().getNamespace(), secret.getMetadata().getName());
	}

	private static String impact(GenericKubernetesResource cluster, @Nullable List<String> secrets) {
		ClusterView view = ClusterView.concise(cluster);
		return "Deleting cluster '" + view.name() + "' removes its " + (view.instances() == null ? "" : view.instances() + " ")
				+ "instance(s) and their volumes (" + (view.storageSize() == null ? "size unknown" : view.storageSize() + " each")
				+ "), so its data is lost unless backed up (or its storage class retains released volumes), plus the "
				+ "role secrets this backend created: " + (secrets == null ? "(not readable with this backend's permissions)"
						: secrets.isEmpty() ? "none" : String.join(", ", secrets)) + ".";
	}

	/** What CNPG leaves in place when the cluster goes, and what that means. */
	private static String leftBehind(List<String> databases, ClusterDependents.Found others) {
		StringBuilder text = new StringBuilder();
		if (!databases.isEmpty()) {
			text.append(" These Database objects still name the cluster and are left in place: ")
				.append(String.join(", ", databases))
				.append(" (delete_postgres_database removes them; a new cluster of the same name would create their "
						+ "databases again).");
		}
		others.objects().forEach((kind, names) -> text.append(" ").append(kind.kind()).append("s left in place: ")
			.append(String.join(", ", names)).append(" (").append(kind.leftBehind()).append(")."));
		if (!others.unchecked().isEmpty()) {
			text.append(" Could not check for: ").append(String.join(", ", others.unchecked())).append('.');
		}
		return text.toString();
	}

}
