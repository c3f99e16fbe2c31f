package io.github.mcpplatform.cnpg.tools;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.github.mcpplatform.cnpg.tools.ServiceAddressConfiguration.SandboxOnlySettingException;

/**
 * Shows a sandbox setting outside the sandbox as Spring Boot's "APPLICATION FAILED TO START" paragraph instead of a
 * bean-creation stack trace.
 */
final class SandboxOnlySettingFailureAnalyzer extends AbstractFailureAnalyzer<SandboxOnlySettingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SandboxOnlySettingException cause) {
		return new FailureAnalysis(cause.getMessage(), "Remove the cnpg.sandbox.* settings from this deployment; they "
				+ "only serve --cnpg.kubernetes.mode=sandbox (docs/kubernetes.md, section The sandbox).", cause);
	}

}
