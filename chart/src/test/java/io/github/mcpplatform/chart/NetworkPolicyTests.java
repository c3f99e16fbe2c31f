package io.github.mcpplatform.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.junit.jupiter.api.Test;

/**
 * Who may talk to whom: the gateway only from the ingress controller (its backends and the helm test aside),
 * each backend and Redis only from the gateway, and egress only where each component must go.
 */
class NetworkPolicyTests {

	@Test
	void everyPolicySelectsThePodsOfItsComponentAndRestrictsBothDirections() {
		Rendered rendered = Charts.render(Scenario.of());

		assertThat(rendered.all(NetworkPolicy.class)).hasSize(3).allSatisfy(policy -> {
			String component = policy.getMetadata().getName().substring(Rendered.name("").length());
			Map<String, String> selector = policy.getSpec().getPodSelector().getMatchLabels();
			assertThat(Workloads.all(rendered)).filteredOn(w -> w.labels().entrySet().containsAll(selector.entrySet()))
				.as("pods selected by %s", policy.getMetadata().getName())
				.extracting(Workloads.Workload::name)
				.containsExactly(Rendered.name(component));
			assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
		});
	}

	@Test
	void gatewayTakesRequestsFromTheIngressControllerItsBackendsAndTheHelmTestOnly() {
		NetworkPolicy gateway = policy(Charts.render(Scenario.of()), "gateway");

		assertThat(gateway.getSpec().getIngress()).singleElement().satisfies(rule -> {
			assertThat(ports(rule.getPorts())).containsExactly("TCP/8080");
			assertThat(rule.getFrom()).hasSize(3);
			assertThat(rule.getFrom().get(0).getNamespaceSelector().getMatchLabels())
				.containsExactly(Map.entry("kubernetes.io/metadata.name", "ingress-nginx"));
			assertThat(component(rule.getFrom().get(1))).isEqualTo("cnpg-backend");
			assertThat(component(rule.getFrom().get(2))).isEqualTo("test");
		});
	}

