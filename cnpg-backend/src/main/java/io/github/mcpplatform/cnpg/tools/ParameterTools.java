package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.CommonParams.CLUSTER_NAME;
import static io.github.mcpplatform.cnpg.tools.CommonParams.DRY_RUN;
import static io.github.mcpplatform.cnpg.tools.CommonParams.NAMESPACE;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.mcpplatform.cnpg.cnpg.ClusterRepository;
import io.github.mcpplatform.cnpg.output.Failures;
import io.github.mcpplatform.cnpg.output.Reply;
import reactor.core.publisher.Mono;

/**
 * A cluster's PostgreSQL settings ({@code spec.postgresql.parameters}): read them, and change some, never those
 * CloudNativePG keeps for itself ({@link PostgresParameters}). The operator applies a change to every
 * instance: a reload for most settings, a rolling restart for those PostgreSQL reads only at start.
 *
 * @see <a href="https://cloudnative-pg.io/documentation/current/postgresql_conf/">CNPG: PostgreSQL configuration</a>
 */
final class ParameterTools {

	private static final Param<Map<String, String>> CHANGES = PostgresParameters.changes("parameters",
			"The settings to change, by PostgreSQL name: a value as text ('200', '64MB', 'on') or a number, or null "
					+ "to remove the setting (PostgreSQL's default applies again). Settings not named stay as they are. "
					+ "CloudNativePG manages some (port, replication, archiving, TLS, file locations): those are refused.");

	/** Where the settings live; their names need no JSON Pointer escaping ('~' and '/' are not in GUC names). */
	private static final String PARAMETERS = "/spec/postgresql/parameters";

	private final ClusterRepository clusters;

	private final DryRun dryRuns;

	ParameterTools(ClusterRepository clusters, DryRun dryRuns) {
		this.clusters = clusters;
		this.dryRuns = dryRuns;
	}

	List<CnpgTool> tools() {
		return List.of(
				new CnpgTool("get_postgres_parameters", "Get PostgreSQL settings",
						"Show the PostgreSQL settings a cluster's spec sets (spec.postgresql.parameters); settings not "
								+ "listed have PostgreSQL's or CloudNativePG's defaults.",
						Hints.readOnly(), List.of(CLUSTER_NAME, NAMESPACE), this::get),
				new CnpgTool("update_postgres_parameters", "Update PostgreSQL settings",
						"Change some PostgreSQL settings of a cluster (e.g. max_connections, work_mem); the operator "
								+ "reloads or restarts the instances as each setting needs. null removes a setting.",
						Hints.destructive(true), List.of(CLUSTER_NAME, CHANGES, NAMESPACE, DRY_RUN), this::update));
	}

	private Mono<Reply> get(ToolCall call) {
		String name = call.get(CLUSTER_NAME);
		String namespace = call.namespace();
		return this.clusters.get(namespace, name).map(cluster -> {
			Map<String, String> current = current(cluster);
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("cluster", name);
			result.put("namespace", namespace);
			result.put("parameters", current);
			StringBuilder text = new StringBuilder(current.isEmpty()
					? "Cluster '" + name + "' sets no PostgreSQL parameters in its spec: every setting has its default."
					: "Cluster '" + name + "' sets " + current.size() + " PostgreSQL parameter(s):");
			current.forEach((setting, value) -> text.append("\n  ").append(setting).append(" = ").append(value));
			return Reply.of(text.toString(), result);
		}).onErrorMap(Failures.during("read the PostgreSQL parameters of cluster '" + name + "' in namespace '"
				+ namespace + "'"));
	}

