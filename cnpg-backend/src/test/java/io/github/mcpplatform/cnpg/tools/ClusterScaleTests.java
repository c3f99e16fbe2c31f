package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.ToolHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.github.mcpplatform.cnpg.cnpg.CnpgKinds;
import reactor.test.StepVerifier;

/** scale_postgres_cluster refuses, with the reason, a count CloudNativePG would not accept. */
class ClusterScaleTests {

	private final ToolHarness tools = new ToolHarness("scale");

	@Test
	void scaleWhenMaxSyncReplicasNeedsMoreInstancesThenRefusesAndChangesNothing() {
		this.tools.givenCluster("pg", 3, Map.of());
		givenSpec("pg", "{\"spec\":{\"maxSyncReplicas\":2}}");

		StepVerifier.create(this.tools.call("scale_postgres_cluster", Map.of("name", "pg", "instances", 2)))
			.assertNext(result -> {
				assertThat(result.isError()).isTrue();
				assertThat(text(result)).contains("its maxSyncReplicas is 2").contains("at least 3");
			})
			.verifyComplete();
		assertThat((Object) this.tools.cluster("pg").get("spec", "instances")).isEqualTo(3);
	}

	@Test
	void scaleWhenSynchronousNumberNeedsMoreInstancesThenRefuses() {
		this.tools.givenCluster("pg", 3, Map.of());
		givenSpec("pg", "{\"spec\":{\"postgresql\":{\"synchronous\":{\"method\":\"any\",\"number\":2}}}}");

		StepVerifier.create(this.tools.call("scale_postgres_cluster", Map.of("name", "pg", "instances", 2)))
			.assertNext(result -> assertThat(text(result)).contains("synchronous.number is 2").contains("at least 3 instances"))
			.verifyComplete();
		assertThat((Object) this.tools.cluster("pg").get("spec", "instances")).isEqualTo(3);
	}

	@Test
	void scaleWhenTheClusterIsLargerThanTheCapThenItCanStillBeScaledDownButNotUpPastTheCap() {
		this.tools.givenCluster("big", 12, Map.of());
		this.tools.givenCluster("small", 3, Map.of());

		StepVerifier.create(this.tools.call("scale_postgres_cluster", Map.of("name", "big", "instances", 11)))
			.assertNext(result -> assertThat(result.isError()).isFalse())
			.verifyComplete();
		StepVerifier.create(this.tools.call("scale_postgres_cluster", Map.of("name", "small", "instances", 12)))
			.assertNext(result -> assertThat(text(result)).contains("scales up to at most 10 instances"))
			.verifyComplete();
		assertThat((Object) this.tools.cluster("big").get("spec", "instances")).isEqualTo(11);
		assertThat((Object) this.tools.cluster("small").get("spec", "instances")).isEqualTo(3);
	}

	private void givenSpec(String cluster, String mergePatch) {
		this.tools.client.genericKubernetesResources(CnpgKinds.CLUSTER)
			.inNamespace(this.tools.namespace)
			.withName(cluster)
			.patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
	}

}
