package io.github.mcpplatform.gateway.mcp;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.github.mcpplatform.gateway.protocol.ResourceUris;
import io.github.mcpplatform.gateway.protocol.ServerRequestIds;

/**
 * How messages from one backend change on their way to the client: the backend's own requests get ids
 * that lead back to it ({@link ServerRequestIds}), and resource URIs get the backend's prefix
 * ({@link ResourceUris}). Everything else passes through as the backend's bytes.
 */
final class BackendMessages implements MessageRelay.Rewrite {

	private final String backend;

	private final String prefix;

	private final boolean answersCarryResources;

	private BackendMessages(String backend, String prefix, boolean answersCarryResources) {
		this.backend = backend;
		this.prefix = prefix;
		this.answersCarryResources = answersCarryResources;
	}

	/** For calls whose answer the client gets as the backend wrote it (tools, prompts, completions). */
	static BackendMessages of(String backend, String prefix) {
		return new BackendMessages(backend, prefix, false);
	}

	/** For {@code resources/read}, whose answer names the resources it holds by URI. */
	static BackendMessages withResourceAnswers(String backend, String prefix) {
		return new BackendMessages(backend, prefix, true);
	}

	@Override
	public boolean mayApply(String text) {
		return this.answersCarryResources || text.contains("\"method\"");
	}

	@Override
	public boolean appliesToAnswers() {
		return this.answersCarryResources;
	}

	@Override
	public @Nullable ObjectNode apply(ObjectNode message) {
		String method = message.path("method").asString(null);
		JsonNode id = message.get("id");
		if (method != null && id != null) {
			// elicitation/create, sampling/createMessage, roots/list, ...: the client's answer must find us.
			message.set("id", ServerRequestIds.toClient(this.backend, id));
			return message;
		}
		if ("notifications/cancelled".equals(method) && message.path("params").get("requestId") != null) {
			// The backend gave up on one of its own requests.
			ObjectNode params = (ObjectNode) message.get("params");
			params.set("requestId", ServerRequestIds.toClient(this.backend, params.get("requestId")));
			return message;
		}
		if ("notifications/resources/updated".equals(method) && message.path("params").path("uri").isString()) {
			ObjectNode params = (ObjectNode) message.get("params");
			String uri = ResourceUris.toGateway(this.prefix, params.get("uri").asString());
			if (uri != null) {
				params.put("uri", uri);
				return message;
			}
			return null;
		}
		if (this.answersCarryResources && message.path("result").path("contents").isArray()) {
			boolean changed = false;
			for (JsonNode content : message.path("result").path("contents")) {
				if (content instanceof ObjectNode object && object.path("uri").isString()) {
					String uri = ResourceUris.toGateway(this.prefix, object.get("uri").asString());
					if (uri != null) {
						object.put("uri", uri);
						changed = true;
					}
				}
			}
			return changed ? message : null;
		}
		return null;
	}

}