	private Mono<Reply> update(ToolCall call) {
		String name = call.get(CLUSTER_NAME);
		String namespace = call.namespace();
		Map<String, String> changes = call.get(CHANGES);
		boolean dryRun = call.get(DRY_RUN);
		return this.clusters.get(namespace, name).flatMap(cluster -> {
			Map<String, String> before = current(cluster);
			Map<String, String> changing = new TreeMap<>();
			Map<String, Object> changed = new LinkedHashMap<>();
			changes.forEach((setting, value) -> {
				if (!Objects.equals(before.get(setting), value)) {
					changing.put(setting, value);
					Map<String, Object> change = new HashMap<>();
					change.put("from", before.get(setting));
					change.put("to", value);
					changed.put(setting, change);
				}
			});
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("cluster", name);
			result.put("namespace", namespace);
			result.put("changes", changed);
			if (changing.isEmpty()) {
				result.put("changed", false);
				return Mono.just(Reply.of("Cluster '" + name + "' already has these settings; nothing changed.", result));
			}
			String patch = Serialization.asJson(jsonPatch(cluster, before, changing));
			String what = describe(changing, before);
			if (dryRun) {
				result.put("dryRun", true);
				result.put("patch", patch);
				String would = " Cluster '" + name + "' would change: " + what;
				return !this.dryRuns.serverSide() ? Mono.just(Reply.of(DryRun.PREVIEW + would, result))
						: this.clusters.jsonPatch(namespace, name, patch, true).thenReturn(Reply.of(DryRun.ACCEPTED + would, result));
			}
			result.put("changed", true);
			return this.clusters.jsonPatch(namespace, name, patch, false)
				.thenReturn(Reply.of("Changed cluster '" + name + "': " + what + ". The operator applies it to every "
						+ "instance: a reload for most settings, a rolling restart (replicas first, then a switchover) "
						+ "for those PostgreSQL reads only at start, such as shared_buffers or max_connections; "
						+ "get_cluster_status shows when it is done.", result));
		}).onErrorMap(Failures.during(DryRun.action("update the PostgreSQL parameters of cluster '" + name
				+ "' in namespace '" + namespace + "'", dryRun)));
	}

	/**
	 * The change as a JSON patch (RFC 6902): it first tests that the settings are still those this call read, so
	 * that a change made meanwhile by someone else is not overwritten (the API server refuses the patch instead),
	 * then sets and removes each setting.
	 */
	private static List<Map<String, Object>> jsonPatch(GenericKubernetesResource cluster, Map<String, String> before,
			Map<String, String> changing) {
		List<Map<String, Object>> operations = new ArrayList<>();
		Object postgresql = cluster.get("spec", "postgresql");
		Object parameters = cluster.get("spec", "postgresql", "parameters");
		if (!(parameters instanceof Map<?, ?>)) {
			Map<String, String> after = new TreeMap<>(before);
			changing.forEach((setting, value) -> {
				if (value != null) {
					after.put(setting, value);
				}
			});
			operations.add(postgresql instanceof Map<?, ?> ? operation("add", PARAMETERS, after)
					: operation("add", "/spec/postgresql", Map.of("parameters", after)));
			return operations;
		}
		operations.add(operation("test", PARAMETERS, parameters));
		changing.forEach((setting, value) -> {
			String path = PARAMETERS + "/" + setting;
			if (value == null) {
				operations.add(Map.of("op", "remove", "path", path));
			}
			else {
				operations.add(operation(before.containsKey(setting) ? "replace" : "add", path, value));
			}
		});
		return operations;
	}

	private static Map<String, Object> operation(String op, String path, Object value) {
		Map<String, Object> operation = new LinkedHashMap<>();
		operation.put("op", op);
		operation.put("path", path);
		operation.put("value", value);
		return operation;
	}

	private static String describe(Map<String, String> changing, Map<String, String> before) {
		StringBuilder text = new StringBuilder();
		changing.forEach((setting, value) -> {
			if (text.length() > 0) {
				text.append(", ");
			}
			text.append(setting).append(' ').append(before.containsKey(setting) ? before.get(setting) : "(default)")
				.append(" -> ").append(value == null ? "(default)" : value);
		});
		return text.toString();
	}

	private static Map<String, String> current(GenericKubernetesResource cluster) {
		Object parameters = cluster.get("spec", "postgresql", "parameters");
		Map<String, String> current = new TreeMap<>();
		if (parameters instanceof Map<?, ?> map) {
			map.forEach((key, value) -> current.put(String.valueOf(key), String.valueOf(value)));
		}
		return current;
	}

}
