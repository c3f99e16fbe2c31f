package io.github.mcpplatform.cnpg.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.client.Config;

class KubernetesConnectorTests {

	@TempDir
	Path dir;

	private String previousKubeconfig;

	@BeforeEach
	void pointKubeconfigAtAnEmptyDirectory() {
		this.previousKubeconfig = System.getProperty(Config.KUBERNETES_KUBECONFIG_FILE);
		System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, this.dir.resolve("missing-kubeconfig").toString());
	}

	@AfterEach
	void restore() {
		if (this.previousKubeconfig == null) {
			System.clearProperty(Config.KUBERNETES_KUBECONFIG_FILE);
		}
		else {
			System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, this.previousKubeconfig);
		}
	}

	@Test
	void autoWhenNoClusterIsFoundThenFailsAndSaysHowToStartTheSandbox() {
		KubernetesConnector connector = connector(KubernetesMode.AUTO, false, Map.of());

		assertThatThrownBy(connector::resolveMode).isInstanceOf(KubernetesConnector.KubernetesUnavailableException.class)
			.hasMessageContaining("No Kubernetes cluster found")
			.hasMessageContaining("--cnpg.kubernetes.mode=sandbox");
	}

	@Test
	void autoWhenNoClusterIsFoundAndFallbackIsOnThenPicksTheSandbox() {
		assertThat(connector(KubernetesMode.AUTO, true, Map.of()).resolveMode()).isEqualTo(KubernetesMode.SANDBOX);
	}

	@Test
	void autoWhenRunningInAPodThenPicksInCluster() throws IOException {
		Path token = Files.writeString(this.dir.resolve("token"), "t");

		KubernetesConnector connector = new KubernetesConnector(properties(KubernetesMode.AUTO, true),
				Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1")::get, token);

		assertThat(connector.resolveMode()).isEqualTo(KubernetesMode.IN_CLUSTER);
	}

	@Test
	void autoWhenAKubeconfigExistsThenPicksIt() throws IOException {
		Path kubeconfig = Files.writeString(this.dir.resolve("config"), "apiVersion: v1\nkind: Config\n");
		System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, kubeconfig.toString());

		assertThat(connector(KubernetesMode.AUTO, true, Map.of()).resolveMode()).isEqualTo(KubernetesMode.KUBECONFIG);
	}

	@Test
	void inClusterWhenNotInAPodThenFailsWithWhatIsMissing() {
		assertThatThrownBy(() -> connector(KubernetesMode.IN_CLUSTER, false, Map.of()).connect())
			.hasMessageContaining("cnpg.kubernetes.mode=in-cluster needs a pod");
	}

	@Test
	void kubeconfigWhenThereIsNoneThenFailsWithWhereItLooked() {
		assertThatThrownBy(() -> connector(KubernetesMode.KUBECONFIG, false, Map.of()).connect())
			.hasMessageContaining("no kubeconfig is readable")
			.hasMessageContaining("missing-kubeconfig");
	}

	@Test
	void kubeconfigWhoseClusterIsDownWhenVerifiedAtStartupThenFailsWithinSecondsNamingTheContext() throws IOException {
		int closedPort;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		Path kubeconfig = Files.writeString(this.dir.resolve("config"), StaleKubeconfig.pointingAt(closedPort, "stale-laptop"));
		System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, kubeconfig.toString());
		KubernetesConnector connector = new KubernetesConnector(
				new KubernetesProperties(KubernetesMode.KUBECONFIG, false, null, null, Duration.ofSeconds(10), 4, true),
				Map.<String, String>of()::get, this.dir.resolve("no-token"));

		long started = System.nanoTime();
		assertThatThrownBy(connector::connect).isInstanceOf(KubernetesConnector.KubernetesUnavailableException.class)
			.hasMessageContaining("context 'stale-laptop'")
			.hasMessageContaining("127.0.0.1:" + closedPort)
			.hasMessageContaining("sandbox");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
	}

	@Test
	void kubeconfigWhenTheContextAskedForIsMissingThenFailsListingTheContextsInsteadOfUsingTheCurrentOne()
			throws IOException {
		Path kubeconfig = Files.writeString(this.dir.resolve("config"), StaleKubeconfig.pointingAt(6443, "kind-laptop"));
		System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, kubeconfig.toString());
		KubernetesConnector connector = new KubernetesConnector(
				new KubernetesProperties(KubernetesMode.KUBECONFIG, false, "production", null, Duration.ofSeconds(5), 4, false),
				Map.<String, String>of()::get, this.dir.resolve("no-token"));

		assertThatThrownBy(connector::connect).isInstanceOf(KubernetesConnector.KubernetesUnavailableException.class)
			.hasMessageContaining("cnpg.kubernetes.context=production is not a context")
			.hasMessageContaining("[kind-laptop]");
	}

	@Test
	void sandboxThenServesTheSampleClusterInTheDefaultNamespace() {
		try (KubernetesConnection connection = connector(KubernetesMode.SANDBOX, false, Map.of()).connect()) {
			assertThat(connection.isSandbox()).isTrue();
			assertThat(connection.defaultNamespace()).isEqualTo("default");
			assertThat(connection.client()
				.genericKubernetesResources(io.github.mcpplatform.cnpg.cnpg.CnpgKinds.CLUSTER)
				.inNamespace("default")
				.withName(Sandbox.SAMPLE_CLUSTER)
				.get()
				.<String>get("status", "phase")).isEqualTo("Cluster in healthy state");
		}
	}

	private KubernetesConnector connector(KubernetesMode mode, boolean fallback, Map<String, String> env) {
		return new KubernetesConnector(properties(mode, fallback), env::get, this.dir.resolve("no-token"));
	}

	private static KubernetesProperties properties(KubernetesMode mode, boolean fallback) {
		return new KubernetesProperties(mode, fallback, null, null, Duration.ofSeconds(5), 4, false);
	}

}
