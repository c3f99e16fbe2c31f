package io.github.mcpplatform.cnpg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.core.env.StandardEnvironment;

import io.github.mcpplatform.chart.AppConfiguration;
import io.github.mcpplatform.chart.Charts;
import io.github.mcpplatform.chart.Rendered;
import io.github.mcpplatform.chart.Scenario;
import io.github.mcpplatform.cnpg.kube.KubernetesMode;
import io.github.mcpplatform.cnpg.kube.KubernetesProperties;
import io.github.mcpplatform.cnpg.security.AuthProperties;
import io.github.mcpplatform.cnpg.server.McpSessionProperties;
import io.github.mcpplatform.cnpg.tools.ToolsProperties;
import io.fabric8.kubernetes.api.model.Service;

/**
 * cnpg-backend's configuration as the chart renders it, bound by the backend's own property classes: it
 * runs in-cluster and accepts only the tokens the gateway of the same release signs for it.
 */
class RenderedCnpgBackendConfigurationTests {

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "", "read-only-cnpg", "namespaced-cnpg", "secrets-as-values" })
	void renderedConfigurationBindsEveryCnpgProperty(String overlay) {
		StandardEnvironment environment = backendEnvironment(overlay.isEmpty() ? Scenario.of() : Scenario.of(overlay));

		AppConfiguration.bind(environment, "cnpg.auth", AuthProperties.class);
		AppConfiguration.bind(environment, "cnpg.kubernetes", KubernetesProperties.class);
		AppConfiguration.bind(environment, "cnpg.tools", ToolsProperties.class);
		AppConfiguration.bind(environment, "cnpg.mcp", McpSessionProperties.class);
		Map<String, Object> cnpg = Binder.get(environment).bind("cnpg", Bindable.mapOf(String.class, Object.class)).get();
		assertThat(cnpg.keySet()).as("every cnpg.* group the chart renders has a properties class")
			.isSubsetOf("auth", "kubernetes", "tools", "mcp");
	}

	@Test
	void backendAcceptsOnlyTokensTheGatewaySignsForItsConfigRepoName() {
		Rendered rendered = Charts.render(Scenario.of());

		AuthProperties auth = AppConfiguration.bind(AppConfiguration.environment(rendered, "cnpg-backend"), "cnpg.auth",
				AuthProperties.class);

		Service gateway = rendered.get(Service.class, Rendered.name("gateway"));
		assertThat(auth.mode()).isEqualTo(AuthProperties.Mode.GATEWAY);
		assertThat(auth.jwksUri()).isEqualTo(URI.create("http://" + gateway.getMetadata().getName() + ".mcp.svc.cluster.local:"
				+ gateway.getSpec().getPorts().get(0).getPort() + "/jwks.json"));
		assertThat(auth.audience()).isEqualTo("cnpg");
		// The gateway signs backend tokens with gateway.public-url as it is written (GatewayConfiguration).
		String gatewayPublicUrl = AppConfiguration.environment(rendered, "gateway").getProperty("gateway.public-url");
		assertThat(auth.issuer()).isEqualTo(gatewayPublicUrl);
	}

	@Test
	void backendUsesItsServiceAccountAndTheConfiguredNamespace() {
		KubernetesProperties kubernetes = AppConfiguration.bind(backendEnvironment(Scenario.of("namespaced-cnpg")),
				"cnpg.kubernetes", KubernetesProperties.class);

		assertThat(kubernetes.mode()).isEqualTo(KubernetesMode.IN_CLUSTER);
		assertThat(kubernetes.namespace()).isEqualTo("databases");
		assertThat(kubernetes.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(kubernetes.fallbackToSandbox()).isFalse();
	}

	@Test
	void backendListensOnItsContainerPort() {
		ServerProperties server = AppConfiguration.bind(backendEnvironment(Scenario.of()), "server", ServerProperties.class);

		assertThat(server.getPort()).isEqualTo(8081);
		assertThat(server.getAddress()).as("every interface of the pod").isNull();
	}

	@Test
	void aValueTheBackendRefusesFailsTheBinding() {
		// The schema lets 0s through (it checks the form); the backend refuses a timeout that is not positive.
		Scenario noTimeout = Scenario.of().with("cnpgBackend.kubernetes.requestTimeout", "0s");

		assertThatThrownBy(() -> AppConfiguration.bind(backendEnvironment(noTimeout), "cnpg.kubernetes",
				KubernetesProperties.class))
			.isInstanceOf(BindException.class)
			.hasStackTraceContaining("request-timeout must be positive");
	}

	private static StandardEnvironment backendEnvironment(Scenario scenario) {
		return AppConfiguration.environment(Charts.render(scenario), "cnpg-backend");
	}

}
