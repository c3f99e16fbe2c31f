package io.github.mcpplatform.gateway.openapi;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.BackendTransport.OpenApi;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import io.github.mcpplatform.gateway.protocol.ProtocolVersions;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * The MCP Java SDK client transport of the gateway's catalog session with an OpenAPI backend: every message is
 * answered by the backend's {@link OpenApiServer} in this process. While connected it reads a document at a URL
 * again every {@code refresh}, and tells the SDK {@code notifications/tools/list_changed} when the tools change, so
 * that the merged list follows. A document that cannot be read when the SDK initializes fails the initialize with
 * the reason, which marks the backend down until a later attempt succeeds.
 */
final class OpenApiCatalogTransport implements McpClientTransport {

	private static final Logger log = LoggerFactory.getLogger(OpenApiCatalogTransport.class);

	private static final List<String> VERSIONS = List.of(ProtocolVersions.SESSION_ERA.get(2), ProtocolVersions.SESSION_ERA.get(1),
			ProtocolVersions.SESSION_ERA.get(0));

	private final McpJsonMapper mapper = McpJsonDefaults.getMapper();

	private final BackendDefinition backend;

	private final OpenApiServer server;

	private final GatewayUser service;

	private volatile Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler = message -> Mono.empty();

	private volatile Disposable watching = () -> {
	};

	OpenApiCatalogTransport(BackendDefinition backend, OpenApiServer server, GatewayUser service) {
		this.backend = backend;
		this.server = server;
		this.service = service;
	}

	@Override
	public Mono<Void> connect(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
		return Mono.fromRunnable(() -> {
			this.handler = handler;
			OpenApiBackends backends = this.server.backends();
			Runnable stopListening = backends.onChange(this.backend.name(), this::toolsChanged);
			Disposable refreshing = this.backend.transport() instanceof OpenApi openApi && !openApi.specInRepo()
					? Flux.interval(openApi.refresh())
						.onBackpressureDrop()
						.concatMap(tick -> backends.refresh(this.backend).onErrorResume(e -> Mono.empty()))
						.subscribe()
					: () -> {
					};
			this.watching = () -> {
				stopListening.run();
				refreshing.dispose();
			};
		});
	}

	private void toolsChanged() {
		try {
			JSONRPCMessage changed = McpSchema.deserializeJsonRpcMessage(this.mapper,
					JsonRpc.notification(McpSchema.METHOD_NOTIFICATION_TOOLS_LIST_CHANGED));
			this.handler.apply(Mono.just(changed)).subscribe();
		}
		catch (IOException e) {
			log.debug("Cannot tell the catalog session of backend {} that its tools changed", this.backend.name(), e);
		}
	}

	@Override
	public Mono<Void> sendMessage(JSONRPCMessage message) {
		return Mono.defer(() -> {
			ObjectNode parsed;
			try {
				parsed = JsonRpc.JSON.readValue(this.mapper.writeValueAsString(message), ObjectNode.class);
			}
			catch (IOException e) {
				return Mono.error(e);
			}
			return this.server.handle(parsed, this.service).flatMap(answer -> {
				try {
					return this.handler.apply(Mono.just(McpSchema.deserializeJsonRpcMessage(this.mapper, answer))).then();
				}
				catch (IOException e) {
					return Mono.error(e);
				}
			});
		}).onErrorMap(IOException.class, e -> new IllegalStateException(e.getMessage(), e));
	}

	@Override
	public void setExceptionHandler(Consumer<Throwable> handler) {
	}

	@Override
	public List<String> protocolVersions() {
		return VERSIONS;
	}

	@Override
	public Mono<Void> closeGracefully() {
		return Mono.fromRunnable(() -> this.watching.dispose());
	}

	@Override
	public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
		return this.mapper.convertValue(data, type);
	}

}
