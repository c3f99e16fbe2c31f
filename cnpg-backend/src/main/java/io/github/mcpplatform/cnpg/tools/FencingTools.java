package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.CommonParams.CLUSTER_NAME;
import static io.github.mcpplatform.cnpg.tools.CommonParams.DRY_RUN;
import static io.github.mcpplatform.cnpg.tools.CommonParams.NAMESPACE;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.mcpplatform.cnpg.cnpg.ClusterOperations;
import io.github.mcpplatform.cnpg.cnpg.ClusterRepository;
import io.github.mcpplatform.cnpg.cnpg.ClusterView;
import io.github.mcpplatform.cnpg.cnpg.OptimisticLock;
import io.github.mcpplatform.cnpg.output.Failures;
import io.github.mcpplatform.cnpg.output.Reply;
import io.github.mcpplatform.cnpg.output.ToolFailure;
import reactor.core.publisher.Mono;

/**
 * {@code fence_postgres_instances} and {@code unfence_postgres_instances}: the {@code cnpg.io/fencedInstances}
 * annotation, a JSON list of instance names ({@code ["*"]}: all), edited with the rules of CNPG's
 * {@code FencingMetadataExecutor} ({@code pkg/utils/fencing.go}): only known instances, {@code "*"} alone, a
 * sorted list, no annotation when nothing is fenced, and no unfencing of one instance while all are fenced. The
 * list is merged with what is fenced already, under an optimistic lock, so that two edits cannot lose each
 * other's instances.
 *
 * @see <a href="https://cloudnative-pg.io/documentation/current/fencing/">CNPG fencing</a>
 */
final class FencingTools {

	static final String ALL = "*";

	private static final int MAX_INSTANCES = 32;

	private static final Param<List<String>> INSTANCES = Param.custom("instances", Map.of("type", "array",
			"description", "The instances: pod names such as 'pg-main-2', numbers such as 2, or [\"*\"] alone for "
					+ "every instance of the cluster.",
			"minItems", 1, "maxItems", MAX_INSTANCES, "items", Map.of("type", List.of("string", "integer"))),
			FencingTools::parse);

	private static final Param<Boolean> CONFIRM = Instances.confirm("fence the instances");

	private final ClusterRepository clusters;

	private final DryRun dryRuns;

	FencingTools(ClusterRepository clusters, DryRun dryRuns) {
		this.clusters = clusters;
		this.dryRuns = dryRuns;
	}

	List<CnpgTool> tools() {
		return List.of(new CnpgTool("fence_postgres_instances", "Fence PostgreSQL instances",
				"Stop PostgreSQL on some instances of a CloudNativePG cluster, or all ([\"*\"]), and keep their pods for "
						+ "investigation; a fenced primary is not failed over, so writes stop. Requires confirm=true.",
				Hints.destructive(true), List.of(CLUSTER_NAME, INSTANCES, CONFIRM, NAMESPACE, DRY_RUN), call -> change(call, true)),
				new CnpgTool("unfence_postgres_instances", "Unfence PostgreSQL instances",
						"Lift the fence from instances of a CloudNativePG cluster ([\"*\"]: from all) so PostgreSQL "
								+ "starts on them again.",
						Hints.restorative(), List.of(CLUSTER_NAME, INSTANCES, NAMESPACE, DRY_RUN),
						call -> change(call, false)));
	}

	private static List<String> parse(Object raw) {
		if (!(raw instanceof List<?> items) || items.isEmpty() || items.size() > MAX_INSTANCES) {
			throw new IllegalArgumentException("must be a list of 1 to " + MAX_INSTANCES + " instances, e.g. "
					+ "[\"pg-main-2\"], [2] or [\"*\"]");
		}
		Set<String> names = new LinkedHashSet<>();
		items.forEach(item -> names.add(ALL.equals(item) ? ALL : Instances.parse(item)));
		if (names.contains(ALL) && names.size() > 1) {
			throw new IllegalArgumentException("names \"*\" (every instance) together with other instances: give "
					+ "[\"*\"] alone, or the instances without it");
		}
		return List.copyOf(names);
	}

	private Mono<Reply> change(ToolCall call, boolean fence) {
		String cluster = call.get(CLUSTER_NAME);
		String namespace = call.namespace();
		boolean dryRun = call.get(DRY_RUN);
		List<String> instances = call.get(INSTANCES).stream().map(i -> ALL.equals(i) ? ALL : Instances.resolve(cluster, i))
			.toList();
		String action = (fence ? "fence " : "unfence ") + String.join(", ", instances) + " in cluster '" + cluster + "'";
		Mono<Reply> attempt = this.clusters.get(namespace, cluster).flatMap(found -> {
			TreeSet<String> before = fenced(found);
			TreeSet<String> after = fence ? withFenced(found, before, instances) : withoutFenced(found, before, instances);
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("cluster", cluster);
			result.put("namespace", namespace);
			result.put("fencedBefore", List.copyOf(before));
			result.put("fencedAfter", List.copyOf(after));
			if (after.equals(before)) {
				result.put("changed", false);
				return Mono.just(Reply.of("Nothing changed: " + describe(before) + " in cluster '" + cluster + "'.", result));
			}
			Map<String, Object> patch = OptimisticLock.locked(found, ClusterOperations.annotation(
					ClusterOperations.FENCED_INSTANCES, after.isEmpty() ? null : Serialization.asJson(List.copyOf(after))));
			String what = what(found, fence, before, after);
			if (dryRun) {
				result.put("dryRun", true);
				result.put("patch", patch);
				return !this.dryRuns.serverSide() ? Mono.just(Reply.of(DryRun.PREVIEW + " " + what, result))
						: this.clusters.mergePatch(namespace, cluster, Serialization.asJson(patch), true)
							.thenReturn(Reply.of(DryRun.ACCEPTED + " " + what, result));
			}
			if (fence && !call.get(CONFIRM)) {
				return Mono.error(new ToolFailure("Not fenced: fencing needs confirm=true. " + what));
			}
			result.put("changed", true);
			return this.clusters.mergePatch(namespace, cluster, Serialization.asJson(patch), false)
				.thenReturn(Reply.of((fence ? "Fenced. " : "Unfenced. ") + what, result));
		});
		return OptimisticLock.retryOnConflict(attempt)
			.onErrorMap(Failures.during(DryRun.action(action + " (namespace '" + namespace + "')", dryRun)));
	}

