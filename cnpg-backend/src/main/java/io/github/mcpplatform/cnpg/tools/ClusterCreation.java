package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.CommonParams.DRY_RUN;
import static io.github.mcpplatform.cnpg.tools.CommonParams.NAMESPACE;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.mcpplatform.cnpg.cnpg.ClusterManifests;
import io.github.mcpplatform.cnpg.cnpg.ClusterRepository;
import io.github.mcpplatform.cnpg.cnpg.ClusterView;
import io.github.mcpplatform.cnpg.cnpg.ImageCatalogRepository;
import io.github.mcpplatform.cnpg.output.Failures;
import io.github.mcpplatform.cnpg.output.Reply;
import io.github.mcpplatform.cnpg.output.ToolFailure;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code create_postgres_cluster}: a new cluster whose image comes from the configured
 * {@code ClusterImageCatalog}, optionally waiting until the operator reports every instance ready.
 */
final class ClusterCreation {

	static final List<Integer> POSTGRES_VERSIONS = List.of(14, 15, 16, 17, 18);

	/** The major version CNPG 1.30 runs when a cluster names no image ({@code pkg/versions/versions.go}). */
	static final int OPERATOR_DEFAULT_MAJOR = 18;

	private static final Param<String> NAME = CommonParams.alsoAsClusterName(Param.newClusterName("name",
			"Name of the new cluster, e.g. 'pg-main': a letter first, at most 50 characters. Required, as name or as "
					+ "cluster_name."));

	private static final Param<Integer> INSTANCES = ClusterTools.INSTANCES.defaultsTo(3);

	/** A floor of this backend's choosing (CNPG only requires a non-zero size): room for data and WAL. */
	static final double MIN_STORAGE_BYTES = 1e9;

	private static final Param<String> STORAGE_SIZE = Param
		.quantity("storage_size", "Storage per instance, e.g. '10Gi'; at least 1Gi.")
		.refusing(size -> Param.bytes(size) < MIN_STORAGE_BYTES, "is too small for a PostgreSQL instance's data and "
				+ "WAL: use at least 1Gi")
		.defaultsTo("10Gi");

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

	private final ImageCatalogRepository catalogs;

	private final String imageCatalog;

	private final Param<Integer> postgresVersion;

	private final Duration pollInterval;

	private final DryRun dryRuns;

	ClusterCreation(ClusterRepository clusters, ImageCatalogRepository catalogs, String imageCatalog,
			Duration pollInterval, DryRun dryRuns) {
		this.clusters = clusters;
		this.catalogs = catalogs;
		this.imageCatalog = imageCatalog;
		this.postgresVersion = Param
			.majorVersion("postgres_version", "PostgreSQL major version, as a number (17) or a string (\"17\"); the "
					+ "image is the one ClusterImageCatalog '" + imageCatalog + "' pins for it.", POSTGRES_VERSIONS)
			.defaultsTo(OPERATOR_DEFAULT_MAJOR);
		this.pollInterval = pollInterval;
		this.dryRuns = dryRuns;
	}

	CnpgTool tool() {
		return new CnpgTool("create_postgres_cluster", "Create PostgreSQL cluster",
				"Create a CloudNativePG PostgreSQL cluster: one primary and instances-1 streaming replicas, so with 2 or "
						+ "more instances the operator fails over to a replica when the primary is lost (one instance "
						+ "has nothing to fail over to). The operator creates an 'app' database owned by role 'app' "
						+ "with credentials in secret '<name>-app'.",
				Hints.additive(), List.of(NAME, INSTANCES, STORAGE_SIZE, this.postgresVersion, STORAGE_CLASS, WAIT,
						TIMEOUT, NAMESPACE, DRY_RUN),
				this::create);
	}

	private Mono<Reply> create(ToolCall call) {
		String name = call.get(NAME);
		int major = call.get(this.postgresVersion);
		GenericKubernetesResource manifest = ClusterManifests.cluster(call.namespace(), name, call.get(INSTANCES),
				this.imageCatalog, major, call.get(STORAGE_SIZE), call.get(STORAGE_CLASS));
		boolean dryRun = call.get(DRY_RUN);
		return image(major).flatMap(image -> {
			if (dryRun && !this.dryRuns.serverSide()) {
				return Mono.just(Reply.of(DryRun.PREVIEW + " This Cluster would be created (image " + image + "):\n"
						+ Serialization.asYaml(manifest), Map.of("dryRun", true, "manifest", manifest, "image", image)));
			}
			if (dryRun) {
				return this.clusters.create(manifest, true)
					.map(accepted -> Reply.of(DryRun.ACCEPTED + " The Cluster as it would be stored, with the "
							+ "operator's defaults (image " + image + "):\n" + Serialization.asYaml(accepted),
							Map.of("dryRun", true, "manifest", accepted, "image", image)));
			}
			return call.get(WAIT) ? createAndWait(call, manifest, image) : this.clusters.create(manifest, false)
				.map(c -> Reply.of(createdText(c, major, image), Map.of("created", true, "cluster", ClusterView.concise(c))));
		}).onErrorMap(Failures.during(DryRun.action("create cluster '" + name + "' in namespace '" + call.namespace() + "'",
				dryRun)));
	}

