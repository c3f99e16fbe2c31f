package io.github.mcpplatform.gateway.backend;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.ConfigSnapshot;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.modelcontextprotocol.spec.McpClientTransport;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The backends of the live config snapshot, connected in the background, and their merged catalog. One
 * backend being down or slow changes only its own part of it. A new snapshot is swapped in atomically:
 * new backends connect, removed ones close, changed ones reconnect, and unchanged ones are not touched.
 */
public final class BackendRegistry implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(BackendRegistry.class);

	private final BackendSettings settings;

	private final Function<BackendDefinition, McpClientTransport> transports;

	private final Function<BackendDefinition, Mono<BackendCredential>> credentials;

	private final WebClient web = WebClient.create();

	/** The live backends by name, in config order; replaced whole, never changed in place. */
	private volatile Map<String, BackendConnection> connections = Map.of();

	private volatile MergedCatalog merged = MergedCatalog.EMPTY;

	private final Sinks.Many<MergedCatalog> changes = Sinks.many().replay().latest();

	private boolean started;

	/** When {@link #start()} was called; null before. */
	private volatile @Nullable Instant startedAt;

	/**
	 * A registry whose backends need no credentials.
	 *
	 * @param transports opens an MCP client transport to a backend (streamable HTTP in production)
	 */
	public BackendRegistry(ConfigSnapshot snapshot, BackendSettings settings,
			Function<BackendDefinition, McpClientTransport> transports) {
		this(snapshot, settings, transports, backend -> Mono.just(BackendCredential.NONE));
	}

	/**
	 * @param transports opens an MCP client transport to a backend (session era)
	 * @param credentials what the gateway's own requests to a backend carry
	 */
	public BackendRegistry(ConfigSnapshot snapshot, BackendSettings settings,
			Function<BackendDefinition, McpClientTransport> transports,
			Function<BackendDefinition, Mono<BackendCredential>> credentials) {
		this.settings = settings;
		this.transports = transports;
		this.credentials = credentials;
		this.changes.tryEmitNext(MergedCatalog.EMPTY);
		apply(snapshot);
	}

	/**
	 * Makes a snapshot the live one. Backends whose connection settings did not change keep their connection
	 * (a pull that changes nothing costs nothing, and a change of who may use a backend takes effect without
	 * reconnecting); calls already under way finish, since they do not depend on the gateway's own connection
	 * to their backend.
	 */
	public synchronized void apply(ConfigSnapshot snapshot) {
		Map<String, BackendConnection> previous = this.connections;
		Map<String, BackendConnection> next = new LinkedHashMap<>();
		List<BackendConnection> opened = new ArrayList<>();
		for (BackendDefinition backend : snapshot.backends()) {
			if (!backend.enabled()) {
				continue;
			}
			BackendConnection kept = previous.get(backend.name());
			if (kept != null && sameConnection(kept.backend(), backend)) {
				kept.redeclare(backend);
				next.put(backend.name(), kept);
			}
			else {
				BackendConnection connection = new BackendConnection(backend, this.settings, this.transports,
						new StatelessBackend(backend, this.web.mutate()
							.filter(BackendCredentials.sending(() -> this.credentials.apply(backend))).build()));
				// The merged catalog is rebuilt when a backend changes, not on every request that needs it.
				connection.onChange(this::remerge);
				next.put(backend.name(), connection);
				opened.add(connection);
			}
		}
		this.connections = Collections.unmodifiableMap(next);
		previous.values().stream().filter(connection -> next.get(connection.backend().name()) != connection).forEach(closed -> {
			log.info("Backend {} {}", closed.backend().name(), next.containsKey(closed.backend().name()) ? "changed: reconnecting"
					: "removed or disabled: disconnecting");
			closed.close();
		});
		if (this.started) {
			opened.forEach(BackendConnection::start);
		}
		remerge();
	}

	/**
	 * Whether two declarations of a backend connect to it alike. The rest (its description, who may use it,
	 * where it was declared) changes without a new connection.
	 */
	static boolean sameConnection(BackendDefinition a, BackendDefinition b) {
		return a.name().equals(b.name()) && a.url().equals(b.url()) && a.prefix().equals(b.prefix()) && a.auth().equals(b.auth())
				&& a.transport().equals(b.transport())
				&& a.enabled() == b.enabled() && a.timeout().equals(b.timeout());
	}

	private synchronized void remerge() {
		MergedCatalog next = MergedCatalog.of(List.copyOf(this.connections.values()));
		if (!next.equals(this.merged)) {
			this.merged = next;
			this.changes.tryEmitNext(next);
		}
	}

	/**
	 * Starts connecting to every backend in the background. The application calls it once it serves
	 * requests: backends may need the gateway's JWKS to accept its tokens.
	 */
	public synchronized BackendRegistry start() {
		this.started = true;
		this.startedAt = Instant.now();
		this.connections.values().forEach(BackendConnection::start);
		return this;
	}

	/** Whether requests to a backend go statelessly (it speaks MCP 2026-07-28), without backend sessions. */
	public boolean speaksStateless(String name) {
		BackendConnection connection = this.connections.get(name);
		return connection != null && connection.speaksStateless();
	}

	/** An enabled backend of the live snapshot, by name. */
	public Optional<BackendDefinition> backend(String name) {
		BackendConnection connection = this.connections.get(name);
		return connection == null ? Optional.empty() : Optional.of(connection.backend());
	}

	/** The own instructions of the ready backends this user may use, each under a heading with the backend's name. */
	public String instructions(GatewayUser user) {
		StringBuilder text = new StringBuilder();
		for (BackendConnection connection : this.connections.values()) {
			String instructions = connection.instructions();
			if (connection.status().state() == BackendStatus.State.READY && instructions != null && !instructions.isBlank()
					&& connection.backend().access().admits(user)) {
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

	/**
	 * The configured backend with this prefix, when it is not ready: its names left the merged catalog, yet a
	 * client that listed them earlier may still use them, and deserves to hear why they fail rather than that
	 * they never existed. Empty for a user the backend does not admit: to them it never existed.
	 */
	public Optional<BackendStatus> unavailable(String prefix, GatewayUser user) {
		return this.connections.values().stream()
			.filter(connection -> connection.backend().prefix().equals(prefix) && connection.backend().access().admits(user))
			.map(BackendConnection::status)
			.filter(status -> status.state() != BackendStatus.State.READY)
			.findFirst();
	}

	/** When the backends began connecting ({@link #start()}), or null before: for readiness at startup. */
	public @Nullable Instant startedAt() {
		return this.startedAt;
	}

	public List<BackendStatus> statuses() {
		return this.connections.values().stream().map(BackendConnection::status).toList();
	}

	/** The merged catalog now. */
	public MergedCatalog catalog() {
		return this.merged;
	}

	/** The merged catalog now and after every change, of any backend or of the snapshot (for {@code list_changed}). */
	public Flux<MergedCatalog> catalogChanges() {
		return this.changes.asFlux();
	}

	@Override
	public synchronized void close() {
		this.connections.values().forEach(BackendConnection::close);
		this.connections = Map.of();
		this.changes.tryEmitComplete();
	}

}
