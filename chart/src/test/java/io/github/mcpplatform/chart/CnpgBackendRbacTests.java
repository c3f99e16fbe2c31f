package io.github.mcpplatform.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import org.junit.jupiter.api.Test;

/**
 * cnpg-backend's permissions: by default a Role with exactly the calls its tools make (no `list` on
 * Secrets), or the CNPG Helm chart's ClusterRoles; bound to the backend's ServiceAccount alone, where it
 * may act.
 */
class CnpgBackendRbacTests {

	private static final Subject BACKEND = new Subject(null, "ServiceAccount", Rendered.name("cnpg-backend"), "mcp");

	private static final String ROLE = Rendered.name("cnpg-backend") + "-cnpg";

	private static final String CATALOGS = Rendered.name("cnpg-backend") + "-image-catalogs";

	/** The CNPG chart's roles grant nothing on pods, logs, events or Services: the diagnostics tools need this. */
	private static final String DIAGNOSTICS = Rendered.name("cnpg-backend") + "-diagnostics";

	/** What the diagnostics tools read: instance pods, their logs, events and Services. */
	private static final Map<String, List<String>> DIAGNOSTIC_READS = Map.of("/pods", List.of("get", "list"), "/pods/log",
			List.of("get"), "/events", List.of("list"), "/services", List.of("get"));

	@Test
	void editInstallGrantsExactlyTheCallsTheToolsMakeInTheReleaseNamespace() {
		Rendered rendered = Charts.render(Scenario.of());

		assertThat(rendered.all(RoleBinding.class)).singleElement().satisfies(binding -> {
			assertThat(binding.getMetadata().getNamespace()).isEqualTo("mcp");
			assertThat(binding.getRoleRef().getKind() + "/" + binding.getRoleRef().getName()).isEqualTo("Role/" + ROLE);
			assertThat(binding.getSubjects()).containsExactly(BACKEND);
		});
		Map<String, List<String>> expected = new HashMap<>(DIAGNOSTIC_READS);
		expected.putAll(Map.ofEntries(
				Map.entry("postgresql.cnpg.io/clusters", List.of("get", "list", "create", "patch", "delete")),
				Map.entry("postgresql.cnpg.io/clusters/status", List.of("patch")),
				Map.entry("postgresql.cnpg.io/databases", List.of("get", "list", "create", "delete")),
				Map.entry("postgresql.cnpg.io/poolers", List.of("get", "list", "create", "patch", "delete")),
				Map.entry("postgresql.cnpg.io/scheduledbackups", List.of("get", "list", "create", "delete")),
				Map.entry("postgresql.cnpg.io/backups", List.of("get", "list", "create")),
				Map.entry("postgresql.cnpg.io/publications", List.of("list")),
				Map.entry("postgresql.cnpg.io/subscriptions", List.of("list")),
				Map.entry("postgresql.cnpg.io/databaseroles", List.of("list")),
				// The operations also delete a replica's pod to restart it.
				Map.entry("/pods", List.of("get", "list", "delete")),
				Map.entry("/secrets", List.of("get", "create", "patch", "delete"))));
		assertThat(verbsByResource(rendered.get(Role.class, ROLE).getRules())).containsExactlyInAnyOrderEntriesOf(expected);
		assertThat(rendered.all(ClusterRoleBinding.class)).singleElement().satisfies(binding -> {
			assertThat(binding.getRoleRef().getName()).isEqualTo(CATALOGS);
			assertThat(binding.getSubjects()).containsExactly(BACKEND);
		});
		assertThat(verbsByResource(rendered.get(ClusterRole.class, CATALOGS).getRules()))
			.containsExactlyEntriesOf(Map.of("postgresql.cnpg.io/clusterimagecatalogs", List.of("get")));
	}

	@Test
	void readOnlyOwnInstallGrantsOnlyReadsAndNoSecrets() {
		Rendered rendered = Charts.render(Scenario.of().with("cnpgBackend.rbac.access", "view"));

		Map<String, List<String>> rules = verbsByResource(rendered.get(Role.class, ROLE).getRules());
		assertThat(rules).containsEntry("postgresql.cnpg.io/clusters", List.of("get", "list"))
			.containsEntry("postgresql.cnpg.io/databases", List.of("get", "list"))
			.containsEntry("postgresql.cnpg.io/backups", List.of("get", "list"))
			.containsEntry("postgresql.cnpg.io/scheduledbackups", List.of("get", "list"))
			.containsEntry("postgresql.cnpg.io/poolers", List.of("get", "list"))
			.containsEntry("/pods", List.of("get", "list"))
			.containsEntry("/pods/log", List.of("get"))
			.containsEntry("/events", List.of("list"))
			.doesNotContainKey("/secrets")
			.doesNotContainKey("postgresql.cnpg.io/clusters/status");
		assertThat(rendered.all(ClusterRole.class)).isEmpty();
	}

