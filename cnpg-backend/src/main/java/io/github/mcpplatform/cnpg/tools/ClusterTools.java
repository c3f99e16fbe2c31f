package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.CommonParams.ALL_NAMESPACES;
import static io.github.mcpplatform.cnpg.tools.CommonParams.DETAIL_LEVEL;
import static io.github.mcpplatform.cnpg.tools.CommonParams.DRY_RUN;
import static io.github.mcpplatform.cnpg.tools.CommonParams.FORMAT;
import static io.github.mcpplatform.cnpg.tools.CommonParams.NAMESPACE;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.mcpplatform.cnpg.cnpg.ClusterManifests;
import io.github.mcpplatform.cnpg.cnpg.ClusterRepository;
import io.github.mcpplatform.cnpg.cnpg.ClusterView;
import io.github.mcpplatform.cnpg.output.Failures;
import io.github.mcpplatform.cnpg.output.Reply;
import reactor.core.publisher.Mono;

/**
 * Tools for CNPG {@code Cluster}s: list, status, scale, and creation from {@link ClusterCreation}. Deletion is in
 * {@link ClusterDeletion}.
 */
final class ClusterTools {

	private static final Param<String> NAME = CommonParams.alsoAsClusterName(
			Param.kubernetesName("name", "Name of the cluster, e.g. 'pg-main'. Required, as name or as cluster_name."));

	/** Instances of a new cluster. */
	static final Param<Integer> INSTANCES = Param.integer("instances",
			"Number of PostgreSQL instances: one primary plus replicas.", 1, ScaleLimits.MAX_SCALE_UP);

	// Scaling accepts more, so that a cluster made larger elsewhere can still be scaled down.
	private static final Param<Integer> TARGET_INSTANCES = Param.integer("instances",
			"Number of PostgreSQL instances: one primary plus replicas. Scaling up goes to at most "
					+ ScaleLimits.MAX_SCALE_UP + ".", 1, 100);

	private final ClusterRepository clusters;

	private final ClusterCreation creation;

	private final DryRun dryRuns;

	ClusterTools(ClusterRepository clusters, ClusterCreation creation, DryRun dryRuns) {
		this.clusters = clusters;
		this.creation = creation;
		this.dryRuns = dryRuns;
	}

	List<CnpgTool> tools() {
		return List.of(
				new CnpgTool("list_postgres_clusters", "List PostgreSQL clusters",
						"List the CloudNativePG PostgreSQL clusters in a namespace (or all namespaces) with their "
								+ "health: ready instances, phase and current primary.",
						Hints.readOnly(), List.of(NAMESPACE, ALL_NAMESPACES, DETAIL_LEVEL, FORMAT), this::list)
					.withOutputSchema(OutputSchemas.clusterList()),
				new CnpgTool("get_cluster_status", "Get PostgreSQL cluster status",
						"Show one CloudNativePG cluster's health; detail_level=detailed adds the storage class, the "
								+ "phase reason, status conditions, instances by state, PostgreSQL parameters and managed "
								+ "roles.",
						Hints.readOnly(), List.of(NAME, NAMESPACE, DETAIL_LEVEL, FORMAT), this::status)
					.withOutputSchema(OutputSchemas.clusterStatus()),
				this.creation.tool(),
				new CnpgTool("scale_postgres_cluster", "Scale PostgreSQL cluster",
						"Set the number of instances of a CloudNativePG cluster. Scaling down removes replicas, "
								+ "never the primary.",
						Hints.destructive(true), List.of(NAME, TARGET_INSTANCES, NAMESPACE, DRY_RUN), this::scale)
					.withOutputSchema(OutputSchemas.scale()));
	}

	private Mono<Reply> list(ToolCall call) {
		boolean all = call.get(ALL_NAMESPACES);
		String scope = all ? "all namespaces" : "namespace " + call.namespace();
		boolean detailed = CommonParams.detailed(call);
		return (all ? this.clusters.listAllNamespaces() : this.clusters.list(call.namespace()))
			.map(items -> items.stream()
				.sorted(Comparator.comparing((GenericKubernetesResource c) -> c.getMetadata().getNamespace())
					.thenComparing(c -> c.getMetadata().getName()))
				.map(detailed ? ClusterView::detailed : ClusterView::concise)
				.toList())
			.map(views -> Reply.list("clusters", views, Map.of("scope", scope),
					shown -> ClusterText.list(scope, shown, detailed),
					"Narrow the request: pass one namespace instead of all_namespaces=true, or use detail_level=concise."))
			.onErrorMap(Failures.during("list clusters in " + scope));
	}

	private Mono<Reply> status(ToolCall call) {
		String name = call.get(NAME);
		boolean detailed = CommonParams.detailed(call);
		return this.clusters.get(call.namespace(), name)
			.map(detailed ? ClusterView::detailed : ClusterView::concise)
			.map(view -> Reply.of(ClusterText.cluster(view, detailed, ""), Map.of("cluster", view)))
			.onErrorMap(Failures.during("get the status of cluster '" + name + "' in namespace '" + call.namespace() + "'"));
	}

	private Mono<Reply> scale(ToolCall call) {
		String name = call.get(NAME);
		int target = call.get(TARGET_INSTANCES);
		String namespace = call.namespace();
		Map<String, Object> patch = ClusterManifests.scalePatch(target);
		return this.clusters.get(namespace, name).flatMap(cluster -> {
			Integer current = ClusterView.concise(cluster).instances();
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("cluster", name);
			result.put("namespace", namespace);
			result.put("from", current);
			result.put("to", target);
			if (current != null && current == target) {
				result.put("changed", false);
				return Mono.just(Reply.of("Cluster '" + name + "' already has " + target + " instance(s); nothing changed.", result));
			}
			ScaleLimits.check(cluster, current, target);
			if (call.get(DRY_RUN)) {
				result.put("dryRun", true);
				result.put("patch", patch);
				String would = " Cluster '" + name + "' would go from " + current + " to " + target
						+ " instance(s) with this merge patch: " + Serialization.asJson(patch);
				return !this.dryRuns.serverSide() ? Mono.just(Reply.of(DryRun.PREVIEW + would, result))
						: this.clusters.mergePatch(namespace, name, Serialization.asJson(patch), true)
							.thenReturn(Reply.of(DryRun.ACCEPTED + would, result));
			}
			result.put("changed", true);
			return this.clusters.mergePatch(namespace, name, Serialization.asJson(patch), false)
				.thenReturn(Reply.of("Scaled cluster '" + name + "' from " + current + " to " + target
						+ " instance(s). " + (current != null && target < current
								? "The operator removes the replicas with the highest numbers, and their volumes; the primary stays."
								: "The operator adds replicas; get_cluster_status shows when they are ready."),
						result));
		}).onErrorMap(Failures.during(DryRun.action("scale cluster '" + name + "' in namespace '" + namespace + "'",
				call.get(DRY_RUN))));
	}

}
