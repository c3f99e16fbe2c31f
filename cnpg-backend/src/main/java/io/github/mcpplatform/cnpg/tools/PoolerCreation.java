package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.CommonParams.CLUSTER_NAME;
import static io.github.mcpplatform.cnpg.tools.CommonParams.DRY_RUN;
import static io.github.mcpplatform.cnpg.tools.CommonParams.NAMESPACE;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.mcpplatform.cnpg.cnpg.ClusterRepository;
import io.github.mcpplatform.cnpg.cnpg.ClusterView;
import io.github.mcpplatform.cnpg.cnpg.PoolerManifests;
import io.github.mcpplatform.cnpg.cnpg.PoolerRepository;
import io.github.mcpplatform.cnpg.cnpg.PoolerView;
import io.github.mcpplatform.cnpg.cnpg.ResourceNotFoundException;
import io.github.mcpplatform.cnpg.output.Failures;
import io.github.mcpplatform.cnpg.output.Reply;
import io.github.mcpplatform.cnpg.output.ToolFailure;
import reactor.core.publisher.Mono;

/**
 * {@code create_postgres_pooler}: a PgBouncer {@code Pooler} in front of a cluster's primary ({@code rw}) or
 * replicas ({@code ro}), with the names CloudNativePG requires. The pooler's Deployment, Service, ServiceAccount
 * and Role are all named after it, so its name must be a Service name (DNS-1035) that no cluster in the
 * namespace uses, for itself or for its Services ({@code <cluster>-rw}, {@code -ro}, {@code -r}, {@code -any}).
 *
 * @see <a href="https://cloudnative-pg.io/documentation/current/connection_pooling/">CNPG connection pooling</a>
 */
final class PoolerCreation {

	/** A Service name: what the pooler's name becomes. */
	private static final Pattern DNS_1035_LABEL = Param.DNS_1035_LABEL;

	/** The Services CNPG derives from a cluster's name. */
	static final List<String> CLUSTER_SERVICE_SUFFIXES = List.of("-rw", "-ro", "-r", "-any");

	static final Param<String> POOLER_NAME = Param.kubernetesName("pooler_name",
			"Name of the pooler, e.g. 'pg-main-pooler-rw'; applications connect to the Service of this name.");

	private static final Param<String> NEW_POOLER_NAME = Param.custom("pooler_name", Map.of("type", "string",
			"description", "Name of the new pooler and of the Service applications connect to; defaults to "
					+ "'<cluster_name>-pooler-<type>'. A letter first, at most 63 characters, and not the name of a "
					+ "cluster or of a cluster's Service (<cluster>-rw, -ro, -r, -any).",
			"pattern", "^" + DNS_1035_LABEL + "$", "maxLength", 63), raw -> {
				if (!(raw instanceof String s) || !DNS_1035_LABEL.matcher(s).matches()) {
					throw new IllegalArgumentException("'" + raw + "' is not a valid pooler name: use at most 63 lowercase "
							+ "letters, digits and '-', starting with a letter and ending with a letter or digit (it "
							+ "becomes a Service name)");
				}
				return s;
			}).optional();

	private static final Param<String> TYPE = Param
		.choice("type", "'rw' pools connections to the primary (reads and writes); 'ro' to the replicas (reads only).",
				List.of("rw", "ro"))
		.defaultsTo("rw");

	static final int MAX_INSTANCES = 10;

	private static final Param<Integer> INSTANCES = Param
		.integer("instances", "Number of PgBouncer pods; 2 or more keep the pooler up while one is replaced.", 1,
				MAX_INSTANCES)
		.defaultsTo(1);

	private static final Param<String> POOL_MODE = Param
		.choice("pool_mode", "'session': a server connection per client connection, for as long as it stays (safe "
				+ "for every application). 'transaction': a server connection per transaction, far fewer server "
				+ "connections, but session state (SET, advisory locks, LISTEN, temporary tables) does not carry over.",
				List.of("session", "transaction"))
		.defaultsTo("session");

	private static final Param<Map<String, String>> PARAMETERS = PgBouncerParameters.param("parameters").optional();

	private final ClusterRepository clusters;

	private final PoolerRepository poolers;

	private final DryRun dryRuns;

	PoolerCreation(ClusterRepository clusters, PoolerRepository poolers, DryRun dryRuns) {
		this.clusters = clusters;
		this.poolers = poolers;
		this.dryRuns = dryRuns;
	}

