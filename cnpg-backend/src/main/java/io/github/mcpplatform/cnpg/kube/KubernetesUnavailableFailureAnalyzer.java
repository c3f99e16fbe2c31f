package io.github.mcpplatform.cnpg.kube;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.github.mcpplatform.cnpg.kube.KubernetesConnector.KubernetesUnavailableException;

/**
 * Shows a missing or silent Kubernetes API as Spring Boot's "APPLICATION FAILED TO START" paragraph instead of
 * a bean-creation stack trace: the exception's message already says what is wrong and what to do.
 */
final class KubernetesUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<KubernetesUnavailableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, KubernetesUnavailableException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Set cnpg.kubernetes.mode (auto, in-cluster, kubeconfig or sandbox) and, with a kubeconfig, "
						+ "cnpg.kubernetes.context to a cluster that answers; docs/kubernetes.md explains each mode.",
				cause);
	}

}
