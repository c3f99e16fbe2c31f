package io.github.mcpplatform.cnpg.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.mcpplatform.cnpg.cnpg.ResourceNotFoundException;

class FailuresTests {

	@Test
	void duringWhenAKubernetesFailureThenDescribesItAsFailingTheAction() {
		Throwable mapped = Failures.during("scale cluster 'pg'").apply(ResourceNotFoundException.named("cluster", "pg", "db"));

		assertThat(mapped).isInstanceOf(ToolFailure.class)
			.hasMessageStartingWith("Could not scale cluster 'pg': cluster 'pg' not found in namespace 'db'.");
	}

	@Test
	void describeWhenAJsonPatchTestFailedThenSaysTheObjectChangedRatherThanTheSpecIsWrong() {
		KubernetesClientException failedTest = new KubernetesClientException(new StatusBuilder().withCode(422)
			.withMessage("the server rejected our request due to an error in our request: testing value "
					+ "/spec/managed/roles/0/name failed")
			.build());
		KubernetesClientException invalid = new KubernetesClientException(new StatusBuilder().withCode(422)
			.withMessage("spec.instances: Invalid value")
			.build());

		assertThat(Failures.describe("update role 'a'", failedTest)).contains("the object changed while this call was "
				+ "working on it (422)").contains("retry").doesNotContain("API reference");
		assertThat(Failures.describe("scale cluster 'pg'", invalid)).contains("the API server rejected the spec (422)");
	}

	@Test
	void duringWhenAlreadyDescribedOrABugThenPassesItThrough() {
		ToolFailure described = new ToolFailure("already said");
		IllegalStateException bug = new IllegalStateException("bug");

		assertThat(Failures.during("x").apply(described)).isSameAs(described);
		assertThat(Failures.during("x").apply(bug)).isSameAs(bug);
	}

}
