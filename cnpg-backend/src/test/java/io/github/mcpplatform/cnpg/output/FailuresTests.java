package io.github.mcpplatform.cnpg.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.github.mcpplatform.cnpg.cnpg.ResourceNotFoundException;

class FailuresTests {

	@Test
	void duringWhenAKubernetesFailureThenDescribesItAsFailingTheAction() {
		Throwable mapped = Failures.during("scale cluster 'pg'").apply(ResourceNotFoundException.named("cluster", "pg", "db"));

		assertThat(mapped).isInstanceOf(ToolFailure.class)
			.hasMessageStartingWith("Could not scale cluster 'pg': cluster 'pg' not found in namespace 'db'.");
	}

	@Test
	void duringWhenAlreadyDescribedOrABugThenPassesItThrough() {
		ToolFailure described = new ToolFailure("already said");
		IllegalStateException bug = new IllegalStateException("bug");

		assertThat(Failures.during("x").apply(described)).isSameAs(described);
		assertThat(Failures.during("x").apply(bug)).isSameAs(bug);
	}

}
