package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.ToolHarness.structured;
import static io.github.mcpplatform.cnpg.tools.ToolHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.github.mcpplatform.cnpg.cnpg.CnpgKinds;
import reactor.test.StepVerifier;

/** create_postgres_role never silently takes over a role that PostgreSQL already has. */
class RoleTakeoverTests {

	private final ToolHarness tools = new ToolHarness("role-takeover");

	@Test
	void createWhenTheRoleIsTheDefaultApplicationOwnerThenRefusesAndChangesNothing() {
		this.tools.givenCluster("pg", 1, Map.of());

		StepVerifier.create(this.tools.call("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "app", "adopt", true)))
			.assertNext(result -> {
				assertThat(result.isError()).isTrue();
				assertThat(text(result)).contains("Role 'app' owns the application database of cluster 'pg'")
					.contains("'pg-app'")
					.contains("Nothing was changed");
			})
			.verifyComplete();
		assertNothingCreated("app");
	}

	@Test
	void createWhenTheRoleIsTheOwnerTheBootstrapNamesThenRefuses() {
		this.tools.givenCluster("pg", 1, Map.of());
		this.tools.client.genericKubernetesResources(CnpgKinds.CLUSTER)
			.inNamespace(this.tools.namespace)
			.withName("pg")
			.patch(PatchContext.of(PatchType.JSON_MERGE),
					"{\"spec\":{\"bootstrap\":{\"initdb\":{\"database\":\"shop\",\"owner\":\"shop_owner\"}}}}");

		StepVerifier.create(this.tools.call("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "shop_owner")))
			.assertNext(result -> assertThat(text(result)).contains("Role 'shop_owner' owns the application database"))
			.verifyComplete();
		assertNothingCreated("shop_owner");
		// 'app' is an ordinary name on this cluster
		assertThat(this.tools.callNow("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "app")).isError()).isFalse();
	}

	@Test
	void createWhenTheClusterReportsTheRoleNotManagedThenRefusesWithoutAdopt() {
		givenClusterReportingNotManaged("legacy");

		StepVerifier.create(this.tools.call("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "legacy")))
			.assertNext(result -> {
				assertThat(result.isError()).isTrue();
				assertThat(text(result)).contains("Role 'legacy' already exists in cluster 'pg' and CloudNativePG does not manage it")
					.contains("adopt=true");
			})
			.verifyComplete();
		assertNothingCreated("legacy");
	}

	@Test
	void createWhenAdoptingANotManagedRoleThenDeclaresItAndSaysItWasReplaced() {
		givenClusterReportingNotManaged("legacy");

		StepVerifier.create(this.tools.call("create_postgres_role",
				Map.of("cluster_name", "pg", "role_name", "legacy", "adopt", true)))
			.assertNext(result -> {
				assertThat(result.isError()).isFalse();
				assertThat(text(result)).contains("takes over the existing role 'legacy': its attributes and password are replaced");
				assertThat(structured(result)).containsEntry("adopted", true);
			})
			.verifyComplete();
		List<Map<String, Object>> roles = this.tools.cluster("pg").get("spec", "managed", "roles");
		assertThat(roles).extracting(r -> r.get("name")).containsExactly("legacy");
	}

	private void givenClusterReportingNotManaged(String role) {
		this.tools.givenCluster("pg", 1, Map.of("managedRolesStatus",
				Map.of("byStatus", Map.of("not-managed", List.of(role, "app"), "reserved", List.of("postgres")))));
	}

	private void assertNothingCreated(String role) {
		assertThat((Object) this.tools.cluster("pg").get("spec", "managed")).isNull();
		assertThat(this.tools.client.secrets().inNamespace(this.tools.namespace)
			.withName("cnpg-pg-user-" + role.replace('_', '-')).get()).isNull();
	}

}
