package io.github.mcpplatform.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.github.mcpplatform.gateway.configrepo.BackendAuth;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.ConfigRepoLoader;
import io.github.mcpplatform.gateway.configrepo.ConfigSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optional bundled kubernetes-mcp-server: absent by default; when enabled, read-only (flag and RBAC, no
 * Secrets), with its own ServiceAccount, the image the values name, and its entry in the gateway's config repo,
 * which the gateway's own loader reads.
 */
class KubernetesMcpServerTests {

	private static final String NAME = Rendered.name("kubernetes-mcp-server");

	private static final Subject ACCOUNT = new Subject(null, "ServiceAccount", NAME, "mcp");

	private static final List<String> READS = List.of("get", "list", "watch");

	@Test
	void offByDefaultNothingOfItIsRenderedAndTheGatewayDoesNotKnowIt(@TempDir Path repo) throws Exception {
		Rendered rendered = Charts.render(Scenario.of());

		assertThat(rendered.find(Deployment.class, NAME)).isEmpty();
		assertThat(rendered.find(ServiceAccount.class, NAME)).isEmpty();
		assertThat(rendered.find(ClusterRole.class, NAME + "-read")).isEmpty();
		assertThat(rendered.find(NetworkPolicy.class, NAME)).isEmpty();
		assertThat(inlineConfigRepo(rendered, repo).backends()).extracting(BackendDefinition::name).containsExactly("cnpg");
	}

	@Test
	void enabledItRunsTheNamedImageInClusterReadOnlyWithItsOwnServiceAccount() {
		Rendered rendered = Charts.render(Scenario.of("kubernetes-mcp-server"));

		Container container = Workloads.container(rendered, "kubernetes-mcp-server");
		assertThat(container.getImage()).isEqualTo("quay.io/containers/kubernetes_mcp_server:v0.0.67");
		assertThat(container.getArgs()).containsExactly("--port=8080", "--cluster-provider=in-cluster",
				"--disable-multi-cluster", "--toolsets=core", "--read-only");
		assertThat(Workloads.pod(rendered, "kubernetes-mcp-server").getServiceAccountName()).isEqualTo(NAME);
		assertThat(rendered.get(ServiceAccount.class, NAME)).isNotNull();
	}

	@Test
	void itsRbacReadsOnlyAndNeverSecretsOrConfigMapsBoundToItsAccountClusterWide() {
		Rendered rendered = Charts.render(Scenario.of("kubernetes-mcp-server"));

		List<PolicyRule> rules = rendered.get(ClusterRole.class, NAME + "-read").getRules();
		assertThat(rules).allSatisfy(rule -> assertThat(READS).containsAll(rule.getVerbs()));
		assertThat(rules).flatExtracting(PolicyRule::getResources).contains("pods", "pods/log", "events", "deployments")
			.doesNotContain("secrets", "configmaps", "*");
		assertThat(rendered.all(ClusterRoleBinding.class)).filteredOn(b -> b.getMetadata().getName().equals(NAME + "-read"))
			.singleElement()
			.satisfies(binding -> assertThat(binding.getSubjects()).containsExactly(ACCOUNT));
	}

	@Test
	void limitedToNamespacesItIsBoundByRoleBindingsThereOnly() {
		Rendered rendered = Charts.render(Scenario.of("kubernetes-mcp-server")
			.with("kubernetesMcpServer.rbac.namespaces[0]", "team-a")
			.with("kubernetesMcpServer.rbac.namespaces[1]", "team-b"));

		assertThat(rendered.all(RoleBinding.class)).filteredOn(b -> b.getMetadata().getName().equals(NAME + "-read"))
			.extracting(b -> b.getMetadata().getNamespace())
			.containsExactlyInAnyOrder("team-a", "team-b");
		assertThat(rendered.all(ClusterRoleBinding.class)).noneMatch(b -> b.getMetadata().getName().equals(NAME + "-read"));
	}

	@Test
	void withReadOnlyOffTheFlagGoesButTheRbacStillOnlyReads() {
		Rendered rendered = Charts.render(Scenario.of("kubernetes-mcp-server").with("kubernetesMcpServer.readOnly", false));

		assertThat(Workloads.container(rendered, "kubernetes-mcp-server").getArgs()).doesNotContain("--read-only");
		assertThat(rendered.get(ClusterRole.class, NAME + "-read").getRules())
			.allSatisfy(rule -> assertThat(READS).containsAll(rule.getVerbs()));
	}

	@Test
	void theGatewayGetsItAsABackendWithoutCredentialsKeptToTheGroupsNamed(@TempDir Path repo) throws Exception {
		Rendered rendered = Charts.render(Scenario.of("kubernetes-mcp-server"));

		BackendDefinition kubernetes = inlineConfigRepo(rendered, repo).backends().stream()
			.filter(b -> b.name().equals("kubernetes"))
			.findFirst()
			.orElseThrow();
		assertThat(kubernetes.url()).isEqualTo(URI.create("http://" + NAME + ".mcp.svc.cluster.local:8080/mcp"));
		// A bearer token would become its Kubernetes credentials (docs/backends.md): it gets none.
		assertThat(kubernetes.auth()).isInstanceOf(BackendAuth.None.class);
		assertThat(kubernetes.access().groups()).containsExactly("platform");
	}

	@Test
	void onlyTheGatewayReachesItAndTheGatewayMayReachIt() {
		Rendered rendered = Charts.render(Scenario.of("kubernetes-mcp-server"));

		NetworkPolicy own = rendered.get(NetworkPolicy.class, NAME);
		assertThat(own.getSpec().getIngress()).singleElement()
			.satisfies(rule -> assertThat(rule.getFrom()).singleElement()
				.satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels())
					.containsEntry("app.kubernetes.io/component", "gateway")));
		assertThat(rendered.get(NetworkPolicy.class, Rendered.name("gateway")).getSpec().getEgress())
			.anySatisfy(rule -> assertThat(rule.getTo()).anySatisfy(peer -> assertThat(peer.getPodSelector())
				.isNotNull()
				.satisfies(selector -> assertThat(selector.getMatchLabels())
					.containsAllEntriesOf(Map.of("app.kubernetes.io/component", "kubernetes-mcp-server")))));
	}

	@Test
	void enablingItWithoutAnImageIsRefusedWithWhereToFindOne() {
		String refusal = Charts.refusal(Scenario.of().with("kubernetesMcpServer.enabled", true));

		assertThat(refusal).contains("kubernetesMcpServer.image must name the kubernetes-mcp-server image")
			.contains("quay.io/containers/kubernetes_mcp_server");
	}

	private static ConfigSnapshot inlineConfigRepo(Rendered rendered, Path repo) throws Exception {
		Files.writeString(repo.resolve("backends.yaml"),
				rendered.get(ConfigMap.class, Rendered.name("config-repo")).getData().get("backends.yaml"));
		return new ConfigRepoLoader(name -> null).load(repo);
	}

}
