package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.CommonParams.CLUSTER_NAME;
import static io.github.mcpplatform.cnpg.tools.CommonParams.DRY_RUN;
import static io.github.mcpplatform.cnpg.tools.CommonParams.NAMESPACE;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.mcpplatform.cnpg.cnpg.ClusterOperations;
import io.github.mcpplatform.cnpg.cnpg.ClusterRepository;
import io.github.mcpplatform.cnpg.output.Failures;
import io.github.mcpplatform.cnpg.output.Reply;
import io.github.mcpplatform.cnpg.output.ToolFailure;
import reactor.core.publisher.Mono;

/**
 * {@code hibernate_postgres_cluster} and {@code wake_postgres_cluster}: CNPG's declarative hibernation, the
 * {@code cnpg.io/hibernation} annotation set to {@code on} or {@code off} as {@code kubectl cnpg hibernate} does.
 * Hibernating deletes the instances' pods (the primary first, so that no switchover happens) and keeps their
 * volumes; waking creates the pods again on them. The operator reports progress in the {@code cnpg.io/hibernation}
 * condition, which {@code get_cluster_status} shows.
 *
 * @see <a href="https://cloudnative-pg.io/documentation/current/declarative_hibernation/">CNPG declarative
 *     hibernation</a>
 */
final class HibernationTools {

	private static final Param<Boolean> CONFIRM = Instances.confirm("hibernate the cluster");

	private final ClusterRepository clusters;

	private final DryRun dryRuns;

	HibernationTools(ClusterRepository clusters, DryRun dryRuns) {
		this.clusters = clusters;
		this.dryRuns = dryRuns;
	}

	List<CnpgTool> tools() {
		return List.of(new CnpgTool("hibernate_postgres_cluster", "Hibernate PostgreSQL cluster",
				"Shut a CloudNativePG cluster down and keep its data: every instance's pod is deleted, its volumes "
						+ "stay, and the database is unavailable until wake_postgres_cluster. Requires confirm=true.",
				Hints.destructive(true), List.of(CLUSTER_NAME, CONFIRM, NAMESPACE, DRY_RUN), call -> set(call, true)),
				new CnpgTool("wake_postgres_cluster", "Wake PostgreSQL cluster",
						"Bring a hibernated CloudNativePG cluster back: the operator creates its instances again on "
								+ "their volumes.",
						Hints.restorative(), List.of(CLUSTER_NAME, NAMESPACE, DRY_RUN), call -> set(call, false)));
	}

	private Mono<Reply> set(ToolCall call, boolean hibernate) {
		String cluster = call.get(CLUSTER_NAME);
		String namespace = call.namespace();
		boolean dryRun = call.get(DRY_RUN);
		String value = hibernate ? "on" : "off";
		Map<String, Object> patch = ClusterOperations.annotation(ClusterOperations.HIBERNATION, value);
		String what = hibernate ? "The operator deletes the pods of cluster '" + cluster + "' (the primary first, so "
				+ "that no switchover happens) and keeps their volumes: the database is unavailable, applications cannot "
				+ "connect, until wake_postgres_cluster. Watch get_cluster_status: it shows 'hibernated' once the "
				+ "condition cnpg.io/hibernation is True."
				: "The operator creates the instances of cluster '" + cluster + "' again on their volumes, primary "
						+ "first; get_cluster_status shows the instances become ready.";
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("cluster", cluster);
		result.put("namespace", namespace);
		result.put("hibernation", value);
		return this.clusters.get(namespace, cluster).flatMap(found -> {
			Map<String, String> annotations = found.getMetadata().getAnnotations();
			String current = annotations == null ? null : annotations.get(ClusterOperations.HIBERNATION);
			if (hibernate ? "on".equals(current) : current == null || "off".equals(current)) {
				result.put("changed", false);
				return Mono.just(Reply.of("Cluster '" + cluster + "' is " + (hibernate ? "already hibernated or "
						+ "hibernating" : "not hibernated") + " (annotation " + ClusterOperations.HIBERNATION + " is "
						+ (current == null ? "not set" : "'" + current + "'") + "); nothing changed.", result));
			}
			if (dryRun) {
				result.put("dryRun", true);
				result.put("patch", patch);
				return !this.dryRuns.serverSide() ? Mono.just(Reply.of(DryRun.PREVIEW + " " + what, result))
						: this.clusters.mergePatch(namespace, cluster, Serialization.asJson(patch), true)
							.thenReturn(Reply.of(DryRun.ACCEPTED + " " + what, result));
			}
			if (hibernate && !call.get(CONFIRM)) {
				return Mono.error(new ToolFailure("Not hibernated: hibernating needs confirm=true. " + what));
			}
			result.put("changed", true);
			return this.clusters.mergePatch(namespace, cluster, Serialization.asJson(patch), false)
				.thenReturn(Reply.of((hibernate ? "Hibernation" : "Wake-up") + " of cluster '" + cluster + "' requested. "
						+ what, result));
		}).onErrorMap(Failures.during(DryRun.action((hibernate ? "hibernate" : "wake") + " cluster '" + cluster
				+ "' in namespace '" + namespace + "'", dryRun)));
	}

}
