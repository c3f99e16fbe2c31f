package io.github.mcpplatform.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.github.mcpplatform.cnpg.kube.KubernetesProperties;
import org.junit.jupiter.api.Test;

/**
 * With {@code cnpgBackend.kubernetes.impersonate}, the backend acts as each caller: its ServiceAccount gets only
 * {@code impersonate} on users and groups instead of edit rights, and the backend is told to impersonate.
 */
class CnpgBackendImpersonationTests {

	private static final Subject BACKEND = new Subject(null, "ServiceAccount", Rendered.name("cnpg-backend"), "mcp");

	private static final String IMPERSONATE = Rendered.name("cnpg-backend") + "-impersonate";

	@Test
	void impersonatingInstallGrantsOnlyImpersonateOnUsersAndGroupsInsteadOfEditRights() {
		Rendered rendered = Charts.render(Scenario.of().with("cnpgBackend.kubernetes.impersonate", true));

		assertThat(rendered.all(ClusterRoleBinding.class)).singleElement().satisfies(binding -> {
			assertThat(binding.getRoleRef().getKind() + "/" + binding.getRoleRef().getName())
				.isEqualTo("ClusterRole/" + IMPERSONATE);
			assertThat(binding.getSubjects()).containsExactly(BACKEND);
		});
		List<PolicyRule> rules = rendered.get(ClusterRole.class, IMPERSONATE).getRules();
		assertThat(rules).extracting(rule -> rule.getApiGroups() + " " + rule.getResources() + " " + rule.getVerbs())
			.containsExactly("[] [users] [impersonate]", "[] [groups] [impersonate]");
		assertThat(rules).allSatisfy(rule -> assertThat(rule.getResourceNames()).isEmpty());
		assertThat(rendered.all(ClusterRole.class)).hasSize(1);
		assertThat(rendered.all(Role.class)).isEmpty();
		assertThat(rendered.all(RoleBinding.class)).isEmpty();
	}

	@Test
	void impersonatingInstallGrantsNeitherTheSqlSecretReadNorTheDiagnosticsReadsToTheBackend() {
		for (String mode : List.of("own", "operatorRoles")) {
			Rendered rendered = Charts.render(Scenario.of()
				.with("cnpgBackend.kubernetes.impersonate", true)
				.with("cnpgBackend.rbac.mode", mode)
				.with("cnpgBackend.sql.enabled", true));

			assertThat(rendered.all(Role.class)).as(mode).isEmpty();
			assertThat(rendered.all(RoleBinding.class)).as(mode).isEmpty();
			assertThat(rendered.all(ClusterRole.class)).as(mode).extracting(role -> role.getMetadata().getName())
				.containsExactly(IMPERSONATE);
		}
	}

	@Test
	void listedUsersAndGroupsLimitWhomTheBackendMayActAs() {
		Rendered rendered = Charts.render(Scenario.of("impersonating-cnpg"));

		assertThat(rendered.get(ClusterRole.class, IMPERSONATE).getRules())
			.extracting(rule -> rule.getResources().get(0) + " " + rule.getResourceNames())
			.containsExactly("users [alice@example.com]", "groups [oidc:db-team, oidc:dev]");
	}

	@Test
	void theBackendIsToldToImpersonateWithTheClaimAndPrefixesOfTheValues() {
		Rendered rendered = Charts.render(Scenario.of()
			.with("cnpgBackend.kubernetes.impersonate", true)
			.with("cnpgBackend.kubernetes.impersonateUserClaim", "sub")
			.with("cnpgBackend.kubernetes.impersonateUserPrefix", "oidc:")
			.with("cnpgBackend.kubernetes.impersonateGroupPrefix", "oidc:"));

		KubernetesProperties kubernetes = AppConfiguration.bind(AppConfiguration.environment(rendered, "cnpg-backend"),
				"cnpg.kubernetes", KubernetesProperties.class);

		assertThat(kubernetes.impersonate()).isTrue();
		assertThat(kubernetes.impersonateUserClaim()).isEqualTo("sub");
		assertThat(kubernetes.impersonateUserPrefix()).isEqualTo("oidc:");
		assertThat(kubernetes.impersonateGroupPrefix()).isEqualTo("oidc:");
	}

	@Test
	void theNotesSayThatPeopleNeedRoleBindingsOfTheirOwn() {
		assertThat(Charts.installOutput(Scenario.of("impersonating-cnpg"))).contains("acts in Kubernetes as each caller")
			.contains("RoleBindings of their own");
	}

	@Test
	void offByDefaultTheBackendActsAsItsServiceAccount() {
		Rendered rendered = Charts.render(Scenario.of());

		KubernetesProperties kubernetes = AppConfiguration.bind(AppConfiguration.environment(rendered, "cnpg-backend"),
				"cnpg.kubernetes", KubernetesProperties.class);

		assertThat(kubernetes.impersonate()).isFalse();
		assertThat(rendered.all(ClusterRole.class)).extracting(role -> role.getMetadata().getName())
			.doesNotContain(IMPERSONATE);
	}

}
