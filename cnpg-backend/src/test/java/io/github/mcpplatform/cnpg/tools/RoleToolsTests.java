package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.ToolHarness.structured;
import static io.github.mcpplatform.cnpg.tools.ToolHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import reactor.test.StepVerifier;

class RoleToolsTests {

	private final ToolHarness tools = new ToolHarness("roles");

	@BeforeEach
	void givenACluster() {
		this.tools.givenCluster("pg", 1, Map.of());
	}

	@Test
	void createThenStoresAGeneratedPasswordInALabelledSecretAndNeverShowsIt() {
		StepVerifier.create(this.tools.call("create_postgres_role",
				Map.of("cluster_name", "pg", "role_name", "app_reader", "createdb", true)))
			.assertNext(result -> {
				assertThat(result.isError()).isFalse();
				assertThat(text(result)).contains("Created role 'app_reader'")
					.contains("login, inherit, createdb")
					.contains("secret 'cnpg-pg-user-app-reader'");
				assertThat(structured(result)).doesNotContainKey("password");
				assertThat(text(result)).doesNotContain(password("cnpg-pg-user-app-reader"));
			})
			.verifyComplete();
		Secret secret = secret("cnpg-pg-user-app-reader");
		assertThat(secret.getType()).isEqualTo("kubernetes.io/basic-auth");
		assertThat(secret.getMetadata().getLabels()).containsEntry("cnpg.io/reload", "true")
			.containsEntry("cnpg.io/cluster", "pg")
			.containsEntry("app.kubernetes.io/managed-by", "cnpg-mcp-backend");
		assertThat(decode(secret.getData().get("username"))).isEqualTo("app_reader");
		assertThat(password("cnpg-pg-user-app-reader")).matches("[A-Za-z0-9]{32}");
		assertThat(roles()).containsExactly(Map.of("name", "app_reader", "ensure", "present", "login", true, "superuser",
				false, "inherit", true, "createdb", true, "createrole", false, "replication", false, "bypassrls", false,
				"passwordSecret", Map.of("name", "cnpg-pg-user-app-reader")));
	}

	@Test
	void createWhenRevealIsAskedThenReturnsThePasswordThatIsStored() {
		StepVerifier.create(this.tools.call("create_postgres_role",
				Map.of("cluster_name", "pg", "role_name", "shown", "reveal_password", true)))
			.assertNext(result -> assertThat(structured(result)).containsEntry("password", password("cnpg-pg-user-shown")))
			.verifyComplete();
	}

	@Test
	void createWhenDryRunThenShowsThePatchAndCreatesNothing() {
		StepVerifier.create(this.tools.call("create_postgres_role",
				Map.of("cluster_name", "pg", "role_name", "dry", "dry_run", true)))
			.assertNext(result -> assertThat(text(result)).startsWith("Dry run, nothing was sent.")
				.contains("\"op\":\"add\",\"path\":\"/spec/managed\""))
			.verifyComplete();
		assertThat(roles()).isEmpty();
		assertThat(this.tools.client.secrets().inNamespace(this.tools.namespace).withName("cnpg-pg-user-dry").get()).isNull();
	}