	CnpgTool tool() {
		return new CnpgTool("create_postgres_pooler", "Create PgBouncer pooler",
				"Put a PgBouncer connection pooler (a CloudNativePG Pooler) in front of a cluster's primary (rw) or "
						+ "replicas (ro); applications then connect to the pooler's Service with their usual credentials.",
				Hints.additive(), List.of(CLUSTER_NAME, NEW_POOLER_NAME, TYPE, INSTANCES, POOL_MODE, PARAMETERS, NAMESPACE,
						DRY_RUN),
				this::create);
	}

	private Mono<Reply> create(ToolCall call) {
		String cluster = call.get(CLUSTER_NAME);
		String type = call.get(TYPE);
		String name = call.has(NEW_POOLER_NAME) ? call.get(NEW_POOLER_NAME) : cluster + "-pooler-" + type;
		String namespace = call.namespace();
		boolean dryRun = call.get(DRY_RUN);
		Map<String, String> parameters = call.has(PARAMETERS) ? call.get(PARAMETERS) : Map.of();
		GenericKubernetesResource manifest = PoolerManifests.pooler(namespace, name, cluster, type, call.get(INSTANCES),
				call.get(POOL_MODE), parameters);
		return this.clusters.list(namespace).flatMap(all -> {
			GenericKubernetesResource target = all.stream()
				.filter(c -> cluster.equals(c.getMetadata().getName()))
				.findFirst()
				.orElseThrow(() -> ResourceNotFoundException.named("cluster", cluster, namespace));
			clash(name, all).ifPresent(problem -> {
				throw new ToolFailure("Pooler '" + name + "' was not created: " + problem + ". Choose another "
						+ "pooler_name, e.g. '" + cluster + "-pooler-" + type + "'.");
			});
			if (name.length() > 63) {
				throw new ToolFailure("Pooler '" + name + "' was not created: the name is longer than 63 characters, "
						+ "which a Service name cannot be. Give a shorter pooler_name.");
			}
			String note = note(target, type);
			if (dryRun && !this.dryRuns.serverSide()) {
				return Mono.just(Reply.of(DryRun.PREVIEW + " This Pooler would be created:\n" + Serialization.asYaml(manifest)
						+ note, Map.of("dryRun", true, "manifest", manifest)));
			}
			if (dryRun) {
				return this.poolers.create(manifest, true)
					.map(accepted -> Reply.of(DryRun.ACCEPTED + " The Pooler as it would be stored:\n"
							+ Serialization.asYaml(accepted) + note, Map.of("dryRun", true, "manifest", accepted)));
			}
			return this.poolers.create(manifest, false).map(created -> {
				PoolerView view = PoolerView.of(created);
				Map<String, Object> result = new LinkedHashMap<>();
				result.put("created", true);
				result.put("pooler", view);
				return Reply.of("Created pooler '" + name + "' (" + view.instances() + " PgBouncer pod(s), " + view.poolMode()
						+ " pooling) in front of cluster '" + cluster + "'s " + ("rw".equals(type) ? "primary" : "replicas")
						+ ". Applications connect to " + view.service() + " with the same database, user and password as "
						+ "before; the operator creates the Deployment and Service now, and list_postgres_poolers shows "
						+ "when its pods run." + note, result);
			});
		}).onErrorMap(Failures.during(DryRun.action("create pooler '" + name + "' for cluster '" + cluster
				+ "' in namespace '" + namespace + "'", dryRun)));
	}

	/**
	 * Why the name cannot be a pooler's: CNPG refuses a pooler named like its cluster, its documentation any
	 * cluster of the namespace, and a cluster's Services already hold their names.
	 */
	static Optional<String> clash(String name, List<GenericKubernetesResource> clusters) {
		for (GenericKubernetesResource c : clusters) {
			String cluster = c.getMetadata().getName();
			if (name.equals(cluster)) {
				return Optional.of("'" + name + "' is the name of a cluster in this namespace, and CloudNativePG requires "
						+ "a pooler's name to differ from every cluster's");
			}
			for (String suffix : CLUSTER_SERVICE_SUFFIXES) {
				if (name.equals(cluster + suffix)) {
					return Optional.of("'" + name + "' is the name of cluster '" + cluster + "'s " + suffix.substring(1)
							+ " Service, and the pooler's Service would take the same name");
				}
			}
		}
		return Optional.empty();
	}

	private static String note(GenericKubernetesResource cluster, String type) {
		Integer instances = ClusterView.concise(cluster).instances();
		return "ro".equals(type) && instances != null && instances < 2 ? " Note: cluster '" + cluster.getMetadata().getName()
				+ "' has " + instances + " instance, so no replica: an ro pooler has nothing to connect to until "
				+ "scale_postgres_cluster adds replicas." : "";
	}

}
