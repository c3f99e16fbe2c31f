package io.github.mcpplatform.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import org.junit.jupiter.api.Test;

/** The Ingress: one host for sign-in and MCP, with what streaming answers (SSE) need from the controller. */
class IngressTests {

	@Test
	void noIngressUnlessAskedFor() {
		assertThat(Charts.render(Scenario.of()).all(Ingress.class)).isEmpty();
	}

	@Test
	void nginxStreamsEventsUnbufferedKeepsQuietStreamsOpenAndLetsTheGatewayAnswerOversizedBodies() {
		Ingress ingress = Charts.render(Scenario.of("ingress-nginx")).get(Ingress.class, Rendered.name("gateway"));

		assertThat(ingress.getMetadata().getAnnotations())
			.containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off")
			.containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600")
			.containsEntry("nginx.ingress.kubernetes.io/proxy-send-timeout", "3600")
			.containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "8m")
			.containsEntry("cert-manager.io/cluster-issuer", "letsencrypt");
		assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
		assertEverythingGoesToTheGateway(ingress);
	}

	@Test
	void traefikNeedsOnlyTheTlsRouterFlag() {
		Ingress ingress = Charts.render(Scenario.of("ingress-traefik")).get(Ingress.class, Rendered.name("gateway"));

		assertThat(ingress.getMetadata().getAnnotations())
			.containsExactly(Map.entry("traefik.ingress.kubernetes.io/router.tls", "true"));
		assertEverythingGoesToTheGateway(ingress);
	}

	@Test
	void theUsersAnnotationsWinOverTheChartsOwn() {
		Ingress ingress = Charts.render(Scenario.of("ingress-nginx", "ingress-nginx-day-long-streams"))
			.get(Ingress.class, Rendered.name("gateway"));

		assertThat(ingress.getMetadata().getAnnotations()).containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout",
				"86400");
	}

	private static void assertEverythingGoesToTheGateway(Ingress ingress) {
		assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
			assertThat(tls.getHosts()).containsExactly("mcp.example.com");
			assertThat(tls.getSecretName()).isEqualTo("mcp-example-com-tls");
		});
		IngressRule rule = ingress.getSpec().getRules().get(0);
		assertThat(rule.getHost()).as("the host of gateway.publicUrl").isEqualTo("mcp.example.com");
		assertThat(rule.getHttp().getPaths()).singleElement().satisfies(path -> {
			assertThat(path.getPath()).isEqualTo("/");
			assertThat(path.getPathType()).isEqualTo("Prefix");
			assertThat(path.getBackend().getService().getName()).isEqualTo(Rendered.name("gateway"));
			assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
		});
	}

}
