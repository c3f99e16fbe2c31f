package io.github.mcpplatform.gateway.backend;

import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.ConfigSnapshot;
import io.modelcontextprotocol.spec.McpClientTransport;
import reactor.core.publisher.Flux;

/**
 * The backends of one config snapshot, connected in the background, and their merged catalog. One
 * backend being down or slow changes only its own part of it.
 */
public final class BackendRegistry implements AutoCloseable {

	private final List<BackendConnection> connections;

	private volatile MergedCatalog merged = MergedCatalog.EMPTY;

	/**
	 * A registry whose backends need no credentials.
	 *
	 * @param transports opens an MCP client transport to a backend (streamable HTTP in production)
	 */
	public BackendRegistry(ConfigSnapshot snapshot, BackendSettings settings,
			Function<BackendDefinition, McpClientTransport> transports) {
		this(snapshot, settings, transports, backend -> null);
	}

	/**
	 * @param transports opens an MCP client transport to a backend (session era)
	 * @param tokens the bearer token of the gateway's own requests to a backend, or null for none
	 */
	public BackendRegistry(ConfigSnapshot snapshot, BackendSettings settings,
			Function<BackendDefinition, McpClientTransport> transports, Function<BackendDefinition, @Nullable String> tokens) {
		WebClient web = WebClient.create();
		this.connections = snapshot.backends()
			.stream()
			.filter(BackendDefinition::enabled)
			.map(backend -> new BackendConnection(backend, settings, transports,
					new StatelessBackend(backend, web, () -> tokens.apply(backend))))
			.toList();
		// The merged catalog is rebuilt when a backend changes, not on every request that needs it.
		this.connections.forEach(connection -> connection.onChange(this::remerge));
	}

	private synchronized void remerge() {
		this.merged = MergedCatalog.of(this.connections);
	}

	/**
	 * Starts connecting to every backend in the background. The application calls it once it serves
	 * requests: backends may need the gateway's JWKS to accept its tokens.
	 */
	public BackendRegistry start() {
		this.connections.forEach(BackendConnection::start);
		return this;
	}

	/** Whether requests to a backend go statelessly (it speaks MCP 2026-07-28), without backend sessions. */
	public boolean speaksStateless(String name) {
		return this.connections.stream().anyMatch(c -> c.backend().name().equals(name) && c.speaksStateless());
	}

	/** An enabled backend of this snapshot, by name. */
	public java.util.Optional<BackendDefinition> backend(String name) {
		return this.connections.stream().map(BackendConnection::backend).filter(b -> b.name().equals(name)).findFirst();
	}

	/** The ready backends' own instructions, each under a heading with the backend's name. */
	public String instructions() {
		StringBuilder text = new StringBuilder();
		for (BackendConnection connection : this.connections) {
			String instructions = connection.instructions();
			if (connection.status().state() == BackendStatus.State.READY && instructions != null && !instructions.isBlank()) {
				text.append("## ").append(connection.backend().name());
				if (connection.backend().description() != null) {
					text.append(": ").append(connection.backend().description());
				}
				text.append(" (tools prefixed ").append(connection.backend().prefix()).append("_)\n\n")
					.append(instructions.strip())
					.append("\n\n");
			}
		}
		return text.toString().strip();
	}

	public List<BackendStatus> statuses() {
		return this.connections.stream().map(BackendConnection::status).toList();
	}

	/** The merged catalog now. */
	public MergedCatalog catalog() {
		return this.merged;
	}

	/** The merged catalog now and after every change of any backend (for {@code list_changed}). */
	public Flux<MergedCatalog> catalogChanges() {
		return Flux.merge(this.connections.stream().map(BackendConnection::statuses).toList())
			.map(changed -> catalog())
			.distinctUntilChanged();
	}

	@Override
	public void close() {
		this.connections.forEach(BackendConnection::close);
	}

}