	@Test
	void theGatewaysMetricsCanBeScrapedOnlyByThePeersNamedForIt() {
		NetworkPolicy gateway = policy(Charts.render(Scenario.of().with("networkPolicy.metricsFrom[0].namespaceSelector"
				+ ".matchLabels.kubernetes\\.io/metadata\\.name", "monitoring")), "gateway");

		assertThat(gateway.getSpec().getIngress()).hasSize(2);
		assertThat(gateway.getSpec().getIngress().get(1)).satisfies(rule -> {
			assertThat(ports(rule.getPorts())).containsExactly("TCP/9090");
			assertThat(rule.getFrom()).singleElement()
				.satisfies(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels())
					.containsExactly(Map.entry("kubernetes.io/metadata.name", "monitoring")));
		});
	}

	@Test
	void gatewayReachesDnsRedisItsBackendAndTheOutsideOnHttpsAndSsh() {
		List<NetworkPolicyEgressRule> egress = policy(Charts.render(Scenario.of()), "gateway").getSpec().getEgress();

		assertDns(egress.get(0));
		assertThat(component(egress.get(1).getTo().get(0))).isEqualTo("redis");
		assertThat(ports(egress.get(1).getPorts())).containsExactly("TCP/6379");
		assertThat(component(egress.get(2).getTo().get(0))).isEqualTo("cnpg-backend");
		assertThat(ports(egress.get(2).getPorts())).containsExactly("TCP/8081");
		assertThat(egress.get(3).getTo()).extracting(peer -> peer.getIpBlock().getCidr()).containsExactly("0.0.0.0/0");
		assertThat(ports(egress.get(3).getPorts())).containsExactly("TCP/443", "TCP/22");
		assertThat(egress).hasSize(4);
	}

	@Test
	void externalRedisIsReachedOnItsOwnPortAndNoRedisPodIsAllowed() {
		List<NetworkPolicyEgressRule> egress = policy(Charts.render(Scenario.of("external-redis")), "gateway").getSpec()
			.getEgress();

		assertThat(egress).noneMatch(rule -> rule.getTo().stream().anyMatch(peer -> "redis".equals(component(peer))));
		assertThat(ports(egress.get(egress.size() - 1).getPorts())).containsExactly("TCP/443", "TCP/22", "TCP/6380");
	}

	@Test
	void backendTakesRequestsFromTheGatewayOnlyAndReachesDnsTheGatewaysKeysAndTheApiServer() {
		NetworkPolicy backend = policy(Charts.render(Scenario.of()), "cnpg-backend");

		assertThat(backend.getSpec().getIngress()).singleElement().satisfies(rule -> {
			assertThat(rule.getFrom()).singleElement().satisfies(peer -> assertThat(component(peer)).isEqualTo("gateway"));
			assertThat(ports(rule.getPorts())).containsExactly("TCP/8081");
		});
		List<NetworkPolicyEgressRule> egress = backend.getSpec().getEgress();
		assertDns(egress.get(0));
		assertThat(component(egress.get(1).getTo().get(0))).isEqualTo("gateway");
		assertThat(ports(egress.get(1).getPorts())).containsExactly("TCP/8080");
		assertThat(ports(egress.get(2).getPorts())).containsExactly("TCP/443", "TCP/6443");
		assertThat(egress).hasSize(3);
	}

	@Test
	void backendWithTheSqlToolsetAlsoReachesPostgresOnTheCnpgInstancePodsOnly() {
		NetworkPolicy backend = policy(Charts.render(Scenario.of().with("cnpgBackend.sql.enabled", true)), "cnpg-backend");

		List<NetworkPolicyEgressRule> egress = backend.getSpec().getEgress();
		assertThat(egress).hasSize(4);
		assertThat(egress.get(3).getTo()).singleElement().satisfies(peer -> {
			assertThat(peer.getPodSelector().getMatchLabels()).containsExactlyEntriesOf(Map.of("cnpg.io/podRole", "instance"));
			assertThat(peer.getNamespaceSelector().getMatchLabels()).isNullOrEmpty();
		});
		assertThat(ports(egress.get(3).getPorts())).containsExactly("TCP/5432");
	}

	@Test
	void redisTakesRequestsFromTheGatewayOnlyAndReachesNothing() {
		NetworkPolicy redis = policy(Charts.render(Scenario.of()), "redis");

		assertThat(redis.getSpec().getIngress()).singleElement().satisfies(rule -> {
			assertThat(rule.getFrom()).singleElement().satisfies(peer -> assertThat(component(peer)).isEqualTo("gateway"));
			assertThat(ports(rule.getPorts())).containsExactly("TCP/6379");
		});
		assertThat(redis.getSpec().getEgress()).isEmpty();
	}

	@Test
	void policiesCanBeLeftToTheCluster() {
		assertThat(Charts.render(Scenario.of().with("networkPolicy.enabled", false)).all(NetworkPolicy.class)).isEmpty();
	}

	private static void assertDns(NetworkPolicyEgressRule rule) {
		assertThat(rule.getTo()).singleElement().satisfies(peer -> {
			assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "kube-system");
			assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("k8s-app", "kube-dns");
		});
		assertThat(ports(rule.getPorts())).containsExactly("UDP/53", "TCP/53");
	}

	/** The ports of the gateway's egress rule to outside the cluster (its last rule). */
	static List<String> externalPorts(Rendered rendered) {
		List<NetworkPolicyEgressRule> egress = policy(rendered, "gateway").getSpec().getEgress();
		return ports(egress.get(egress.size() - 1).getPorts());
	}

	private static NetworkPolicy policy(Rendered rendered, String component) {
		return rendered.get(NetworkPolicy.class, Rendered.name(component));
	}

	/** The component a peer selects among this release's pods, or null for any other peer. */
	private static String component(NetworkPolicyPeer peer) {
		if (peer.getPodSelector() == null || peer.getNamespaceSelector() != null) {
			return null;
		}
		Map<String, String> labels = peer.getPodSelector().getMatchLabels();
		return "mcp".equals(labels.get("app.kubernetes.io/instance")) ? labels.get("app.kubernetes.io/component") : null;
	}

	private static List<String> ports(List<NetworkPolicyPort> ports) {
		return ports.stream().map(p -> p.getProtocol() + "/" + p.getPort().getIntVal()).toList();
	}

}
