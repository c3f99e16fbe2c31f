package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.CommonParams.CONFIRM;
import static io.github.mcpplatform.cnpg.tools.CommonParams.DRY_RUN;
import static io.github.mcpplatform.cnpg.tools.CommonParams.FORMAT;
import static io.github.mcpplatform.cnpg.tools.CommonParams.NAMESPACE;
import static io.github.mcpplatform.cnpg.tools.PoolerCreation.POOLER_NAME;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.mcpplatform.cnpg.cnpg.PoolerManifests;
import io.github.mcpplatform.cnpg.cnpg.PoolerRepository;
import io.github.mcpplatform.cnpg.cnpg.PoolerView;
import io.github.mcpplatform.cnpg.output.Failures;
import io.github.mcpplatform.cnpg.output.Reply;
import io.github.mcpplatform.cnpg.output.ToolFailure;
import reactor.core.publisher.Mono;

/**
 * CNPG {@code Pooler}s: list, scale and delete; creation is {@link PoolerCreation}.
 *
 * @see <a href="https://cloudnative-pg.io/documentation/current/connection_pooling/">CNPG connection pooling</a>
 */
final class PoolerTools {

	private static final Param<String> CLUSTER_FILTER = CommonParams.CLUSTER_NAME
		.describedAs("Only the poolers of this cluster; all poolers of the namespace when omitted.")
		.optional();

	// 0 stops PgBouncer but keeps the pooler and its Service, to be scaled up again.
	private static final Param<Integer> INSTANCES = Param.integer("instances",
			"Number of PgBouncer pods, up to " + PoolerCreation.MAX_INSTANCES + "; 0 stops the pooler (its Service "
					+ "stays, connections through it fail) until it is scaled up again.",
			0, PoolerCreation.MAX_INSTANCES);

	private final PoolerRepository poolers;

	private final PoolerCreation creation;

	private final DryRun dryRuns;

	PoolerTools(PoolerRepository poolers, PoolerCreation creation, DryRun dryRuns) {
		this.poolers = poolers;
		this.creation = creation;
		this.dryRuns = dryRuns;
	}

	List<CnpgTool> tools() {
		return List.of(new CnpgTool("list_postgres_poolers", "List PgBouncer poolers",
				"List the PgBouncer poolers (CloudNativePG Poolers) of a namespace or of one cluster: type, pods, pool "
						+ "mode, phase and the Service applications connect to.",
				Hints.readOnly(), List.of(CLUSTER_FILTER, NAMESPACE, FORMAT), this::list), this.creation.tool(),
				new CnpgTool("scale_postgres_pooler", "Scale PgBouncer pooler",
						"Set the number of PgBouncer pods of a pooler; the cluster is not touched.",
						Hints.destructive(true), List.of(POOLER_NAME, INSTANCES, NAMESPACE, DRY_RUN), this::scale),
				new CnpgTool("delete_postgres_pooler", "Delete PgBouncer pooler",
						"Delete a PgBouncer pooler: its pods and Service go, so applications that connect through it lose "
								+ "their connections; the cluster and its data are not touched. Requires confirm=true.",
						Hints.destructive(true), List.of(POOLER_NAME, CONFIRM, NAMESPACE, DRY_RUN), this::delete));
	}

	private Mono<Reply> list(ToolCall call) {
		String namespace = call.namespace();
		String cluster = call.has(CLUSTER_FILTER) ? call.get(CLUSTER_FILTER) : null;
		String scope = cluster == null ? "namespace '" + namespace + "'" : "cluster '" + cluster + "' (namespace '"
				+ namespace + "')";
		return this.poolers.list(namespace)
			.map(items -> items.stream()
				.map(PoolerView::of)
				.filter(p -> cluster == null || cluster.equals(p.cluster()))
				.sorted(Comparator.comparing(PoolerView::name))
				.toList())
			.map(views -> Reply.list("poolers", views, Map.of("namespace", namespace), shown -> text(scope, shown),
					"Ask about one cluster at a time (cluster_name)."))
			.onErrorMap(Failures.during("list the poolers of " + scope));
	}

