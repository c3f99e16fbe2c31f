package io.github.mcpplatform.gateway.config;

/**
 * The gateway will not start with these settings. The message names each property and what to set instead;
 * {@link StartupFailureAnalyzer} prints it as one paragraph, without a stack trace.
 */
public final class StartupRefusedException extends IllegalStateException {

	public StartupRefusedException(String message) {
		super(message);
	}

}
