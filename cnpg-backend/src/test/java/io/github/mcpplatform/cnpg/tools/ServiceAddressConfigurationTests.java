package io.github.mcpplatform.cnpg.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.github.mcpplatform.cnpg.kube.KubernetesConnection;
import io.github.mcpplatform.cnpg.kube.KubernetesMode;
import io.github.mcpplatform.cnpg.kube.SandboxProperties;
import io.github.mcpplatform.cnpg.kube.TestSandbox;
import io.github.mcpplatform.cnpg.sql.ServiceAddress;
import io.github.mcpplatform.cnpg.tools.ServiceAddressConfiguration.SandboxOnlySettingException;

/** Where the sql toolset connects: a Service's DNS name, or in the sandbox only, a local PostgreSQL. */
class ServiceAddressConfigurationTests {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(Settings.class, ServiceAddressConfiguration.class);

	@Test
	void withoutTheSandboxSettingEveryServiceIsItsInClusterDnsName() {
		this.context.withPropertyValues("test.mode=sandbox").run(started -> {
			InetSocketAddress address = started.getBean(ServiceAddress.class).of("team-a", "orders-ro");

			assertThat(address.isUnresolved()).isTrue();
			assertThat(address.getHostString()).isEqualTo("orders-ro.team-a.svc");
			assertThat(address.getPort()).isEqualTo(ServiceAddress.POSTGRES_PORT);
		});
	}

	@Test
	void inTheSandboxThePostgresPortAnswersForEveryServiceOnLoopback() {
		this.context.withPropertyValues("test.mode=sandbox", "cnpg.sandbox.postgres-port=15432").run(started -> {
			ServiceAddress addresses = started.getBean(ServiceAddress.class);

			for (String service : new String[] { "pg-sample-ro", "pg-sample-rw", "other-r" }) {
				InetSocketAddress address = addresses.of("default", service);
				assertThat(address.getAddress().isLoopbackAddress()).as(service).isTrue();
				assertThat(address.getPort()).as(service).isEqualTo(15432);
			}
		});
	}

	@Test
	void thePostgresPortStopsStartupAgainstARealClusterSayingWhatToRemove() {
		for (String mode : new String[] { "kubeconfig", "in-cluster" }) {
			this.context.withPropertyValues("test.mode=" + mode, "cnpg.sandbox.postgres-port=15432").run(started -> {
				assertThat(started).hasFailed();
				Throwable cause = started.getStartupFailure().getCause();
				while (!(cause instanceof SandboxOnlySettingException) && cause.getCause() != null) {
					cause = cause.getCause();
				}
				assertThat(cause).isInstanceOf(SandboxOnlySettingException.class)
					.hasMessageContaining("cnpg.sandbox.postgres-port is a sandbox setting")
					.hasMessageContaining("Remove cnpg.sandbox.postgres-port, or use cnpg.kubernetes.mode=sandbox");
				FailureAnalysis analysis = new SandboxOnlySettingFailureAnalyzer().analyze(started.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo(cause.getMessage());
				assertThat(analysis.getAction()).contains("Remove the cnpg.sandbox.* settings");
			});
		}
	}

	@Test
	void aPortOutsideTheTcpRangeIsRefusedAtStartup() {
		this.context.withPropertyValues("test.mode=sandbox", "cnpg.sandbox.postgres-port=70000")
			.run(started -> assertThat(started).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("postgresPort"));
	}

	/** A connection in the mode {@code test.mode} names; its client is the shared sandbox's, never called here. */
	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(SandboxProperties.class)
	static class Settings {

		@Bean(destroyMethod = "")
		KubernetesConnection connection(Environment environment) {
			KubernetesMode mode = KubernetesMode.valueOf(environment.getRequiredProperty("test.mode").toUpperCase().replace('-', '_'));
			return new KubernetesConnection(TestSandbox.get().client(), mode, "default", "a test API (" + mode + ")", null);
		}

	}

}