	/**
	 * The image the catalog pins for the major version. Checked before the cluster is sent: a cluster
	 * that names a missing catalog or major is accepted by the API server and then never starts.
	 */
	Mono<String> image(int major) {
		return this.catalogs.find(this.imageCatalog)
			.switchIfEmpty(Mono.error(() -> new ToolFailure("ClusterImageCatalog '" + this.imageCatalog + "' is not "
					+ "installed, so CloudNativePG would have no image for the cluster; nothing was created. Install "
					+ "CloudNativePG's official catalog (kubectl apply -f https://raw.githubusercontent.com/cloudnative-pg/"
					+ "artifacts/main/image-catalogs/catalog-standard-trixie.yaml), or have the backend's operator set "
					+ ToolsProperties.PREFIX + ".image-catalog to an installed one.")))
			.map(catalog -> ImageCatalogRepository.image(catalog, major)
				.orElseThrow(() -> new ToolFailure("ClusterImageCatalog '" + this.imageCatalog + "' has no image for "
						+ "PostgreSQL " + major + " (it has " + ImageCatalogRepository.majors(catalog) + "); nothing was "
						+ "created. Choose one of those versions.")));
	}

	private Mono<Reply> createAndWait(ToolCall call, GenericKubernetesResource manifest, String image) {
		String name = manifest.getMetadata().getName();
		int instances = call.get(INSTANCES);
		int major = call.get(this.postgresVersion);
		Duration timeout = Duration.ofSeconds(call.has(TIMEOUT) ? call.get(TIMEOUT) : Math.min(600, 60 * instances));
		String created = createdText(manifest, major, image);
		return this.clusters.create(manifest, false).then(waitUntilReady(call, name, instances, timeout).map(view -> {
			boolean ready = isReady(view, instances);
			String outcome = ready ? "All " + instances + " instance(s) are ready."
					: "Not ready after " + timeout.toSeconds() + " s: " + view.health()
							+ ". The operator keeps working; check again with get_cluster_status.";
			return Reply.of(created + "\n" + outcome, Map.of("created", true, "ready", ready, "cluster", view));
		})
			// The cluster exists once the create succeeded: a failed status read must not report a failed
			// create (a retry would then meet a 409).
			.onErrorResume(e -> !(e instanceof Error), e -> {
				String problem = Failures.describe("follow its progress", e);
				return Mono.just(Reply.of(created + "\n" + problem + " The cluster was created; check it with "
						+ "get_cluster_status.", Map.of("created", true, "ready", "unknown", "lastError", problem)));
			}));
	}

	/** Polls the cluster until all instances are ready or the timeout passes; the last state seen. */
	private Mono<ClusterView> waitUntilReady(ToolCall call, String name, int instances, Duration timeout) {
		Mono<ClusterView> current = this.clusters.get(call.namespace(), name).map(ClusterView::concise);
		// A status read slower than the poll interval skips ticks instead of overflowing the interval.
		return Flux.interval(this.pollInterval)
			.onBackpressureDrop()
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

	private static String createdText(GenericKubernetesResource cluster, int major, String image) {
		String name = cluster.getMetadata().getName();
		String namespace = cluster.getMetadata().getNamespace();
		return "Created cluster '" + name + "' in namespace '" + namespace + "': " + cluster.get("spec", "instances")
				+ " instance(s) of PostgreSQL " + major + " (image " + image + "), " + cluster.get("spec", "storage", "size")
				+ " storage each. The operator now creates the instances; follow with get_cluster_status. "
				+ "Applications connect to " + name + "-rw." + namespace + ".svc:5432, database 'app', "
				+ "credentials in secret '" + name + "-app'." + (Integer.valueOf(1).equals(cluster.get("spec", "instances"))
						? " With one instance there is no replica to fail over to, and CloudNativePG's "
								+ "PodDisruptionBudget for the primary blocks draining its node until a maintenance "
								+ "window is set (spec.nodeMaintenanceWindow); scale_postgres_cluster adds replicas."
						: "");
	}

}
