package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.CommonParams.ALL_NAMESPACES;
import static io.github.mcpplatform.cnpg.tools.CommonParams.DETAIL_LEVEL;
import static io.github.mcpplatform.cnpg.tools.CommonParams.DRY_RUN;
import static io.github.mcpplatform.cnpg.tools.CommonParams.FORMAT;
import static io.github.mcpplatform.cnpg.tools.CommonParams.NAMESPACE;

import java.time.Duration;
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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Tools for CNPG {@code Cluster}s: list, status, create, scale. Deletion is in {@link ClusterDeletion}. */
final class ClusterTools {

	static final List<String> POSTGRES_VERSIONS = List.of("14", "15", "16", "17", "18");

	private static final Param<String> NAME = Param.kubernetesName("name", "Name of the cluster, e.g. 'pg-main'.");

	private static final Param<String> NEW_NAME = Param.newClusterName("name",
			"Name of the new cluster, e.g. 'pg-main': a letter first, at most 50 characters.");

	private static final Param<Integer> INSTANCES = Param.integer("instances",
			"Number of PostgreSQL instances: one primary plus replicas.", 1, 10);

	private static final Param<Integer> INSTANCES_WITH_DEFAULT = INSTANCES.defaultsTo(3);

	private static final Param<String> STORAGE_SIZE = Param
		.quantity("storage_size", "Storage per instance, e.g. '10Gi'.")
		.defaultsTo("10Gi");

	private static final Param<String> POSTGRES_VERSION = Param
		.choice("postgres_version", "PostgreSQL major version.", POSTGRES_VERSIONS)
		.defaultsTo("16");

	private static final Param<String> STORAGE_CLASS = Param
		.kubernetesSubdomain("storage_class", "Storage class for the volumes; the cluster's default when omitted.")
		.optional();

	private static final Param<Boolean> WAIT = Param
		.flag("wait", "Wait until every instance is ready (or timeout_seconds pass), reporting progress.")
		.defaultsTo(false);

	private static final Param<Integer> TIMEOUT = Param
		.integer("timeout_seconds", "How long wait=true waits; defaults to 60 s per instance.", 30, 600)
		.optional();

	private final ClusterRepository clusters;

	private final Duration pollInterval;

	private final DryRun dryRuns;

	ClusterTools(ClusterRepository clusters, Duration pollInterval, DryRun dryRuns) {
		this.clusters = clusters;
		this.pollInterval = pollInterval;
		this.dryRuns = dryRuns;
	}

