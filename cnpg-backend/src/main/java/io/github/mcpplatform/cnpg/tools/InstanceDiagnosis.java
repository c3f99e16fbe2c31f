package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.CommonParams.CLUSTER_NAME;
import static io.github.mcpplatform.cnpg.tools.CommonParams.FORMAT;
import static io.github.mcpplatform.cnpg.tools.CommonParams.NAMESPACE;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.github.mcpplatform.cnpg.cnpg.CnpgKinds;
import io.github.mcpplatform.cnpg.cnpg.InstanceRepository;
import io.github.mcpplatform.cnpg.output.Failures;
import io.github.mcpplatform.cnpg.output.Reply;
import io.github.mcpplatform.cnpg.output.ToolFailure;
import io.github.mcpplatform.cnpg.output.ToolResults;
import reactor.core.publisher.Mono;

/**
 * {@code list_postgres_cluster_events} and {@code get_postgres_instance_logs}: what Kubernetes and PostgreSQL said
 * about a cluster, bounded so that one answer stays readable.
 */
final class InstanceDiagnosis {

	private static final Param<Integer> LIMIT = Param.integer("limit", "The most events to show, newest first.", 1, 200)
		.defaultsTo(30);

	private static final Param<String> TYPE = Param
		.choice("type", "Only events of this type: 'Warning' for problems, 'Normal' for progress.", List.of("Warning", "Normal"))
		.optional();

	private static final Param<String> INSTANCE = Param.kubernetesName("instance",
			"The instance's pod, e.g. 'pg-main-1' (get_postgres_cluster_health lists them).");

	private static final Param<Integer> LINES = Param.integer("lines", "How many of the last log lines to show.", 1, 1000)
		.defaultsTo(100);

	private static final Param<Integer> SINCE_SECONDS = Param
		.integer("since_seconds", "Only lines from the last this many seconds, e.g. 600 for ten minutes.", 1, 7 * 24 * 3600)
		.optional();

	private static final Param<Boolean> PREVIOUS = Param
		.flag("previous", "The log of the container's previous run, the one that ended: for an instance that crashed "
				+ "or restarted.")
		.defaultsTo(false);

	/** Kinds whose events concern a cluster: the Cluster itself and the objects CNPG names after its instances. */
	private static final Set<String> INSTANCE_KINDS = Set.of("Pod", "PersistentVolumeClaim", "Job");

	/** What the API server sends of a log at most; the answer keeps its end. */
	private static final int MAX_LOG_BYTES = 1 << 20;

	/** The log text an answer keeps, so that text and structured content together stay within the output limit. */
	static final int MAX_LOG_CHARACTERS = ToolResults.CHARACTER_LIMIT - 3_000;

	private final InstanceRepository instances;

	InstanceDiagnosis(InstanceRepository instances) {
		this.instances = instances;
	}

	List<CnpgTool> tools() {
		return List.of(
				new CnpgTool("list_postgres_cluster_events", "List PostgreSQL cluster events",
						"List the Kubernetes events of a CloudNativePG cluster and of its instances' pods, volumes and "
								+ "jobs, newest first: what the operator and Kubernetes did and what failed.",
						Hints.readOnly(), List.of(CLUSTER_NAME, NAMESPACE, TYPE, LIMIT, FORMAT), this::events),
				new CnpgTool("get_postgres_instance_logs", "Get PostgreSQL instance logs",
						"Show the last log lines of one instance of a CloudNativePG cluster (its postgres container: "
								+ "PostgreSQL's and the instance manager's JSON lines), optionally only recent ones.",
						Hints.readOnly(), List.of(CLUSTER_NAME, INSTANCE, NAMESPACE, LINES, SINCE_SECONDS, PREVIOUS),
						this::logs));
	}

	private Mono<Reply> events(ToolCall call) {
		String cluster = call.get(CLUSTER_NAME);
		String namespace = call.namespace();
		String type = call.get(TYPE);
		Pattern instanceObject = Pattern.compile(Pattern.quote(cluster) + "-\\d+(-[a-z0-9-]+)?");
		return this.instances.events(namespace)
			.map(events -> events.stream()
				.filter(e -> concerns(e, cluster, instanceObject))
				.filter(e -> type == null || type.equals(e.getType()))
				.sorted(Comparator.comparing(InstanceDiagnosis::time, Comparator.nullsLast(Comparator.reverseOrder())))
				.limit(call.get(LIMIT))
				.map(InstanceDiagnosis::view)
				.toList())
			.map(views -> Reply.list("events", views, Map.of("cluster", cluster, "namespace", namespace),
					shown -> eventText(cluster, shown),
					"Ask for fewer: a smaller limit, or type=Warning for the problems only."))
			.onErrorMap(Failures.during("list the events of cluster '" + cluster + "' in namespace '" + namespace + "'"));
	}

