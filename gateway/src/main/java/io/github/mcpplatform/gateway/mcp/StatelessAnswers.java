package io.github.mcpplatform.gateway.mcp;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.node.ObjectNode;

/**
 * A session-era backend's answers, made fit for a client of the stateless era (2026-07-28): every result
 * states its {@code resultType}, which that era requires, and requests the backend sends mid-call
 * (elicitation, sampling, roots) are not passed on, because that era has no server-to-client requests: the
 * backend is told at once that the client cannot answer, so its call ends instead of waiting.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2026-07-28/changelog">MCP 2026-07-28 changes</a>
 */
final class StatelessAnswers implements MessageRelay.Rewrite {

	private final BackendMessages backendMessages;

	private final boolean cacheable;

	private final Consumer<ObjectNode> unanswerable;

	/**
	 * @param cacheable whether the result is of a kind the era lets clients cache ({@code resources/read}):
	 *     such results must say for how long, and the gateway says not at all, since what a user may read
	 *     is the backend's decision each time
	 * @param unanswerable receives each request the backend sent, so that it can be refused
	 */
	StatelessAnswers(BackendMessages backendMessages, boolean cacheable, Consumer<ObjectNode> unanswerable) {
		this.backendMessages = backendMessages;
		this.cacheable = cacheable;
		this.unanswerable = unanswerable;
	}

	/** The error answer that tells a backend its request cannot reach this client. */
	static String refusal(ObjectNode request) {
		return JsonRpc.error(request.get("id"), JsonRpc.METHOD_NOT_FOUND, "The client speaks MCP 2026-07-28, which "
				+ "takes no requests from servers; '" + request.path("method").asString("") + "' cannot reach it");
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
			this.unanswerable.accept(message.deepCopy());
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
