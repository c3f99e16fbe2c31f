package io.github.mcpplatform.cnpg.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.github.mcpplatform.cnpg.security.ImpersonationConfiguration.UntrustedCallerException;

/**
 * Shows impersonation without a trusted caller as Spring Boot's "APPLICATION FAILED TO START" paragraph instead of
 * a bean-creation stack trace.
 */
final class UntrustedCallerFailureAnalyzer extends AbstractFailureAnalyzer<UntrustedCallerException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UntrustedCallerException cause) {
		return new FailureAnalysis(cause.getMessage(), "Serve HTTP behind the gateway with cnpg.auth.mode=gateway, or set "
				+ "cnpg.kubernetes.impersonate=false; docs/kubernetes.md, section Acting as the person.", cause);
	}

}
