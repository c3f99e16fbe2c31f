package io.github.mcpplatform.cnpg.tools;

import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;

/**
 * The four MCP tool hints, always all set: the spec's defaults (destructive and open-world) are wrong
 * for most of these tools, and clients and gateways use the hints as policy.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/schema#toolannotations">MCP
 *     ToolAnnotations</a>
 */
record Hints(boolean readOnlyHint, boolean destructiveHint, boolean idempotentHint) {

	/** Reads only; repeating it changes nothing. */
	static Hints readOnly() {
		return new Hints(true, false, true);
	}

	/** Adds something new and overwrites nothing; a repeat fails because it exists. */
	static Hints additive() {
		return new Hints(false, false, false);
	}

	/**
	 * Changes state without taking anything away: starts again what was stopped (wake, unfence) or asks the
	 * operator to reconcile (reload); repeating it changes nothing more.
	 */
	static Hints restorative() {
		return new Hints(false, false, true);
	}

	/** Changes or removes what exists. */
	static Hints destructive(boolean idempotent) {
		return new Hints(false, true, idempotent);
	}

	/** Every tool talks to a Kubernetes API server, an open world. */
	ToolAnnotations toAnnotations(String title) {
		return new ToolAnnotations(title, this.readOnlyHint, this.destructiveHint, this.idempotentHint, true, null);
	}

}
