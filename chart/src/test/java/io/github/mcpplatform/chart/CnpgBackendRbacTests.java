package io.github.mcpplatform.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import org.junit.jupiter.api.Test;

/**
 * cnpg-backend's permissions: the CNPG operator's own ClusterRoles (-view reads, -edit writes), bound to the
 * backend's ServiceAccount alone, where it may act.
 */
class CnpgBackendRbacTests {

	private static final Subject BACKEND = new Subject(null, "ServiceAccount", Rendered.name("cnpg-backend"), "mcp");

	@Test
	void editInstallBindsTheOperatorsViewAndEditRolesAndRolePasswordSecretsInTheReleaseNamespace() {
		Rendered rendered = Charts.render(Scenario.of());

		assertThat(rendered.all(RoleBinding.class)).allSatisfy(binding -> {
			assertThat(binding.getMetadata().getNamespace()).isEqualTo("mcp");
			assertThat(binding.getSubjects()).containsExactly(BACKEND);
		});
		assertThat(rendered.all(RoleBinding.class)).extracting(b -> b.getRoleRef().getKind() + "/" + b.getRoleRef().getName())
			.containsExactlyInAnyOrder("ClusterRole/cnpg-cloudnative-pg-view", "ClusterRole/cnpg-cloudnative-pg-edit",
					"Role/" + Rendered.name("cnpg-backend") + "-secrets");
		Role secrets = rendered.get(Role.class, Rendered.name("cnpg-backend") + "-secrets");
		assertThat(secrets.getRules()).singleElement().satisfies(rule -> {
			assertThat(rule.getResources()).containsExactly("secrets");
			assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list", "create", "patch", "delete");
		});
		assertThat(rendered.all(ClusterRoleBinding.class)).singleElement().satisfies(binding -> {
			assertThat(binding.getRoleRef().getName()).isEqualTo(Rendered.name("cnpg-backend") + "-image-catalogs");
			assertThat(binding.getSubjects()).containsExactly(BACKEND);
		});
		ClusterRole catalogs = rendered.get(ClusterRole.class, Rendered.name("cnpg-backend") + "-image-catalogs");
		assertThat(catalogs.getRules()).singleElement().satisfies(rule -> {
			assertThat(rule.getApiGroups()).containsExactly("postgresql.cnpg.io");
			assertThat(rule.getResources()).containsExactly("clusterimagecatalogs");
			assertThat(rule.getVerbs()).containsExactly("get");
		});
	}

	@Test
	void readOnlyInstallBindsOnlyTheViewRoleAndNoSecrets() {
		Rendered rendered = Charts.render(Scenario.of("read-only-cnpg"));

		assertThat(rendered.all(ClusterRoleBinding.class)).singleElement().satisfies(binding -> {
			assertThat(binding.getRoleRef().getName()).isEqualTo("cnpg-operator-cloudnative-pg-view");
			assertThat(binding.getSubjects()).containsExactly(BACKEND);
		});
		assertThat(rendered.all(RoleBinding.class)).isEmpty();
		assertThat(rendered.all(Role.class)).isEmpty();
		assertThat(rendered.all(ClusterRole.class)).isEmpty();
	}

	@Test
	void namespacedInstallBindsInEveryListedNamespaceForTheAccountInTheReleaseNamespace() {
		Rendered rendered = Charts.render(Scenario.of("namespaced-cnpg"));

		for (String namespace : List.of("databases", "analytics")) {
			assertThat(rendered.all(RoleBinding.class))
				.filteredOn(b -> namespace.equals(b.getMetadata().getNamespace()))
				.extracting(b -> b.getRoleRef().getName())
				.containsExactlyInAnyOrder("cnpg-cloudnative-pg-view", "cnpg-cloudnative-pg-edit",
						Rendered.name("cnpg-backend") + "-secrets");
			assertThat(rendered.all(Role.class)).filteredOn(r -> namespace.equals(r.getMetadata().getNamespace())).hasSize(1);
		}
		assertThat(rendered.all(RoleBinding.class)).hasSize(6)
			.allSatisfy(binding -> assertThat(binding.getSubjects()).containsExactly(BACKEND));
	}

	@Test
	void clusterWideEditInstallUsesClusterRoleBindingsAndAClusterRoleForSecrets() {
		Rendered rendered = Charts.render(Scenario.of().with("cnpgBackend.rbac.scope", "cluster"));

		assertThat(rendered.all(ClusterRoleBinding.class)).extracting(b -> b.getRoleRef().getName())
			.containsExactlyInAnyOrder("cnpg-cloudnative-pg-view", "cnpg-cloudnative-pg-edit",
					Rendered.name("cnpg-backend") + "-secrets", Rendered.name("cnpg-backend") + "-image-catalogs");
		assertThat(rendered.get(ClusterRole.class, Rendered.name("cnpg-backend") + "-secrets").getRules()).hasSize(1);
		assertThat(rendered.all(RoleBinding.class)).isEmpty();
	}

}
