package io.github.mcpplatform.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

/** What a person sees after `helm install`, and what `helm test` checks. */
class InstallOutputTests {

	@Test
	void notesPrintTheUrlAndTheLineThatAddsItToClaudeCode() {
		String output = Charts.installOutput(Scenario.of());

		assertThat(output).contains("Its URL: https://mcp.example.com/mcp")
			.contains("  claude mcp add --transport http platform https://mcp.example.com/mcp\n")
			.contains("helm test mcp --namespace mcp")
			.contains("from this release's values (gateway.configRepo.inline)")
			.contains("kubectl -n mcp port-forward deploy/mcp-mcp-platform-gateway 8080 &\n  curl -s http://127.0.0.1:8080/config-repo/status");
	}

	@Test
	void withAGitConfigRepoTheNotesSayWhichEntryDeclaresTheBundledBackend() {
		String output = Charts.installOutput(Scenario.of("secrets-as-values"));

		assertThat(output).contains("The backends come from https://git.example.com/platform/mcp-config.git (branch production)")
			.contains("  - name: cnpg\n    url: http://mcp-mcp-platform-cnpg-backend.mcp.svc.cluster.local:8081/mcp");
	}

	@Test
	void aReadOnlyInstallSaysSo() {
		assertThat(Charts.installOutput(Scenario.of("read-only-cnpg"))).contains("cnpg-backend is read-only");
	}

	@Test
	void helmTestPodAsksTheGatewayServiceAboutThePublicResource() {
		Pod test = Charts.render(Scenario.of()).get(Pod.class, Rendered.name("test"));

		assertThat(test.getMetadata().getAnnotations()).containsEntry("test.mcp-platform.io/hook", "test");
		assertThat(test.getSpec().getRestartPolicy()).isEqualTo("Never");
		assertThat(test.getSpec().getContainers().get(0).getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
			.containsExactly(
					tuple("GATEWAY", "http://mcp-mcp-platform-gateway.mcp.svc.cluster.local:8080"),
					tuple("RESOURCE", "https://mcp.example.com/mcp"),
					tuple("RESOURCE_METADATA",
							"https://mcp.example.com/.well-known/oauth-protected-resource/mcp"));
	}

	@Test
	void theLocalProfileSaysWhatToForwardAndWhoSignsIn() {
		assertThat(Charts.installOutput(Scenario.localProfile()))
			.contains("kubectl -n mcp port-forward deploy/mcp-mcp-platform-gateway 8080:8080 8180:8180")
			.contains("Sign in as dev")
			.contains("claude mcp add --transport http platform http://127.0.0.1:8080/mcp")
			.doesNotContain("No Ingress was created");
	}

}
