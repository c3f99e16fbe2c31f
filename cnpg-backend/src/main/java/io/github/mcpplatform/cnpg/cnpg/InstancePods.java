package io.github.mcpplatform.cnpg.cnpg;

import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.mcpplatform.cnpg.kube.KubeCalls;
import reactor.core.publisher.Mono;

/**
 * The pods that run a cluster's PostgreSQL instances, one per instance and named like it ({@code <cluster>-<n>}).
 * CNPG labels each with its cluster ({@code cnpg.io/cluster}) and with {@code cnpg.io/podRole: instance};
 * poolers' pods carry the cluster label too, so both are checked.
 */
public final class InstancePods {

	static final String POD_ROLE_LABEL = "cnpg.io/podRole";

	private final KubernetesClient client;

	private final KubeCalls kube;

	public InstancePods(KubernetesClient client, KubeCalls kube) {
		this.client = client;
		this.kube = kube;
	}

	/** The pod of an instance of the cluster; empty when there is no such pod or it is not the cluster's instance. */
	public Mono<Pod> find(String namespace, String cluster, String instance) {
		return this.kube.call(this.client, k8s -> k8s.pods().inNamespace(namespace).withName(instance).get())
			.filter(pod -> isInstanceOf(pod, cluster));
	}

	/** Deletes the pod; the operator creates it again on the same volumes. */
	public Mono<Void> delete(String namespace, String instance, boolean dryRun) {
		return this.kube.run(this.client,
				k8s -> k8s.pods().inNamespace(namespace).withName(instance).dryRun(dryRun).delete());
	}

	private static boolean isInstanceOf(Pod pod, String cluster) {
		Map<String, String> labels = pod.getMetadata().getLabels();
		return labels != null && Objects.equals(cluster, labels.get(CnpgKinds.CLUSTER_LABEL))
				&& !"pooler".equals(labels.get(POD_ROLE_LABEL));
	}

}
