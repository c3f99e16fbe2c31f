package io.github.mcpplatform.gateway.mcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import io.github.mcpplatform.gateway.session.FrontSession;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What differs between the two protocol eras on the client's side of a routed request: how a tool's failure
 * reads, and how a backend's answer reaches the client. Routing ({@link RoutedRequests}) knows no era; each
 * front endpoint routes through the era it serves.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2026-07-28/changelog">MCP 2026-07-28 changes</a>
 */
interface ClientEra {

	/**
	 * Sends a request, already renamed for its backend, and answers the client as this era expects.
	 *
	 * @param messages renames the backend's messages for the client
	 * @param failure the answer when the backend cannot be reached
	 */
	Mono<Answer> forward(FrontSession session, GatewayUser user, BackendDefinition backend, JsonNode id,
			ObjectNode message, BackendMessages messages, Function<Throwable, String> failure);

	/** A tool's failure as a tool result the model can read. */
	String toolError(JsonNode id, String text);

	/** The tool result of a failure, with whatever else the era requires of a result. */
	static Map<String, Object> toolErrorResult(String text) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("isError", true);
		result.put("content", List.of(Map.of("type", "text", "text", text)));
		return result;
	}

	static boolean readsResource(ObjectNode message) {
		return "resources/read".equals(message.path("method").asString(""));
	}

	/** The session era (up to 2025-11-25): answers stream back as the backend sends them. */
	final class Sessions implements ClientEra {

		private final BackendCalls calls;

		Sessions(BackendCalls calls) {
			this.calls = calls;
		}

		@Override
		public Mono<Answer> forward(FrontSession session, GatewayUser user, BackendDefinition backend, JsonNode id,
				ObjectNode message, BackendMessages messages, Function<Throwable, String> failure) {
			// When the backend may not ask this client anything and names nothing the client must see renamed,
			// its answer streams through unread.
			MessageRelay.Rewrite rewrite = readsResource(message) || mayBeAsked(session) ? messages : MessageRelay.PASS;
			return this.calls.request(session, user, backend, message, rewrite, failure);
		}

		@Override
		public String toolError(JsonNode id, String text) {
			return JsonRpc.result(id, toolErrorResult(text));
		}

		/**
		 * Whether the client declared a capability that lets servers send it requests (elicitation, sampling,
		 * roots). A cheap, conservative test of the stored initialize params: a false positive only costs reading
		 * the answer.
		 */
		private static boolean mayBeAsked(FrontSession session) {
			String params = session.initializeParams();
			return params.contains("\"elicitation\"") || params.contains("\"sampling\"") || params.contains("\"roots\"");
		}

	}

	/**
	 * The stateless era (2026-07-28): every result states its {@code resultType}, and a backend of the session
	 * era, which asks mid-call, is spoken to through the {@link InputRequiredBridge}, the one place that bridges
	 * the two.
	 */
	final class Stateless implements ClientEra {

		private final BackendCalls calls;

		private final InputRequiredBridge bridge;

		Stateless(BackendCalls calls, InputRequiredBridge bridge) {
			this.calls = calls;
			this.bridge = bridge;
		}

		@Override
		public Mono<Answer> forward(FrontSession session, GatewayUser user, BackendDefinition backend, JsonNode id,
				ObjectNode message, BackendMessages messages, Function<Throwable, String> failure) {
			StatelessAnswers stamping = new StatelessAnswers(messages, readsResource(message));
			if (this.calls.speaksStateless(backend)) {
				return this.calls.request(session, user, backend, message, stamping, failure);
			}
			return InputRequiredBridge.isRepeat(message) ? this.bridge.repeat(session, user, backend, id, message, stamping)
					: this.bridge.call(session, user, backend, id, message, stamping, failure);
		}

		@Override
		public String toolError(JsonNode id, String text) {
			Map<String, Object> result = toolErrorResult(text);
			result.put("resultType", "complete");
			return JsonRpc.result(id, result);
		}

	}

}