	private static String text(String scope, List<PoolerView> poolers) {
		if (poolers.isEmpty()) {
			return "No poolers in " + scope + ". Add one with create_postgres_pooler.";
		}
		StringBuilder text = new StringBuilder(poolers.size() + " pooler(s) in " + scope + ":");
		for (PoolerView p : poolers) {
			text.append("\n- ").append(p.name()).append(": ").append(p.type()).append(" pooler of cluster ")
				.append(p.cluster()).append(", ").append(p.runningInstances() == null ? "?" : p.runningInstances())
				.append('/').append(p.instances()).append(" pod(s), ").append(p.poolMode()).append(" pooling")
				.append(p.paused() ? ", paused" : "")
				.append(p.phase() == null ? ", not reconciled yet" : ", " + p.phase())
				.append(p.phaseReason() == null ? "" : " (" + p.phaseReason() + ")")
				.append(", connect to ").append(p.service());
			if (p.parameters() != null && !p.parameters().isEmpty()) {
				text.append(", settings ").append(p.parameters());
			}
		}
		return text.toString();
	}

	private Mono<Reply> scale(ToolCall call) {
		String name = call.get(POOLER_NAME);
		int target = call.get(INSTANCES);
		String namespace = call.namespace();
		boolean dryRun = call.get(DRY_RUN);
		String patch = Serialization.asJson(PoolerManifests.scalePatch(target));
		return this.poolers.get(namespace, name).flatMap(pooler -> {
			int current = PoolerView.of(pooler).instances();
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("pooler", name);
			result.put("namespace", namespace);
			result.put("from", current);
			result.put("to", target);
			if (current == target) {
				result.put("changed", false);
				return Mono.just(Reply.of("Pooler '" + name + "' already has " + target + " pod(s); nothing changed.", result));
			}
			String would = " Pooler '" + name + "' would go from " + current + " to " + target + " PgBouncer pod(s).";
			if (dryRun) {
				result.put("dryRun", true);
				return !this.dryRuns.serverSide() ? Mono.just(Reply.of(DryRun.PREVIEW + would, result))
						: this.poolers.mergePatch(namespace, name, patch, true).thenReturn(Reply.of(DryRun.ACCEPTED + would, result));
			}
			result.put("changed", true);
			return this.poolers.mergePatch(namespace, name, patch, false)
				.thenReturn(Reply.of("Scaled pooler '" + name + "' from " + current + " to " + target + " PgBouncer pod(s). "
						+ (target == 0 ? "PgBouncer stops: connections through the pooler's Service fail until it is "
								+ "scaled up again."
								: target < current ? "Clients connected to the removed pods reconnect to the others."
										: "list_postgres_poolers shows when the new pods run."),
						result));
		}).onErrorMap(Failures.during(DryRun.action("scale pooler '" + name + "' in namespace '" + namespace + "'", dryRun)));
	}

	private Mono<Reply> delete(ToolCall call) {
		String name = call.get(POOLER_NAME);
		String namespace = call.namespace();
		return this.poolers.get(namespace, name).flatMap(pooler -> {
			PoolerView view = PoolerView.of(pooler);
			String consequence = "applications that connect through it lose their connections and must connect to "
					+ "cluster '" + view.cluster() + "' directly (Service " + view.cluster() + "-" + view.type() + ") or "
					+ "through another pooler. The cluster and its data are not touched.";
			String impact = "Deleting pooler '" + name + "' removes its " + view.instances() + " PgBouncer pod(s) and its "
					+ "Service " + view.service() + ": " + consequence;
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("pooler", view);
			if (call.get(DRY_RUN)) {
				result.put("dryRun", true);
				return Mono.just(Reply.of("Dry run, nothing was deleted. " + impact, result));
			}
			if (!call.get(CONFIRM)) {
				return Mono.error(new ToolFailure("Not deleted: deleting a pooler needs confirm=true. " + impact));
			}
			return this.poolers.delete(namespace, name).then(Mono.fromSupplier(() -> {
				result.put("deleted", true);
				return Reply.of("Deleted pooler '" + name + "' with its pods and its Service " + view.service() + ": "
						+ consequence, result);
			}));
		}).onErrorMap(Failures.during("delete pooler '" + name + "' in namespace '" + namespace + "'"));
	}

}