	@Test
	void createWhenTheRoleExistsThenRefusesAndChangesNothing() {
		this.tools.callNow("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "dup"));
		String password = password("cnpg-pg-user-dup");

		StepVerifier.create(this.tools.call("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "dup")))
			.assertNext(result -> {
				assertThat(result.isError()).isTrue();
				assertThat(text(result)).contains("already exists").contains("update_postgres_role");
			})
			.verifyComplete();
		assertThat(password("cnpg-pg-user-dup")).isEqualTo(password);
	}

	@Test
	void createWhenASecretOfThatNameIsNotOursThenLeavesItAlone() {
		this.tools.client.secrets()
			.inNamespace(this.tools.namespace)
			.resource(new SecretBuilder().withNewMetadata().withName("cnpg-pg-user-theirs").endMetadata()
				.addToData("password", "c2VjcmV0").build())
			.create();

		StepVerifier.create(this.tools.call("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "theirs")))
			.assertNext(result -> assertThat(text(result)).contains("was not created by this backend"))
			.verifyComplete();
		assertThat(secret("cnpg-pg-user-theirs").getData()).containsEntry("password", "c2VjcmV0");
		assertThat(roles()).isEmpty();
	}

	@Test
	void createWhenNameIsReservedOrInvalidThenRefusesBeforeAnyCall() {
		StepVerifier.create(this.tools.call("create_postgres_role", Map.of("cluster_name", "missing", "role_name", "pg_monitor")))
			.assertNext(result -> assertThat(text(result)).contains("role_name 'pg_monitor' is reserved"))
			.verifyComplete();
		StepVerifier.create(this.tools.call("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "Robert'); DROP")))
			.assertNext(result -> assertThat(text(result)).contains("is not a valid name"))
			.verifyComplete();
	}

	@Test
	void listThenShowsAttributesSecretAndReconciliationStatus() {
		this.tools.callNow("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "ok_role"));
		this.tools.callNow("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "bad_role"));
		var cluster = this.tools.cluster("pg");
		cluster.setAdditionalProperty("status", Map.of("managedRolesStatus", Map.of("byStatus",
				Map.of("reconciled", List.of("ok_role")), "cannotReconcile", Map.of("bad_role", List.of("owns objects")))));
		this.tools.client.genericKubernetesResources(io.github.mcpplatform.cnpg.cnpg.CnpgKinds.CLUSTER)
			.inNamespace(this.tools.namespace).resource(cluster).updateStatus();

		StepVerifier.create(this.tools.call("list_postgres_roles", Map.of("cluster_name", "pg"))).assertNext(result -> {
			assertThat(text(result)).contains("- ok_role: present; login, inherit; password in secret cnpg-pg-user-ok-role; status reconciled")
				.contains("- bad_role: present; login, inherit; password in secret cnpg-pg-user-bad-role; status cannot-reconcile (owns objects)");
			assertThat(structured(result)).containsEntry("count", 2);
		}).verifyComplete();
	}

	@Test
	void updateThenChangesOnlyTheGivenAttributes() {
		this.tools.callNow("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "upd", "createdb", true));
		String password = password("cnpg-pg-user-upd");

		StepVerifier.create(this.tools.call("update_postgres_role", Map.of("cluster_name", "pg", "role_name", "upd", "login", false)))
			.assertNext(result -> assertThat(text(result)).isEqualTo("Updated role 'upd' of cluster 'pg': set login=false."))
			.verifyComplete();
		assertThat(roles().get(0)).containsEntry("login", false).containsEntry("createdb", true);
		assertThat(password("cnpg-pg-user-upd")).isEqualTo(password);
	}

	@Test
	void updateWhenRotatingThenStoresANewPasswordAndKeepsTheReloadLabel() {
		this.tools.callNow("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "rot"));
		String old = password("cnpg-pg-user-rot");

		StepVerifier.create(this.tools.call("update_postgres_role",
				Map.of("cluster_name", "pg", "role_name", "rot", "rotate_password", true)))
			.assertNext(result -> assertThat(text(result)).contains("rotated its password in secret 'cnpg-pg-user-rot'")
				.doesNotContain(password("cnpg-pg-user-rot")))
			.verifyComplete();
		assertThat(password("cnpg-pg-user-rot")).isNotEqualTo(old).matches("[A-Za-z0-9]{32}");
		assertThat(secret("cnpg-pg-user-rot").getMetadata().getLabels()).containsEntry("cnpg.io/reload", "true");
	}

	@Test
	void updateWhenDryRunThenDescribesBothChangesAndChangesNothing() {
		this.tools.callNow("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "dry_upd"));
		String password = password("cnpg-pg-user-dry-upd");

		StepVerifier.create(this.tools.call("update_postgres_role", Map.of("cluster_name", "pg", "role_name", "dry_upd",
				"createrole", true, "rotate_password", true, "dry_run", true)))
			.assertNext(result -> assertThat(text(result)).startsWith("Dry run, nothing was sent. Would set createrole=true")
				.contains("\"op\":\"test\",\"path\":\"/spec/managed/roles/0/name\",\"value\":\"dry_upd\"")
				.endsWith("and generate a new password into secret 'cnpg-pg-user-dry-upd'."))
			.verifyComplete();
		assertThat(roles().get(0)).containsEntry("createrole", false);
		assertThat(password("cnpg-pg-user-dry-upd")).isEqualTo(password);
	}

	@Test
	void updateWhenNothingIsGivenThenRefuses() {
		StepVerifier.create(this.tools.call("update_postgres_role", Map.of("cluster_name", "pg", "role_name", "x")))
			.assertNext(result -> assertThat(text(result)).startsWith("Nothing to update, nothing was changed"))
			.verifyComplete();
	}

	@Test
	void updateWhenTheRoleIsMissingThenErrorPointsToTheListTool() {
		StepVerifier.create(this.tools.call("update_postgres_role", Map.of("cluster_name", "pg", "role_name", "ghost", "login", true)))
			.assertNext(result -> assertThat(text(result)).contains("role 'ghost' not found in cluster 'pg'")
				.contains("list_postgres_roles"))
			.verifyComplete();
	}

	@Test
	void deleteWithoutConfirmThenRefusesAndKeepsTheRole() {
		this.tools.callNow("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "keep"));

		StepVerifier.create(this.tools.call("delete_postgres_role", Map.of("cluster_name", "pg", "role_name", "keep")))
			.assertNext(result -> {
				assertThat(result.isError()).isTrue();
				assertThat(text(result)).startsWith("Not deleted: deleting a role needs confirm=true.");
			})
			.verifyComplete();
		assertThat(roles().get(0)).containsEntry("ensure", "present");
		assertThat(secret("cnpg-pg-user-keep")).isNotNull();
	}

	@Test
	void deleteThenMarksTheRoleAbsentSoCnpgDropsItAndDeletesItsSecret() {
		this.tools.callNow("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "gone"));

		StepVerifier.create(this.tools.call("delete_postgres_role", Map.of("cluster_name", "pg", "role_name", "gone", "confirm", true)))
			.assertNext(result -> assertThat(structured(result)).containsEntry("dropped", true).containsEntry("secretDeleted", true))
			.verifyComplete();
		assertThat(roles().get(0)).containsEntry("ensure", "absent").doesNotContainKey("passwordSecret");
		assertThat(this.tools.client.secrets().inNamespace(this.tools.namespace).withName("cnpg-pg-user-gone").get()).isNull();
		// and a later create brings it back
		CallToolResult again = this.tools.callNow("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "gone"));
		assertThat(again.isError()).isFalse();
		assertThat(roles()).hasSize(1);
		assertThat(roles().get(0)).containsEntry("ensure", "present").containsKey("passwordSecret");
	}

	@Test
	void createWhenTheRoleWasDroppedThenTheNewRoleKeepsNothingOfTheOldEntry() {
		this.tools.callNow("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "again", "createdb", true));
		// fields a person added to the entry, which the tools do not set
		this.tools.client.genericKubernetesResources(io.github.mcpplatform.cnpg.cnpg.CnpgKinds.CLUSTER)
			.inNamespace(this.tools.namespace).withName("pg")
			.patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON),
					"[{\"op\":\"add\",\"path\":\"/spec/managed/roles/0/inRoles\",\"value\":[\"pg_monitor\"]},"
							+ "{\"op\":\"add\",\"path\":\"/spec/managed/roles/0/connectionLimit\",\"value\":5}]");
		this.tools.callNow("delete_postgres_role", Map.of("cluster_name", "pg", "role_name", "again", "confirm", true));

		StepVerifier.create(this.tools.call("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "again")))
			.assertNext(result -> assertThat(result.isError()).isFalse())
			.verifyComplete();
		assertThat(roles()).containsExactly(Map.of("name", "again", "ensure", "present", "login", true, "superuser", false,
				"inherit", true, "createdb", false, "createrole", false, "replication", false, "bypassrls", false,
				"passwordSecret", Map.of("name", "cnpg-pg-user-again")));
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> roles() {
		List<Map<String, Object>> roles = this.tools.cluster("pg").get("spec", "managed", "roles");
		return roles == null ? List.of() : roles;
	}

	private Secret secret(String name) {
		return this.tools.client.secrets().inNamespace(this.tools.namespace).withName(name).get();
	}

	private String password(String secret) {
		return decode(secret(secret).getData().get("password"));
	}

	private static String decode(String base64) {
		return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
	}

}
