package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.ToolHarness.structured;
import static io.github.mcpplatform.cnpg.tools.ToolHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.github.mcpplatform.cnpg.cnpg.CnpgKinds;
import reactor.test.StepVerifier;

/**
 * A role's password secret is found by a derived name that other roles can share; these prove that no
 * tool re-keys or deletes a secret that holds another role's password.
 */
class RoleSecretOwnershipTests {

	private final ToolHarness tools = new ToolHarness("role-secrets");

	@Test
	void createWhenTheNameStartsWithAnUnderscoreThenRefusesBecauseItCannotLabelTheSecret() {
		this.tools.givenCluster("pg", 1, Map.of());

		StepVerifier.create(this.tools.call("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "_svc")))
			.assertNext(result -> assertThat(text(result)).contains("role_name '_svc' is not a valid name")
				.contains("starting with a letter"))
			.verifyComplete();
		assertThat(secret("cnpg-pg-user--svc")).isNull();
	}

	@Test
	void createWhenTheNameHasAHyphenThenRefusesBeforeAnyCall() {
		this.tools.givenCluster("pg", 1, Map.of());

		StepVerifier.create(this.tools.call("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "a-b")))
			.assertNext(result -> {
				assertThat(result.isError()).isTrue();
				assertThat(text(result)).contains("role_name 'a-b' is not a valid name").contains("(not '-')");
			})
			.verifyComplete();
		assertThat(secret("cnpg-pg-user-a-b")).isNull();
	}

	@Test
	void createThenTheSecretIsOwnedByTheClusterSoItGoesWhenTheClusterIsDeletedAnyOtherWay() {
		String uid = this.tools.givenCluster("pg", 1, Map.of()).getMetadata().getUid();

		this.tools.callNow("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "owned"));

		assertThat(secret("cnpg-pg-user-owned").getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
			assertThat(owner.getApiVersion()).isEqualTo("postgresql.cnpg.io/v1");
			assertThat(owner.getKind()).isEqualTo("Cluster");
			assertThat(owner.getName()).isEqualTo("pg");
			assertThat(owner.getUid()).isEqualTo(uid).isNotBlank();
			assertThat(owner.getController()).isFalse();
			assertThat(owner.getBlockOwnerDeletion()).isFalse();
		});
	}

	@Test
	void createWhenTheSecretNameHoldsARoleOfAnotherClusterThenRefusesAndKeepsThatPassword() {
		// cluster 'a', role 'b_user_c' and cluster 'a-user-b', role 'c' both derive 'cnpg-a-user-b-user-c'
		this.tools.givenCluster("a", 1, Map.of());
		this.tools.givenCluster("a-user-b", 1, Map.of());
		this.tools.callNow("create_postgres_role", Map.of("cluster_name", "a", "role_name", "b_user_c"));
		String password = password("cnpg-a-user-b-user-c");

		StepVerifier.create(this.tools.call("create_postgres_role", Map.of("cluster_name", "a-user-b", "role_name", "c")))
			.assertNext(result -> {
				assertThat(result.isError()).isTrue();
				assertThat(text(result)).contains("Secret 'cnpg-a-user-b-user-c' holds the password of role 'b_user_c' of "
						+ "cluster 'a', not of role 'c' of cluster 'a-user-b'").contains("nothing was changed");
			})
			.verifyComplete();
		assertThat(password("cnpg-a-user-b-user-c")).isEqualTo(password);
		assertThat((Object) this.tools.cluster("a-user-b").get("spec", "managed")).isNull();
	}

	@Test
	void rotateWhenTheRoleHasNoSecretAndItsDerivedNameIsAnotherRolesThenRefuses() {
		givenRoleWithSecretAndAHyphenatedTwinWithout();
		String password = password("cnpg-pg-user-a-b");

		StepVerifier.create(this.tools.call("update_postgres_role",
				Map.of("cluster_name", "pg", "role_name", "a-b", "rotate_password", true)))
			.assertNext(result -> {
				assertThat(result.isError()).isTrue();
				assertThat(text(result)).contains("holds the password of role 'a_b' of cluster 'pg', not of role 'a-b'");
			})
			.verifyComplete();
		assertThat(password("cnpg-pg-user-a-b")).isEqualTo(password);
		assertThat(roles().get(1)).doesNotContainKey("passwordSecret");
	}

	@Test
	void deleteWhenTheRoleHasNoSecretThenKeepsAnotherRolesSecretOfTheDerivedName() {
		givenRoleWithSecretAndAHyphenatedTwinWithout();

		StepVerifier.create(this.tools.call("delete_postgres_role", Map.of("cluster_name", "pg", "role_name", "a-b", "confirm", true)))
			.assertNext(result -> assertThat(structured(result)).containsEntry("dropped", true).containsEntry("secretDeleted", false))
			.verifyComplete();
		assertThat(secret("cnpg-pg-user-a-b")).isNotNull();
		assertThat(roles().get(0)).containsEntry("name", "a_b").containsEntry("ensure", "present");
	}

	/** Role 'a_b' made by the tool, and role 'a-b' (allowed by earlier versions) declared by a person without a secret. */
	private void givenRoleWithSecretAndAHyphenatedTwinWithout() {
		this.tools.givenCluster("pg", 1, Map.of());
		this.tools.callNow("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "a_b"));
		this.tools.client.genericKubernetesResources(CnpgKinds.CLUSTER)
			.inNamespace(this.tools.namespace)
			.withName("pg")
			.patch(PatchContext.of(PatchType.JSON),
					"[{\"op\":\"add\",\"path\":\"/spec/managed/roles/-\",\"value\":{\"name\":\"a-b\",\"login\":true}}]");
	}

	private List<Map<String, Object>> roles() {
		List<Map<String, Object>> roles = this.tools.cluster("pg").get("spec", "managed", "roles");
		return roles == null ? List.of() : roles;
	}

	private Secret secret(String name) {
		return this.tools.client.secrets().inNamespace(this.tools.namespace).withName(name).get();
	}

	private String password(String secret) {
		return new String(Base64.getDecoder().decode(secret(secret).getData().get("password")), StandardCharsets.UTF_8);
	}

}
