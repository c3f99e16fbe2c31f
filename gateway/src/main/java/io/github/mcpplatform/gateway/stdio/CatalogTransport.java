package io.github.mcpplatform.gateway.stdio;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpplatform.gateway.protocol.JsonRpc;
import io.github.mcpplatform.gateway.protocol.ProtocolVersions;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * The MCP Java SDK client transport of the gateway's catalog session with a stdio backend: a {@link ProcessView}
 * of the supervised process, so the SDK never starts a process of its own. The view answers the SDK's
 * {@code initialize} with what the process answered the gateway. The view is opened when the SDK connects; when
 * the process cannot be had (it is down, in its backoff), the SDK's first request fails with the reason, which
 * marks the backend down until a later connection succeeds.
 */
final class CatalogTransport implements McpClientTransport {

	private static final Logger log = LoggerFactory.getLogger(CatalogTransport.class);

	/** Oldest first: the SDK asks for the last, and accepts any the process answered with. */
	private static final List<String> VERSIONS = List.of("2024-11-05", ProtocolVersions.SESSION_ERA.get(2),
			ProtocolVersions.SESSION_ERA.get(1), ProtocolVersions.SESSION_ERA.get(0));

	private final McpJsonMapper mapper = McpJsonDefaults.getMapper();

	private final Mono<ProcessView> view;

	private volatile Consumer<Throwable> exceptions = e -> {
	};

	private volatile Disposable reading = () -> {
	};

	private volatile @Nullable ProcessView opened;

	/** @param view opens the catalog's view of the process, starting the process when it is not running */
	CatalogTransport(Mono<ProcessView> view) {
		this.view = view.cache();
	}

	@Override
	public Mono<Void> connect(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
		return this.view.doOnNext(opened -> this.opened = opened).doOnNext(opened -> this.reading = opened.received().subscribe(message -> {
			JSONRPCMessage parsed;
			try {
				parsed = McpSchema.deserializeJsonRpcMessage(this.mapper, message.toString());
			}
			catch (IOException | RuntimeException e) {
				log.debug("A message the SDK cannot read: {}", e.getMessage());
				return;
			}
			handler.apply(Mono.just(parsed)).subscribe();
		}, failure -> this.exceptions.accept(failure))).then();
	}

	@Override
	public Mono<Void> sendMessage(JSONRPCMessage message) {
		return this.view.flatMap(opened -> {
			try {
				return opened.send(JsonRpc.JSON.readValue(this.mapper.writeValueAsString(message), ObjectNode.class));
			}
			catch (IOException e) {
				return Mono.error(e);
			}
		});
	}

	@Override
	public void setExceptionHandler(Consumer<Throwable> handler) {
		this.exceptions = handler;
	}

	@Override
	public List<String> protocolVersions() {
		return VERSIONS;
	}

	@Override
	public Mono<Void> closeGracefully() {
		return Mono.defer(() -> {
			this.reading.dispose();
			ProcessView current = this.opened;
			return current == null ? Mono.empty() : current.close();
		});
	}

	@Override
	public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
		return this.mapper.convertValue(data, type);
	}

}
