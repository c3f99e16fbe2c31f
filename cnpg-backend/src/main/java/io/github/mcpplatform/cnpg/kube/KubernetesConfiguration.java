package io.github.mcpplatform.cnpg.kube;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Kubernetes connection and the adapter every blocking call goes through. */
@Configuration(proxyBeanMethods = false)
class KubernetesConfiguration {

	@Bean(destroyMethod = "close")
	KubernetesConnection kubernetesConnection(KubernetesProperties properties) {
		return new KubernetesConnector(properties).connect();
	}

	@Bean(destroyMethod = "close")
	KubeCalls kubeCalls(KubernetesProperties properties) {
		return new KubeCalls(properties.maxConcurrentCalls(), properties.requestTimeout(), properties.impersonate());
	}

	@Bean
	KubernetesHealthIndicator kubernetesHealthIndicator(KubernetesConnection connection, KubeCalls kube) {
		return new KubernetesHealthIndicator(connection, kube);
	}

}
