package io.github.mcpplatform.cnpg.tools;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import reactor.core.publisher.Mono;

/**
 * One validated tool call, as a handler sees it.
 *
 * @param namespace the namespace argument, or the backend's default namespace
 * @param exchange the MCP session, for progress notifications; null in unit tests
 * @param progressToken the caller's progress token, if it wants progress
 */
record ToolCall(Arguments arguments, String namespace, @Nullable McpAsyncServerExchange exchange,
		@Nullable Object progressToken) {

	static ToolCall of(Arguments arguments, String defaultNamespace, @Nullable McpAsyncServerExchange exchange,
			@Nullable Map<String, Object> meta) {
		String namespace = arguments.has(CommonParams.NAMESPACE) ? arguments.get(CommonParams.NAMESPACE)
				: defaultNamespace;
		return new ToolCall(arguments, namespace, exchange, meta == null ? null : meta.get("progressToken"));
	}

	<T> T get(Param<T> param) {
		return this.arguments.get(param);
	}

	boolean has(Param<?> param) {
		return this.arguments.has(param);
	}

	/** Sends a progress notification if the caller asked for progress; never fails the call. */
	Mono<Void> progress(double progress, double total, String message) {
		if (this.exchange == null || this.progressToken == null) {
			return Mono.empty();
		}
		return this.exchange.progressNotification(new ProgressNotification(this.progressToken, progress, total, message))
			.onErrorComplete();
	}

}
