package io.github.mcpplatform.cnpg.cnpg;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ContainerResource;
import io.fabric8.kubernetes.client.dsl.TailPrettyLoggable;
import io.fabric8.kubernetes.client.dsl.TimeTailPrettyLoggable;
import io.github.mcpplatform.cnpg.kube.KubeCalls;
import reactor.core.publisher.Mono;

/**
 * What CloudNativePG runs for a cluster, read only: its instance pods (labelled {@value CnpgKinds#CLUSTER_LABEL}),
 * their logs, its Services and the events of both. Nothing here lists Secrets.
 *
 * @see <a href="https://cloudnative-pg.io/documentation/current/labels_annotations/">CNPG labels</a>
 */
public final class InstanceRepository {

	/** The container that runs PostgreSQL in every instance pod. */
	public static final String POSTGRES_CONTAINER = "postgres";

	/** CNPG's label that tells an instance pod from a pooler's ({@code instance} or {@code pooler}). */
	static final String POD_ROLE_LABEL = "cnpg.io/podRole";

	private final KubernetesClient client;

	private final KubeCalls kube;

	public InstanceRepository(KubernetesClient client, KubeCalls kube) {
		this.client = client;
		this.kube = kube;
	}

	/** The cluster's instance pods (not its poolers', which carry the same cluster label). */
	public Mono<List<Pod>> instances(String namespace, String cluster) {
		return this.kube.call(this.client, k8s -> k8s.pods()
			.inNamespace(namespace)
			.withLabel(CnpgKinds.CLUSTER_LABEL, cluster)
			.list()
			.getItems()
			.stream()
			.filter(InstanceRepository::isInstance)
			.toList());
	}

	/** The pod if it exists. */
	public Mono<Optional<Pod>> pod(String namespace, String name) {
		return this.kube.call(this.client,
				k8s -> Optional.ofNullable(k8s.pods().inNamespace(namespace).withName(name).get()));
	}

	/**
	 * The end of one container's log: at most {@code lines} lines and {@code maxBytes} bytes (the API server cuts
	 * both, so a chatty pod never streams its whole log here), optionally only the last {@code sinceSeconds}, or
	 * of the previous run of the container ({@code previous}) after a crash.
	 */
	public Mono<String> log(String namespace, String pod, int lines, @Nullable Integer sinceSeconds, int maxBytes, boolean previous) {
		return this.kube.call(this.client, k8s -> {
			ContainerResource container = k8s.pods().inNamespace(namespace).withName(pod).inContainer(POSTGRES_CONTAINER);
			// fabric8 takes either a byte limit or the previous run, not both: the line limit bounds the latter.
			TimeTailPrettyLoggable limited = previous ? container.terminated() : container.limitBytes(maxBytes);
			TailPrettyLoggable windowed = sinceSeconds == null ? limited : limited.sinceSeconds(sinceSeconds);
			return windowed.tailingLines(lines).getLog();
		}).defaultIfEmpty("");
	}

	/** The namespace's events; the caller picks those of the cluster (events cannot be selected by owner). */
	public Mono<List<Event>> events(String namespace) {
		return this.kube.call(this.client, k8s -> k8s.v1().events().inNamespace(namespace).list().getItems());
	}

	/** The Service if it exists. */
	public Mono<Optional<Service>> service(String namespace, String name) {
		return this.kube.call(this.client,
				k8s -> Optional.ofNullable(k8s.services().inNamespace(namespace).withName(name).get()));
	}

	/** Whether a pod runs PostgreSQL for its cluster: CNPG labels pooler pods {@code cnpg.io/podRole=pooler}. */
	public static boolean isInstance(Pod pod) {
		var labels = pod.getMetadata().getLabels();
		return labels != null && !"pooler".equals(labels.get(POD_ROLE_LABEL)) && !labels.containsKey("cnpg.io/poolerName");
	}

}
