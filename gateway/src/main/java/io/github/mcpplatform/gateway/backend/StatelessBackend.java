package io.github.mcpplatform.gateway.backend;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.protocol.McpHeaders;
import io.github.mcpplatform.gateway.protocol.ProtocolVersions;
import io.github.mcpplatform.gateway.protocol.SseEvents;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.ListPromptsResult;
import io.modelcontextprotocol.spec.McpSchema.ListResourceTemplatesResult;
import io.modelcontextprotocol.spec.McpSchema.ListResourcesResult;
import io.modelcontextprotocol.spec.McpSchema.ListToolsResult;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway's own traffic with a backend that speaks the stateless era (MCP 2026-07-28): whether it does
 * ({@code server/discover}), its lists, and its change notifications ({@code subscriptions/listen}). Each
 * request carries the version envelope in {@code _meta} and the routing headers; there is no session.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2026-07-28/changelog">MCP 2026-07-28 changes</a>
 */
final class StatelessBackend {


	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final BackendDefinition backend;

	private final WebClient web;

	/**
	 * @param web sends the gateway's requests to this backend, with its credentials on each
	 */
	StatelessBackend(BackendDefinition backend, WebClient web) {
		this.backend = backend;
		this.web = web;
	}

	/**
	 * The backend's {@code server/discover} result when it speaks the stateless era; empty when it does not
	 * (a session-era server refuses the request). Fails only when the backend cannot be reached.
	 */
	Mono<Optional<JsonNode>> discover() {
		return send("server/discover", JSON.createObjectNode()).map(answer -> {
			JsonNode versions = answer.path("result").path("supportedVersions");
			for (JsonNode version : versions) {
				if (ProtocolVersions.STATELESS.equals(version.asString(null))) {
					return Optional.of(answer.get("result"));
				}
			}
			return Optional.<JsonNode>empty();
		}).onErrorResume(Refused.class, refused -> Mono.just(Optional.empty()));
	}

	/** Everything the backend declares in {@code capabilities}, each list read to its last page. */
	Mono<Catalog> catalog(JsonNode capabilities) {
		return Mono.zip(list(capabilities.has("tools"), "tools/list", ListToolsResult.class, ListToolsResult::tools,
				ListToolsResult::nextCursor),
				list(capabilities.has("resources"), "resources/list", ListResourcesResult.class,
						ListResourcesResult::resources, ListResourcesResult::nextCursor),
				list(capabilities.has("resources"), "resources/templates/list", ListResourceTemplatesResult.class,
						ListResourceTemplatesResult::resourceTemplates, ListResourceTemplatesResult::nextCursor),
				list(capabilities.has("prompts"), "prompts/list", ListPromptsResult.class, ListPromptsResult::prompts,
						ListPromptsResult::nextCursor))
			.map(lists -> new Catalog(lists.getT1(), lists.getT2(), lists.getT3(), lists.getT4()));
	}

	/**
	 * The list changes the backend announces on a {@code subscriptions/listen} stream (the notification
	 * methods), for as long as it stays open.
	 */
	Flux<String> listChanges() {
		ObjectNode params = JSON.createObjectNode();
		params.putObject("notifications")
			.put("toolsListChanged", true)
			.put("promptsListChanged", true)
			.put("resourcesListChanged", true);
		return post("subscriptions/listen", params).exchangeToFlux(response -> {
			if (!response.statusCode().is2xxSuccessful()) {
				return response.releaseBody().thenMany(Flux.error(new Refused(response.statusCode().value())));
			}
			SseEvents events = new SseEvents();
			return response.bodyToFlux(DataBuffer.class)
				.concatMapIterable(buffer -> events.feed(SseEvents.drain(buffer)))
				.map(event -> SseEvents.data(new String(event, StandardCharsets.UTF_8)))
				.filter(data -> !data.isBlank())
				.map(JSON::readTree)
				.map(message -> message.path("method").asString(""))
				.filter(method -> method.endsWith("/list_changed"));
		});
	}

	private <P, T> Mono<List<T>> list(boolean declared, String method, Class<P> type, Function<P, List<T>> items,
			Function<P, @Nullable String> next) {
		if (!declared) {
			return Mono.just(List.of());
		}
		List<T> all = new ArrayList<>();
		return page(method, null, type)
			.expand(current -> next.apply(current) == null ? Mono.empty() : page(method, next.apply(current), type))
			.doOnNext(current -> all.addAll(items.apply(current)))
			.then(Mono.fromSupplier(() -> List.copyOf(all)));
	}

	private <P> Mono<P> page(String method, @Nullable String cursor, Class<P> type) {
		ObjectNode params = JSON.createObjectNode();
		if (cursor != null) {
			params.put("cursor", cursor);
		}
		return send(method, params).map(answer -> {
			if (!answer.path("result").isObject()) {
				throw new IllegalStateException(this.backend.name() + " answered " + method + " with " + answer.path("error"));
			}
			try {
				return McpJsonDefaults.getMapper().readValue(answer.get("result").toString(), type);
			}
			catch (java.io.IOException e) {
				throw new IllegalStateException(this.backend.name() + " answered " + method + " with an invalid result", e);
			}
		});
	}

	/** One request, its answer (from a JSON body or the first answer in an SSE stream). */
	private Mono<JsonNode> send(String method, ObjectNode params) {
		return post(method, params).exchangeToMono(response -> {
			if (!response.statusCode().is2xxSuccessful()) {
				return response.releaseBody().then(Mono.error(new Refused(response.statusCode().value())));
			}
			return response.bodyToMono(String.class).defaultIfEmpty("").map(body -> answer(body,
					response.headers().contentType().orElse(MediaType.APPLICATION_JSON)));
		}).timeout(this.backend.timeout());
	}

	private WebClient.RequestHeadersSpec<?> post(String method, ObjectNode params) {
		ObjectNode meta = params.putObject("_meta");
		meta.put(ProtocolVersions.META_VERSION, ProtocolVersions.STATELESS);
		meta.set(ProtocolVersions.META_CLIENT_CAPABILITIES, CatalogCapabilities.json());
		meta.set(ProtocolVersions.META_CLIENT_INFO, JSON.valueToTree(Map.of("name", "mcp-gateway", "version", "0.1.0")));
		ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", "gateway-" + method).put("method", method);
		request.set("params", params);
		return this.web.post()
			.uri(this.backend.url())
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.header(McpHeaders.PROTOCOL_VERSION, ProtocolVersions.STATELESS)
			.header(McpHeaders.METHOD, method)
			.bodyValue(request.toString());
	}

	private static JsonNode answer(String body, MediaType type) {
		if (!MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type)) {
			return JSON.readTree(body);
		}
		SseEvents events = new SseEvents();
		List<byte[]> all = new ArrayList<>(events.feed(body.getBytes(StandardCharsets.UTF_8)));
		all.addAll(events.rest());
		for (byte[] event : all) {
			String data = SseEvents.data(new String(event, StandardCharsets.UTF_8));
			if (data.isBlank()) {
				continue;
			}
			JsonNode message = JSON.readTree(data);
			if (message.has("result") || message.has("error")) {
				return message;
			}
		}
		return JSON.createObjectNode();
	}


	/** The backend answered with an HTTP error: it does not speak the stateless era (or refused us). */
	static final class Refused extends RuntimeException {

		Refused(int status) {
			super("answered HTTP " + status);
		}

	}

}
