package io.github.mcpplatform.cnpg.output;

/**
 * A tool call that cannot do what was asked, with a message written for the model: what failed and
 * what to do instead. It becomes a tool result with {@code isError: true}, never a protocol error.
 */
public final class ToolFailure extends RuntimeException {

	public ToolFailure(String message) {
		super(message);
	}

}
