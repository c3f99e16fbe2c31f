package io.github.mcpplatform.cnpg.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.github.mcpplatform.cnpg.cnpg.CnpgKinds;

/** What the sandbox's sample cluster looks like: what a CNPG operator would have created and reported. */
class SandboxSampleTests {

	private static Sandbox sandbox;

	@BeforeAll
	static void seed() {
		sandbox = Sandbox.start();
		sandbox.seedSampleCluster(Sandbox.NAMESPACE);
	}

	@AfterAll
	static void stop() {
		sandbox.close();
	}

	@Test
	void eachInstanceHasARunningReadyPodLabelledAsCnpgLabelsIt() {
		List<Pod> pods = sandbox.client()
			.pods()
			.inNamespace(Sandbox.NAMESPACE)
			.withLabel(CnpgKinds.CLUSTER_LABEL, Sandbox.SAMPLE_CLUSTER)
			.list()
			.getItems();

		assertThat(pods).extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(Sandbox.SAMPLE_INSTANCES);
		assertThat(pods).allSatisfy(pod -> {
			assertThat(pod.getMetadata().getLabels()).containsEntry("cnpg.io/podRole", "instance")
				.containsEntry("cnpg.io/instanceName", pod.getMetadata().getName());
			assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
			assertThat(pod.getStatus().getContainerStatuses()).singleElement()
				.satisfies(postgres -> assertThat(postgres.getReady()).isTrue());
		});
		assertThat(pods).filteredOn(p -> "primary".equals(p.getMetadata().getLabels().get("cnpg.io/instanceRole")))
			.extracting(p -> p.getMetadata().getName())
			.containsExactly("pg-sample-1");
	}

	@Test
	void theClusterStatusNamesTheInstancesAndAPrimaryThatIsNotMoving() {
		GenericKubernetesResource cluster = sandbox.client()
			.genericKubernetesResources(CnpgKinds.CLUSTER)
			.inNamespace(Sandbox.NAMESPACE)
			.withName(Sandbox.SAMPLE_CLUSTER)
			.get();

		assertThat(cluster.<List<String>>get("status", "instanceNames")).isEqualTo(Sandbox.SAMPLE_INSTANCES);
		assertThat(cluster.<String>get("status", "currentPrimary")).isEqualTo("pg-sample-1");
		assertThat(cluster.<String>get("status", "targetPrimary")).isEqualTo("pg-sample-1");
	}

}
