package io.github.mcpplatform.cnpg.tools;

import java.util.List;

/**
 * Tool arguments that break the tool's schema. Every problem is listed at once, and the message says
 * that nothing was changed, so the model can correct all of them in one retry.
 */
public final class InvalidArgumentsException extends RuntimeException {

	InvalidArgumentsException(List<String> problems) {
		super("Invalid arguments, nothing was changed: " + String.join("; ", problems) + ".");
	}

}
