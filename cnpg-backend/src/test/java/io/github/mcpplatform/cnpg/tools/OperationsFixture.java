package io.github.mcpplatform.cnpg.tools;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.github.mcpplatform.cnpg.cnpg.CnpgKinds;

/** A three-instance cluster as the operator reports it, with its pods, in a namespace of the shared sandbox. */
final class OperationsFixture {

	final ToolHarness tools;

	OperationsFixture(String prefix) {
		this(new ToolHarness(prefix));
	}

	/** Set-up through {@code tools}' own client, whatever identity its tools act with. */
	OperationsFixture(ToolHarness tools) {
		this.tools = tools;
	}

	/** Cluster {@code name}, healthy, primary {@code <name>-1}, with pods {@code <name>-1..3} labelled as its instances. */
	void givenHealthyCluster(String name) {
		this.tools.givenCluster(name, 3, Map.of("instances", 3, "readyInstances", 3, "phase", "Cluster in healthy state",
				"currentPrimary", name + "-1", "targetPrimary", name + "-1", "instanceNames",
				List.of(name + "-1", name + "-2", name + "-3"), "conditions",
				List.of(Map.of("type", "Ready", "status", "True", "reason", "ClusterIsReady", "message", "Cluster is Ready",
						"lastTransitionTime", "2026-01-01T00:00:00Z"),
						Map.of("type", "ContinuousArchiving", "status", "True", "reason", "ContinuousArchivingSuccess",
								"message", "archiving", "lastTransitionTime", "2026-01-01T00:00:00Z"))));
		for (int i = 1; i <= 3; i++) {
			givenPod(name + "-" + i, name, "instance");
		}
	}

	void givenPod(String pod, String cluster, String role) {
		this.tools.client.pods()
			.inNamespace(this.tools.namespace)
			.resource(new PodBuilder().withNewMetadata()
				.withName(pod)
				.addToLabels(CnpgKinds.CLUSTER_LABEL, cluster)
				.addToLabels("cnpg.io/podRole", role)
				.endMetadata()
				.build())
			.create();
	}

	void givenAnnotation(String cluster, String name, String value) {
		this.tools.client.genericKubernetesResources(CnpgKinds.CLUSTER)
			.inNamespace(this.tools.namespace)
			.withName(cluster)
			.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\"" + name + "\":"
					+ io.fabric8.kubernetes.client.utils.Serialization.asJson(value) + "}}}");
	}

	GenericKubernetesResource cluster(String name) {
		return this.tools.cluster(name);
	}

	String annotation(String cluster, String name) {
		Map<String, String> annotations = cluster(cluster).getMetadata().getAnnotations();
		return annotations == null ? null : annotations.get(name);
	}

}
