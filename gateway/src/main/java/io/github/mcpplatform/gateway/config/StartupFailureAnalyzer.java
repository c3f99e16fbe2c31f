package io.github.mcpplatform.gateway.config;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

import io.github.mcpplatform.gateway.configrepo.ConfigRejectedException;

/**
 * Turns the gateway's own startup refusals into Spring Boot's "APPLICATION FAILED TO START" paragraph (what is
 * wrong, what to do) instead of a bean-creation stack trace that buries the message. Registered in
 * {@code META-INF/spring.factories}, which is where Spring Boot 4 still looks for failure analyzers.
 */
final class StartupFailureAnalyzer implements FailureAnalyzer {

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
			if (cause instanceof ConfigRejectedException rejected) {
				return new FailureAnalysis("The config repo (gateway.config-repo.uri) cannot be used. " + rejected.getMessage(),
						"Fix what is listed, or point gateway.config-repo.uri at a directory (or Git URL) that holds "
								+ "backends.yaml or backends/*.yaml; config-repo/README.md describes the format.",
						rejected);
			}
			if (cause instanceof StartupRefusedException refused) {
				return new FailureAnalysis(refused.getMessage(),
						"Change the settings named above; docs/configuration.md describes each of them.", refused);
			}
		}
		return null;
	}

}
