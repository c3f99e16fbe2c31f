package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.ToolHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import reactor.test.StepVerifier;

/** superuser and replication are set only where the backend's operator allowed them. */
class PrivilegedRoleTests {

	@Test
	void createWhenSuperuserOrReplicationIsAskedThenRefusesBothAndSaysHowToAllowThem() {
		ToolHarness tools = new ToolHarness("privileged");
		tools.givenCluster("pg", 1, Map.of());

		StepVerifier.create(tools.call("create_postgres_role",
				Map.of("cluster_name", "pg", "role_name", "boss", "superuser", true, "replication", true)))
			.assertNext(result -> {
				assertThat(result.isError()).isTrue();
				assertThat(text(result)).startsWith("Invalid arguments, nothing was changed")
					.contains("superuser 'true' is not allowed on this backend")
					.contains("replication 'true' is not allowed on this backend")
					.contains("cnpg.tools.allow-privileged-roles=true");
			})
			.verifyComplete();
		assertThat((Object) tools.cluster("pg").get("spec", "managed")).isNull();
		assertThat(tools.client.secrets().inNamespace(tools.namespace).withName("cnpg-pg-user-boss").get()).isNull();
	}

	@Test
	void updateWhenSuperuserIsAskedThenRefusesButTurningItOffIsAllowed() {
		ToolHarness tools = new ToolHarness("privileged");
		tools.givenCluster("pg", 1, Map.of());
		tools.callNow("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "worker"));

		StepVerifier.create(tools.call("update_postgres_role", Map.of("cluster_name", "pg", "role_name", "worker", "superuser", true)))
			.assertNext(result -> assertThat(text(result)).contains("superuser 'true' is not allowed on this backend"))
			.verifyComplete();
		assertThat(roles(tools).get(0)).containsEntry("superuser", false);

		StepVerifier.create(tools.call("update_postgres_role",
				Map.of("cluster_name", "pg", "role_name", "worker", "superuser", false, "replication", false)))
			.assertNext(result -> assertThat(result.isError()).isFalse())
			.verifyComplete();
	}

	@Test
	void createWhenTheOperatorAllowsPrivilegedRolesThenSetsThem() {
		ToolHarness tools = new ToolHarness("privileged", new ToolsProperties(Duration.ofMillis(50), true, ToolsProperties.DEFAULT_IMAGE_CATALOG));
		tools.givenCluster("pg", 1, Map.of());

		StepVerifier.create(tools.call("create_postgres_role",
				Map.of("cluster_name", "pg", "role_name", "boss", "superuser", true, "replication", true)))
			.assertNext(result -> assertThat(result.isError()).isFalse())
			.verifyComplete();
		assertThat(roles(tools).get(0)).containsEntry("superuser", true).containsEntry("replication", true);
	}

	private static List<Map<String, Object>> roles(ToolHarness tools) {
		return tools.cluster("pg").get("spec", "managed", "roles");
	}

}
