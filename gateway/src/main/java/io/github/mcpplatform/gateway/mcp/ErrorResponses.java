package io.github.mcpplatform.gateway.mcp;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.github.mcpplatform.gateway.protocol.JsonRpcError;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** The HTTP answer that carries a JSON-RPC error, with the status the error maps to. */
final class ErrorResponses {

	private ErrorResponses() {
	}

	static Mono<ServerResponse> of(JsonRpcError error, @Nullable JsonNode id) {
		return ServerResponse.status(error.httpStatus()).contentType(MediaType.APPLICATION_JSON).bodyValue(error.toJson(id));
	}

}
