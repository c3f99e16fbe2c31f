package io.github.mcpplatform.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard and the PrometheusRule alerts: off by default, and when on, labelled for the tools that
 * load them, and asking only for metrics the gateway documents (docs/operations.md), in this release's namespace.
 */
class MonitoringTests {

	private static final Pattern METRIC = Pattern.compile("\\b((?:gateway|lettuce)_[a-z_]+)");

	@Test
	void byDefaultNeitherTheDashboardNorTheAlertsAreInstalled() {
		Rendered rendered = Charts.render(Scenario.of());

		assertThat(rendered.find(ConfigMap.class, Rendered.name("gateway-dashboard"))).isEmpty();
		assertThat(rendered.objects()).extracting(HasMetadata::getKind).doesNotContain("PrometheusRule");
	}

	@Test
	void theDashboardIsAConfigMapForGrafanasSidecarAskingForDocumentedMetricsOnly() throws IOException {
		ConfigMap dashboard = Charts.render(Scenario.of("monitoring")).get(ConfigMap.class, Rendered.name("gateway-dashboard"));

		assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
		assertThat(dashboard.getMetadata().getAnnotations()).containsEntry("grafana_folder", "MCP");
		JsonNode json = JsonMapper.builder().build().readTree(dashboard.getData().get("mcp-gateway.json"));
		assertThat(json.path("uid").asString()).isEqualTo("mcp-gateway");
		List<String> expressions = json.findValues("expr").stream().map(JsonNode::asString).toList();
		assertThat(expressions).hasSizeGreaterThan(10).allSatisfy(expr -> assertThat(expr).contains("namespace=\"$namespace\""));
		assertThat(metrics(String.join("\n", expressions))).isNotEmpty().isSubsetOf(documented());
	}

	@Test
	void theAlertsAreAPrometheusRuleWithTheChosenThresholdsOnDocumentedMetrics() throws IOException {
		GenericKubernetesResource rule = (GenericKubernetesResource) Charts.render(Scenario.of("monitoring")).objects().stream()
			.filter(object -> "PrometheusRule".equals(object.getKind()))
			.findFirst()
			.orElseThrow();

		assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
		assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> rules = (List<Map<String, Object>>) ((List<Map<String, Object>>) ((Map<String, Object>) rule
			.getAdditionalProperties().get("spec")).get("groups")).get(0).get("rules");
		assertThat(rules).extracting(r -> r.get("alert")).containsExactly("McpGatewayBackendDown", "McpGatewayCallsFailing",
				"McpGatewayCallsSlow", "McpGatewayConfigOutOfSync", "McpGatewayStoreUnavailable", "McpGatewaySignInsFailing");
		assertThat(rules.get(0)).containsEntry("for", "2m");
		assertThat(rules.get(1).get("expr").toString()).contains("> 0.1");
		assertThat(rules).allSatisfy(r -> {
			assertThat(r.get("expr").toString()).contains("namespace=\"mcp\"");
			assertThat(((Map<?, ?>) r.get("annotations")).get("summary")).isNotNull();
		});
		assertThat(metrics(rules.stream().map(r -> r.get("expr").toString()).reduce("", String::concat)))
			.isNotEmpty().isSubsetOf(documented());
	}

	/** The metric names in PromQL, without the suffixes a histogram's series add. */
	private static Set<String> metrics(String promql) {
		Set<String> names = new TreeSet<>();
		Matcher matcher = METRIC.matcher(promql);
		while (matcher.find()) {
			names.add(matcher.group(1).replaceFirst("_(bucket|count|sum|max)$", ""));
		}
		return names;
	}

	/** The metrics docs/operations.md names. */
	private static Set<String> documented() throws IOException {
		return metrics(Files.readString(Path.of("..", "docs", "operations.md")));
	}

}