	@Test
	void readOnlyInstallWithTheSqlToolsetMayOnlyGetSecrets() {
		Rendered rendered = Charts.render(Scenario.of().with("cnpgBackend.rbac.access", "view")
			.with("cnpgBackend.sql.enabled", true));

		assertThat(verbsByResource(rendered.get(Role.class, ROLE).getRules())).containsEntry("/secrets", List.of("get"))
			.containsEntry("postgresql.cnpg.io/clusters", List.of("get", "list"));
	}

	@Test
	void operatorRolesInstallBindsTheCnpgChartsRolesAndASecretsRoleWithoutList() {
		Rendered rendered = Charts.render(Scenario.of().with("cnpgBackend.rbac.mode", "operatorRoles"));

		assertThat(rendered.all(RoleBinding.class)).extracting(b -> b.getRoleRef().getKind() + "/" + b.getRoleRef().getName())
			.containsExactlyInAnyOrder("ClusterRole/cnpg-cloudnative-pg-view", "ClusterRole/cnpg-cloudnative-pg-edit",
					"Role/" + Rendered.name("cnpg-backend") + "-secrets", "Role/" + DIAGNOSTICS);
		assertThat(verbsByResource(rendered.get(Role.class, Rendered.name("cnpg-backend") + "-secrets").getRules()))
			.containsExactlyEntriesOf(Map.of("/secrets", List.of("get", "create", "patch", "delete")));
		assertThat(verbsByResource(rendered.get(Role.class, DIAGNOSTICS).getRules()))
			.containsExactlyInAnyOrderEntriesOf(DIAGNOSTIC_READS);
	}

	@Test
	void readOnlyOperatorRolesInstallBindsOnlyTheViewRoleAndTheDiagnosticsReadsAndNoSecrets() {
		Rendered rendered = Charts.render(Scenario.of("read-only-cnpg"));

		assertThat(rendered.all(ClusterRoleBinding.class)).extracting(b -> b.getRoleRef().getName())
			.containsExactlyInAnyOrder("cnpg-operator-cloudnative-pg-view", DIAGNOSTICS);
		assertThat(rendered.all(ClusterRoleBinding.class))
			.allSatisfy(binding -> assertThat(binding.getSubjects()).containsExactly(BACKEND));
		assertThat(rendered.all(RoleBinding.class)).isEmpty();
		assertThat(rendered.all(Role.class)).isEmpty();
		assertThat(rendered.all(ClusterRole.class)).singleElement()
			.satisfies(role -> assertThat(verbsByResource(role.getRules())).doesNotContainKey("/secrets")
				.allSatisfy((resource, verbs) -> assertThat(verbs).isSubsetOf("get", "list")));
	}

	@Test
	void namespacedInstallGrantsInEveryListedNamespaceForTheAccountInTheReleaseNamespace() {
		Rendered rendered = Charts.render(Scenario.of("namespaced-cnpg"));

		for (String namespace : List.of("databases", "analytics")) {
			assertThat(rendered.all(RoleBinding.class))
				.filteredOn(b -> namespace.equals(b.getMetadata().getNamespace()))
				.extracting(b -> b.getRoleRef().getName())
				.containsExactly(ROLE);
			assertThat(rendered.all(Role.class)).filteredOn(r -> namespace.equals(r.getMetadata().getNamespace())).hasSize(1);
		}
		assertThat(rendered.all(RoleBinding.class)).hasSize(2)
			.allSatisfy(binding -> assertThat(binding.getSubjects()).containsExactly(BACKEND));
	}

	@Test
	void clusterWideEditInstallUsesAClusterRoleAndClusterRoleBindings() {
		Rendered rendered = Charts.render(Scenario.of().with("cnpgBackend.rbac.scope", "cluster"));

		assertThat(rendered.all(ClusterRoleBinding.class)).extracting(b -> b.getRoleRef().getName())
			.containsExactlyInAnyOrder(ROLE, CATALOGS);
		assertThat(verbsByResource(rendered.get(ClusterRole.class, ROLE).getRules()))
			.containsEntry("/secrets", List.of("get", "create", "patch", "delete"));
		assertThat(rendered.all(RoleBinding.class)).isEmpty();
	}

	/** "group/resource" → verbs, so that a rule split or merged differently still compares equal. */
	private static Map<String, List<String>> verbsByResource(List<PolicyRule> rules) {
		return rules.stream()
			.flatMap(rule -> rule.getApiGroups().stream()
				.flatMap(group -> rule.getResources().stream().map(resource -> Map.entry(group + "/" + resource, rule.getVerbs()))))
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

}
