package io.github.mcpplatform.cnpg.tools;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.mcpplatform.cnpg.kube.KubernetesConnection;
import io.github.mcpplatform.cnpg.kube.SandboxProperties;
import io.github.mcpplatform.cnpg.sql.ServiceAddress;

/**
 * Where the {@code sql} toolset connects for a cluster's Service: its in-cluster DNS name, or, in the sandbox only
 * and when {@code cnpg.sandbox.postgres-port} says so, a local PostgreSQL that answers for every Service. A real
 * cluster's Services are never redirected: the setting stops startup in any other mode.
 */
@Configuration(proxyBeanMethods = false)
class ServiceAddressConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ServiceAddressConfiguration.class);

	@Bean
	ServiceAddress serviceAddress(KubernetesConnection connection, SandboxProperties sandbox) {
		return of(connection, sandbox);
	}

	static ServiceAddress of(KubernetesConnection connection, SandboxProperties sandbox) {
		Integer port = sandbox.postgresPort();
		if (port == null) {
			return ServiceAddress.clusterDns();
		}
		if (!connection.isSandbox()) {
			throw new SandboxOnlySettingException(SandboxProperties.PREFIX + ".postgres-port is a sandbox setting, but this "
					+ "backend runs against " + connection.description() + ": queries there go to each cluster's own "
					+ "Services. Remove " + SandboxProperties.PREFIX + ".postgres-port, or use cnpg.kubernetes.mode=sandbox.");
		}
		log.warn("SANDBOX: the sql toolset connects to the PostgreSQL on 127.0.0.1:{} for every cluster Service "
				+ "({}.postgres-port)", port, SandboxProperties.PREFIX);
		return ServiceAddress.loopback(port);
	}

	/** A sandbox setting in a backend that runs against a real cluster; the message says what to change. */
	static final class SandboxOnlySettingException extends RuntimeException {

		SandboxOnlySettingException(String message) {
			super(message);
		}

	}

}