	List<CnpgTool> tools() {
		return List.of(
				new CnpgTool("list_postgres_clusters", "List PostgreSQL clusters",
						"List the CloudNativePG PostgreSQL clusters in a namespace (or all namespaces) with their "
								+ "health: ready instances, phase and current primary.",
						Hints.readOnly(), List.of(NAMESPACE, ALL_NAMESPACES, DETAIL_LEVEL, FORMAT), this::list),
				new CnpgTool("get_cluster_status", "Get PostgreSQL cluster status",
						"Show one CloudNativePG cluster's health; detail_level=detailed adds conditions, instance "
								+ "states, PostgreSQL parameters and managed roles.",
						Hints.readOnly(), List.of(NAME, NAMESPACE, DETAIL_LEVEL, FORMAT), this::status),
				new CnpgTool("create_postgres_cluster", "Create PostgreSQL cluster",
						"Create a highly available CloudNativePG PostgreSQL cluster. The operator creates an 'app' "
								+ "database owned by role 'app' with credentials in secret '<name>-app'.",
						Hints.additive(),
						List.of(NEW_NAME, INSTANCES_WITH_DEFAULT, STORAGE_SIZE, POSTGRES_VERSION, STORAGE_CLASS, WAIT,
								TIMEOUT, NAMESPACE, DRY_RUN),
						this::create),
				new CnpgTool("scale_postgres_cluster", "Scale PostgreSQL cluster",
						"Set the number of instances of a CloudNativePG cluster. Scaling down removes replicas, "
								+ "never the primary.",
						Hints.destructive(true), List.of(NAME, INSTANCES, NAMESPACE, DRY_RUN), this::scale));
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

	private Mono<Reply> create(ToolCall call) {
		String name = call.get(NEW_NAME);
		int instances = call.get(INSTANCES_WITH_DEFAULT);
		String version = call.get(POSTGRES_VERSION);
		GenericKubernetesResource manifest = ClusterManifests.cluster(call.namespace(), name, instances, version,
				call.get(STORAGE_SIZE), call.get(STORAGE_CLASS));
		boolean dryRun = call.get(DRY_RUN);
		if (dryRun && !this.dryRuns.serverSide()) {
			return Mono.just(Reply.of(DryRun.PREVIEW + " This Cluster would be created:\n"
					+ Serialization.asYaml(manifest), Map.of("dryRun", true, "manifest", manifest)));
		}
		if (dryRun) {
			return this.clusters.create(manifest, true)
				.map(accepted -> Reply.of(DryRun.ACCEPTED + " The Cluster as it would be stored, with the operator's "
						+ "defaults:\n" + Serialization.asYaml(accepted), Map.of("dryRun", true, "manifest", accepted)))
				.onErrorMap(Failures.during(DryRun.action("create cluster '" + name + "' in namespace '"
						+ call.namespace() + "'", true)));
		}
		Mono<GenericKubernetesResource> created = this.clusters.create(manifest, false);
		Mono<Reply> reply;
		if (call.get(WAIT)) {
			Duration timeout = Duration.ofSeconds(call.has(TIMEOUT) ? call.get(TIMEOUT) : Math.min(600, 60 * instances));
			reply = created.then(waitUntilReady(call, name, instances, timeout)).map(view -> {
				boolean ready = isReady(view, instances);
				String outcome = ready ? "All " + instances + " instance(s) are ready."
						: "Not ready after " + timeout.toSeconds() + " s: " + view.health()
								+ ". The operator keeps working; check again with get_cluster_status.";
				return Reply.of(createdText(manifest, instances, version) + "\n" + outcome,
						Map.of("created", true, "ready", ready, "cluster", view));
			});
		}
		else {
			reply = created.map(c -> Reply.of(createdText(c, instances, version),
					Map.of("created", true, "cluster", ClusterView.concise(c))));
		}
		return reply.onErrorMap(Failures.during("create cluster '" + name + "' in namespace '" + call.namespace() + "'"));
	}

	/** Polls the cluster until all instances are ready or the timeout passes; the last state seen. */
	private Mono<ClusterView> waitUntilReady(ToolCall call, String name, int instances, Duration timeout) {
		Mono<ClusterView> current = this.clusters.get(call.namespace(), name).map(ClusterView::concise);
		return Flux.interval(this.pollInterval)
			.concatMap(tick -> current)
			.concatMap(view -> call
				.progress(view.readyInstances() == null ? 0 : view.readyInstances(), instances, view.health())
				.thenReturn(view))
			.takeUntil(view -> isReady(view, instances))
			.take(timeout)
			.takeLast(1)
			.next()
			.switchIfEmpty(current);
	}

	private static boolean isReady(ClusterView view, int instances) {
		return view.readyInstances() != null && view.readyInstances() == instances && view.phase() != null
				&& view.phase().toLowerCase().contains("healthy");
	}

	private static String createdText(GenericKubernetesResource cluster, int instances, String version) {
		String name = cluster.getMetadata().getName();
		String namespace = cluster.getMetadata().getNamespace();
		return "Created cluster '" + name + "' in namespace '" + namespace + "': " + instances
				+ " instance(s) of PostgreSQL " + version + ", " + cluster.get("spec", "storage", "size")
				+ " storage each. The operator now creates the instances; follow with get_cluster_status. "
				+ "Applications connect to " + name + "-rw." + namespace + ".svc:5432, database 'app', "
				+ "credentials in secret '" + name + "-app'.";
	}

	private Mono<Reply> scale(ToolCall call) {
		String name = call.get(NAME);
		int target = call.get(INSTANCES);
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
								? "The operator removes replicas; the primary stays."
								: "The operator adds replicas; get_cluster_status shows when they are ready."),
						result));
		}).onErrorMap(Failures.during(DryRun.action("scale cluster '" + name + "' in namespace '" + namespace + "'",
				call.get(DRY_RUN))));
	}

}
