package io.github.mcpplatform.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

/** How many gateways run, and how they are spread and protected from drains. */
class ScalingTests {

	@Test
	void defaultInstallRunsTwoGatewaysOnDifferentNodesWhenItCanAndDrainsOneAtATime() {
		Rendered rendered = Charts.render(Scenario.of());
		Deployment gateway = rendered.get(Deployment.class, Rendered.name("gateway"));

		assertThat(gateway.getSpec().getReplicas()).isEqualTo(2);
		assertThat(rendered.all(HorizontalPodAutoscaler.class)).isEmpty();
		PodDisruptionBudget budget = rendered.get(PodDisruptionBudget.class, Rendered.name("gateway"));
		assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
		assertThat(budget.getSpec().getSelector().getMatchLabels())
			.isEqualTo(gateway.getSpec().getSelector().getMatchLabels());
		var antiAffinity = gateway.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity();
		assertThat(antiAffinity.getPreferredDuringSchedulingIgnoredDuringExecution()).singleElement().satisfies(term -> {
			assertThat(term.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
			assertThat(term.getPodAffinityTerm().getLabelSelector().getMatchLabels())
				.isEqualTo(gateway.getSpec().getSelector().getMatchLabels());
		});
	}

	@Test
	void autoscalingLeavesTheReplicaCountToTheAutoscaler() {
		Rendered rendered = Charts.render(Scenario.of("autoscaling"));
		Deployment gateway = rendered.get(Deployment.class, Rendered.name("gateway"));

		assertThat(gateway.getSpec().getReplicas()).as("not set, so upgrades keep the autoscaler's count").isNull();
		HorizontalPodAutoscaler autoscaler = rendered.get(HorizontalPodAutoscaler.class, Rendered.name("gateway"));
		assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo(gateway.getMetadata().getName());
		assertThat(autoscaler.getSpec().getMinReplicas()).isEqualTo(3);
		assertThat(autoscaler.getSpec().getMaxReplicas()).isEqualTo(10);
		assertThat(autoscaler.getSpec().getMetrics()).singleElement()
			.satisfies(metric -> assertThat(metric.getResource().getTarget().getAverageUtilization()).isEqualTo(70));
		assertThat(gateway.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
			.getRequiredDuringSchedulingIgnoredDuringExecution()).hasSize(1);
		assertThat(rendered.find(PodDisruptionBudget.class, Rendered.name("gateway"))).isPresent();
	}

	@Test
	void memoryStoreRunsOneGatewayAndNoRedis() {
		Rendered rendered = Charts.render(Scenario.of("memory-store"));

		assertThat(rendered.get(Deployment.class, Rendered.name("gateway")).getSpec().getReplicas()).isEqualTo(1);
		assertThat(rendered.all(PodDisruptionBudget.class)).isEmpty();
		assertThat(rendered.all(StatefulSet.class)).isEmpty();
		assertThat(rendered.objects()).noneMatch(o -> o.getMetadata().getName().endsWith("-redis"));
	}

}
