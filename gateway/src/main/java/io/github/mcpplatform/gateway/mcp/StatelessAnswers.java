package io.github.mcpplatform.gateway.mcp;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.node.ObjectNode;

/**
 * A backend's answers, made fit for a client of the stateless era (2026-07-28): every result states its
 * {@code resultType}, which that era requires (and a cacheable one, for how long), and resource URIs carry the
 * backend's prefix. A request to the client has no place in that era and is dropped: questions of session-era
 * backends go through {@link InputRequiredBridge} instead.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2026-07-28/changelog">MCP 2026-07-28 changes</a>
 */
final class StatelessAnswers implements MessageRelay.Rewrite {

	private final BackendMessages backendMessages;

	private final boolean cacheable;

	/**
	 * @param cacheable whether the result is of a kind the era lets clients cache ({@code resources/read}):
	 *     such results must say for how long, and the gateway says not at all, since what a user may read
	 *     is the backend's decision each time
	 */
	StatelessAnswers(BackendMessages backendMessages, boolean cacheable) {
		this.backendMessages = backendMessages;
		this.cacheable = cacheable;
	}

	@Override
	public boolean mayApply(String text) {
		return true;
	}

	@Override
	public boolean appliesToAnswers() {
		return true;
	}

	@Override
	public @Nullable ObjectNode apply(ObjectNode message) {
		if (message.hasNonNull("method") && message.hasNonNull("id")) {
			return MessageRelay.DROP;
		}
		ObjectNode rewritten = this.backendMessages.apply(message);
		ObjectNode target = rewritten != null ? rewritten : message;
		if (target.get("result") instanceof ObjectNode result && !result.has("resultType")) {
			result.put("resultType", "complete");
			if (this.cacheable) {
				result.put("ttlMs", 0).put("cacheScope", "private");
			}
			return target;
		}
		return rewritten;
	}

}