	/** The fenced instances the annotation lists; an annotation that is not a JSON list stops the change. */
	private static TreeSet<String> fenced(GenericKubernetesResource cluster) {
		Map<String, String> annotations = cluster.getMetadata().getAnnotations();
		String value = annotations == null ? null : annotations.get(ClusterOperations.FENCED_INSTANCES);
		if (value == null) {
			return new TreeSet<>();
		}
		try {
			List<?> names = Serialization.unmarshal(value, List.class);
			TreeSet<String> fenced = new TreeSet<>();
			names.forEach(name -> fenced.add(String.valueOf(name)));
			return fenced;
		}
		catch (RuntimeException notAList) {
			throw new ToolFailure("Nothing changed: annotation " + ClusterOperations.FENCED_INSTANCES + " of cluster '"
					+ cluster.getMetadata().getName() + "' is not a JSON list of instance names (it is '" + value + "'), "
					+ "and CloudNativePG cannot read it either. Correct it with kubectl annotate first.");
		}
	}

	/** {@code AddFencedInstance} for each instance: "*" replaces the list, and fences nothing more when present. */
	private static TreeSet<String> withFenced(GenericKubernetesResource cluster, TreeSet<String> before, List<String> instances) {
		refuseUnknown(cluster, before, instances);
		if (before.contains(ALL)) {
			return before;
		}
		if (instances.contains(ALL)) {
			return new TreeSet<>(Set.of(ALL));
		}
		TreeSet<String> after = new TreeSet<>(before);
		after.addAll(instances);
		return after;
	}

	/** {@code removeFencedInstance} for each instance: "*" lifts every fence; one instance cannot leave a "*". */
	private static TreeSet<String> withoutFenced(GenericKubernetesResource cluster, TreeSet<String> before, List<String> instances) {
		refuseUnknown(cluster, before, instances);
		if (before.isEmpty() || instances.contains(ALL)) {
			return new TreeSet<>();
		}
		if (before.contains(ALL)) {
			throw new ToolFailure("Nothing changed: every instance of cluster '" + cluster.getMetadata().getName()
					+ "' is fenced (\"*\"), and CloudNativePG cannot lift the fence from one instance of those. Unfence "
					+ "[\"*\"], then fence again the instances that should stay fenced.");
		}
		TreeSet<String> after = new TreeSet<>(before);
		after.removeAll(instances);
		return after;
	}

	/** The plugin's check: an instance must be one the operator reports (or, to unfence, one that is fenced). */
	private static void refuseUnknown(GenericKubernetesResource cluster, TreeSet<String> fenced, List<String> instances) {
		List<String> known = Instances.known(cluster);
		List<String> unknown = new ArrayList<>();
		instances.stream().filter(i -> !ALL.equals(i) && !known.contains(i) && !fenced.contains(i)).forEach(unknown::add);
		if (!unknown.isEmpty()) {
			throw new ToolFailure("Nothing changed: " + String.join(", ", unknown) + (unknown.size() == 1 ? " is not an "
					+ "instance" : " are not instances") + " of cluster '" + cluster.getMetadata().getName() + "'. "
					+ (known.isEmpty() ? "The operator has reported no instances yet (status.instanceNames)."
							: "Its instances: " + String.join(", ", known) + "."));
		}
	}

	private static String what(GenericKubernetesResource cluster, boolean fence, Set<String> before, Set<String> after) {
		String name = cluster.getMetadata().getName();
		String primary = ClusterView.concise(cluster).currentPrimary();
		if (!fence) {
			return "PostgreSQL starts again on the instances no longer fenced; " + describe(after) + " in cluster '" + name
					+ "'. get_cluster_status shows them become ready.";
		}
		Set<String> added = new TreeSet<>(after);
		added.removeAll(before);
		boolean primaryFenced = after.contains(ALL) || (primary != null && after.contains(primary));
		return "The operator shuts PostgreSQL down on " + (after.contains(ALL) ? "every instance" : String.join(", ", added))
				+ " of cluster '" + name + "' and keeps the pods, not ready, for investigation; "
				+ (primaryFenced ? "that includes the primary, and a fenced primary is not failed over: writes stop "
						+ "until unfence_postgres_instances. " : "")
				+ "get_cluster_status shows what is fenced.";
	}

	private static String describe(Set<String> fenced) {
		return fenced.isEmpty() ? "no instance is fenced" : fenced.contains(ALL) ? "every instance is fenced"
				: "fenced: " + String.join(", ", fenced);
	}

}
