package io.github.mcpplatform.cnpg.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

import io.github.mcpplatform.cnpg.kube.KubernetesConnection;
import io.github.mcpplatform.cnpg.kube.KubernetesMode;
import io.github.mcpplatform.cnpg.kube.SandboxProperties;
import io.github.mcpplatform.cnpg.kube.TestSandbox;
import io.github.mcpplatform.cnpg.sql.ServiceAddress;

class ServiceAddressConfigurationTests {

	@Test
	void withoutTheSandboxSettingEveryServiceIsItsInClusterDnsName() {
		ServiceAddress addresses = ServiceAddressConfiguration.of(connection(KubernetesMode.SANDBOX), new SandboxProperties(null));

		InetSocketAddress address = addresses.of("team-a", "orders-ro");
		assertThat(address.isUnresolved()).isTrue();
		assertThat(address.getHostString()).isEqualTo("orders-ro.team-a.svc");
		assertThat(address.getPort()).isEqualTo(ServiceAddress.POSTGRES_PORT);
	}

	@Test
	void inTheSandboxThePostgresPortAnswersForEveryServiceOnLoopback() {
		ServiceAddress addresses = ServiceAddressConfiguration.of(connection(KubernetesMode.SANDBOX), new SandboxProperties(15432));

		for (String service : new String[] { "pg-sample-ro", "pg-sample-rw", "other-r" }) {
			InetSocketAddress address = addresses.of("default", service);
			assertThat(address.getAddress().isLoopbackAddress()).as(service).isTrue();
			assertThat(address.getPort()).as(service).isEqualTo(15432);
		}
	}

	@Test
	void thePostgresPortStopsStartupAgainstARealCluster() {
		for (KubernetesMode mode : new KubernetesMode[] { KubernetesMode.KUBECONFIG, KubernetesMode.IN_CLUSTER }) {
			assertThatIllegalStateException()
				.isThrownBy(() -> ServiceAddressConfiguration.of(connection(mode), new SandboxProperties(15432)))
				.withMessageContaining("cnpg.sandbox.postgres-port is a sandbox setting")
				.withMessageContaining("Remove cnpg.sandbox.postgres-port, or use cnpg.kubernetes.mode=sandbox");
		}
	}

	/** A connection in the given mode; the client is the shared sandbox's and is never called here. */
	private static KubernetesConnection connection(KubernetesMode mode) {
		return new KubernetesConnection(TestSandbox.get().client(), mode, "default", "a test API (" + mode + ")", null);
	}

}
