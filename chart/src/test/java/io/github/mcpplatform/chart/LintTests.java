package io.github.mcpplatform.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** `helm lint --strict` finds nothing to warn about, whatever the scenario. */
class LintTests {

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "", "secrets-as-values", "external-redis", "ingress-nginx", "ingress-traefik",
			"read-only-cnpg", "namespaced-cnpg", "oidc-test", "git-ssh", "memory-store", "autoscaling", "internal-ca", "monitoring" })
	void lintsCleanly(String overlay) {
		LintResult lint = Charts.lint(overlay.isEmpty() ? Scenario.of() : Scenario.of(overlay));

		assertThat(lint.isFailed()).as(String.valueOf(lint.getMessages())).isFalse();
		assertThat(lint.getMessages()).as("only the icon suggestion").allMatch(m -> m.startsWith("[INFO] Chart.yaml: icon"));
	}

}