	/**
	 * Events cannot be selected by owner: an event concerns the cluster when it is about the Cluster object or about
	 * a pod, volume or job named as CNPG names its instances ({@code <cluster>-<n>}, with a suffix for jobs).
	 */
	private static boolean concerns(Event event, String cluster, Pattern instanceObject) {
		var object = event.getInvolvedObject();
		if (object == null || object.getName() == null) {
			return false;
		}
		if ("Cluster".equals(object.getKind())) {
			return cluster.equals(object.getName())
					&& (object.getApiVersion() == null || object.getApiVersion().startsWith(CnpgKinds.GROUP));
		}
		return INSTANCE_KINDS.contains(object.getKind()) && instanceObject.matcher(object.getName()).matches();
	}

	/** When the event last happened; events carry one of three times depending on their API and age. */
	private static @Nullable String time(Event event) {
		if (event.getLastTimestamp() != null) {
			return event.getLastTimestamp();
		}
		if (event.getEventTime() != null && event.getEventTime().getTime() != null) {
			return event.getEventTime().getTime();
		}
		return event.getMetadata().getCreationTimestamp();
	}

	private static Map<String, Object> view(Event event) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("time", time(event));
		view.put("type", event.getType());
		view.put("reason", event.getReason());
		view.put("object", event.getInvolvedObject().getKind() + "/" + event.getInvolvedObject().getName());
		view.put("message", event.getMessage() == null ? "" : event.getMessage().strip());
		view.put("count", event.getCount() == null ? 1 : event.getCount());
		return view;
	}

	private static String eventText(String cluster, List<Map<String, Object>> events) {
		if (events.isEmpty()) {
			return "No events for cluster '" + cluster + "' (Kubernetes keeps events for about an hour).";
		}
		StringBuilder text = new StringBuilder(events.size() + " event(s) of cluster '" + cluster + "', newest first:");
		events.forEach(e -> text.append("\n- ").append(e.get("time")).append(' ').append(e.get("type")).append(' ')
			.append(e.get("reason")).append(' ').append(e.get("object"))
			.append((int) e.get("count") > 1 ? " (x" + e.get("count") + ")" : "").append(": ").append(e.get("message")));
		return text.toString();
	}

	private Mono<Reply> logs(ToolCall call) {
		String cluster = call.get(CLUSTER_NAME);
		String instance = call.get(INSTANCE);
		String namespace = call.namespace();
		int lines = call.get(LINES);
		Integer since = call.get(SINCE_SECONDS);
		boolean previous = call.get(PREVIOUS);
		return this.instances.pod(namespace, instance)
			.flatMap(pod -> {
				if (pod.isEmpty() || !belongsTo(pod.get(), cluster)) {
					return this.instances.instances(namespace, cluster).flatMap(pods -> Mono.error(notAnInstance(instance,
							cluster, namespace, pods)));
				}
				return this.instances.log(namespace, instance, lines, since, MAX_LOG_BYTES, previous);
			})
			.map(log -> logReply(cluster, instance, namespace, lines, since, previous, log))
			.onErrorMap(Failures.during("read the log of instance '" + instance + "' of cluster '" + cluster
					+ "' in namespace '" + namespace + "'"));
	}

	/** Only a pod the cluster's label names, and an instance not a pooler: never any other pod of the namespace. */
	private static boolean belongsTo(Pod pod, String cluster) {
		var labels = pod.getMetadata().getLabels();
		return labels != null && cluster.equals(labels.get(CnpgKinds.CLUSTER_LABEL)) && InstanceRepository.isInstance(pod);
	}

	private static ToolFailure notAnInstance(String instance, String cluster, String namespace, List<Pod> pods) {
		String known = pods.isEmpty() ? "it has no instance pods"
				: "its instances are " + String.join(", ", pods.stream().map(p -> p.getMetadata().getName()).sorted().toList());
		return new ToolFailure("'" + instance + "' is not an instance of cluster '" + cluster + "' in namespace '"
				+ namespace + "': " + known + ". Only the logs of a cluster's own instance pods are shown.");
	}

	private static Reply logReply(String cluster, String instance, String namespace, int lines, @Nullable Integer since,
			boolean previous, String log) {
		String kept = log;
		String cut = null;
		if (log.length() > MAX_LOG_CHARACTERS) {
			int start = log.indexOf('\n', log.length() - MAX_LOG_CHARACTERS);
			kept = log.substring(start < 0 ? log.length() - MAX_LOG_CHARACTERS : start + 1);
			cut = (log.length() - kept.length()) + " older characters left out at the output limit: ask for fewer lines "
					+ "or a shorter since_seconds";
		}
		long shown = kept.isEmpty() ? 0 : kept.lines().count();
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("cluster", cluster);
		result.put("namespace", namespace);
		result.put("instance", instance);
		result.put("container", InstanceRepository.POSTGRES_CONTAINER);
		result.put("previous", previous);
		result.put("lines", shown);
		if (cut != null) {
			result.put("truncated", cut);
		}
		result.put("log", kept);
		String window = (since == null ? "" : " from the last " + since + " s") + (previous ? " of the previous run" : "");
		String header = kept.isEmpty() ? "No log lines of " + instance + window + "."
				: "Last " + shown + " log line(s) of " + instance + window + " (asked for " + lines + ")"
						+ (cut == null ? "" : "; " + cut) + ":\n";
		return Reply.of(header + kept, result);
	}

}
