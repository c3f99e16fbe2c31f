package io.github.mcpplatform.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pods the chart runs: images, probes, security, and how they stop and start. */
class WorkloadTests {

	private static final String VERSION = System.getProperty("project.version");

	/** minimal.yaml's: the chart implies no registry. */
	private static final String REGISTRY = "registry.example.com/mcp";

	@Test
	void imagesAreTheProjectsAtItsVersionAndPinnedByDigestWhenGiven() {
		Rendered rendered = Charts.render(Scenario.of());
		String digest = "sha256:" + "ab".repeat(32);
		Rendered pinned = Charts.render(Scenario.of().with("gateway.image.digest", digest));

		assertThat(Workloads.container(rendered, "gateway").getImage()).isEqualTo(REGISTRY + "/gateway:" + VERSION);
		assertThat(Workloads.container(rendered, "cnpg-backend").getImage()).isEqualTo(REGISTRY + "/cnpg-backend:" + VERSION);
		assertThat(rendered.get(StatefulSet.class, Rendered.name("redis")).getSpec().getTemplate().getSpec().getContainers())
			.extracting(Container::getImage)
			.containsExactly("docker.io/library/redis:7.4.2-alpine");
		assertThat(Workloads.container(pinned, "gateway").getImage()).isEqualTo(REGISTRY + "/gateway@" + digest);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "", "external-redis", "memory-store", "ingress-nginx", "kubernetes-mcp-server" })
	void everyPodRunsAsNonRootOnAReadOnlyRootWithoutCapabilities(String overlay) {
		Rendered rendered = Charts.render(overlay.isEmpty() ? Scenario.of() : Scenario.of(overlay));

		assertThat(Workloads.all(rendered)).isNotEmpty().allSatisfy(workload -> {
			PodSpec pod = workload.spec();
			assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(workload.name()).isTrue();
			assertThat(pod.getSecurityContext().getRunAsUser()).as(workload.name()).isEqualTo(65532L);
			assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
			assertThat(pod.getContainers()).allSatisfy(container -> {
				assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(container.getName()).isTrue();
				assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
				assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
				assertThat(container.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
			});
		});
	}

	@Test
	void applicationsWriteOnlyToAnEmptyDirAtTmp() {
		Rendered rendered = Charts.render(Scenario.of());

		for (String component : List.of("gateway", "cnpg-backend")) {
			PodSpec pod = Workloads.pod(rendered, component);
			assertThat(Workloads.container(rendered, component).getVolumeMounts())
				.filteredOn(mount -> !Boolean.TRUE.equals(mount.getReadOnly()))
				.singleElement()
				.satisfies(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
			assertThat(pod.getVolumes()).filteredOn(v -> "tmp".equals(v.getName()))
				.singleElement()
				.satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
		}
	}

	@Test
	void probesAskTheActuatorOnThePortEachApplicationServesItOn() {
		Rendered rendered = Charts.render(Scenario.of());

		Container gateway = Workloads.container(rendered, "gateway");
		assertThat(gateway.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
			.containsExactly("http:8080", "management:9090");
		assertProbes(gateway, "management");
		Container backend = Workloads.container(rendered, "cnpg-backend");
		assertThat(backend.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort()).containsExactly("http:8081");
		assertProbes(backend, "http");
	}

	@Test
	void theGatewaysMetricsAreOnTheManagementPortWithScrapeAnnotationsAndNeverInTheService() {
		Rendered rendered = Charts.render(Scenario.of());

		Deployment gateway = rendered.get(Deployment.class, Rendered.name("gateway"));
		assertThat(gateway.getSpec().getTemplate().getMetadata().getAnnotations())
			.containsEntry("prometheus.io/scrape", "true")
			.containsEntry("prometheus.io/port", "9090")
			.containsEntry("prometheus.io/path", "/actuator/prometheus");
		assertThat(rendered.get(io.fabric8.kubernetes.api.model.Service.class, Rendered.name("gateway")).getSpec().getPorts())
			.extracting(io.fabric8.kubernetes.api.model.ServicePort::getPort)
			.containsExactly(8080);
	}

	private static void assertProbes(Container container, String port) {
		assertHttpProbe(container.getStartupProbe(), "/actuator/health/liveness", port);
		assertHttpProbe(container.getLivenessProbe(), "/actuator/health/liveness", port);
		assertHttpProbe(container.getReadinessProbe(), "/actuator/health/readiness", port);
	}

	private static void assertHttpProbe(Probe probe, String path, String port) {
		assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
		assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo(port);
	}

	@Test
	void upgradesKeepEveryReplicaServingUntilItsRequestsAreDone() {
		Rendered rendered = Charts.render(Scenario.of());
		Deployment gateway = rendered.get(Deployment.class, Rendered.name("gateway"));
		PodSpec pod = gateway.getSpec().getTemplate().getSpec();

		assertThat(gateway.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
		assertThat(gateway.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(1);
		long preStop = pod.getContainers().get(0).getLifecycle().getPreStop().getSleep().getSeconds();
		assertThat(preStop).isEqualTo(10);
		String shutdown = AppConfiguration.environment(rendered, "gateway").getProperty("spring.lifecycle.timeout-per-shutdown-phase");
		assertThat(shutdown).isEqualTo("20s");
		assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(preStop + 20);
	}

	@Test
	void aConfigurationChangeRollsThePodsAndAReplicaCountDoesNot() {
		String base = checksum(Charts.render(Scenario.of()));

		assertThat(checksum(Charts.render(Scenario.of().with("gateway.sessionIdleTimeout", "2h")))).isNotEqualTo(base);
		assertThat(checksum(Charts.render(Scenario.of().with("gateway.replicas", 3)))).isEqualTo(base);
	}

	private static String checksum(Rendered rendered) {
		return rendered.get(Deployment.class, Rendered.name("gateway"))
			.getSpec()
			.getTemplate()
			.getMetadata()
			.getAnnotations()
			.get("checksum/config");
	}

	@Test
	void onlyTheBackendGetsAKubernetesToken() {
		Rendered rendered = Charts.render(Scenario.of());

		assertThat(Workloads.pod(rendered, "gateway").getAutomountServiceAccountToken()).isFalse();
		assertThat(rendered.get(ServiceAccount.class, Rendered.name("gateway")).getAutomountServiceAccountToken()).isFalse();
		assertThat(Workloads.pod(rendered, "cnpg-backend").getServiceAccountName()).isEqualTo(Rendered.name("cnpg-backend"));
		assertThat(Workloads.pod(rendered, "cnpg-backend").getAutomountServiceAccountToken()).isTrue();
		assertThat(rendered.get(StatefulSet.class, Rendered.name("redis")).getSpec().getTemplate().getSpec()
			.getAutomountServiceAccountToken()).isFalse();
	}

}
