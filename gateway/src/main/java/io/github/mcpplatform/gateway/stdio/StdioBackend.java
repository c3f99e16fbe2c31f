package io.github.mcpplatform.gateway.stdio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpplatform.gateway.backend.BackendUnavailableException;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.BackendTransport.Sharing;
import io.github.mcpplatform.gateway.configrepo.BackendTransport.Stdio;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import io.github.mcpplatform.gateway.protocol.ProtocolVersions;
import io.github.mcpplatform.gateway.session.FrontSession;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The processes of one stdio backend, as its {@code sharing} says: one process for the catalog and every client
 * session ({@code shared}), or one per user plus one for the catalog ({@code per-user}), at most
 * {@code max-processes} users' at once (the one idle longest makes room for a new user) and each stopped after
 * {@code idle-timeout} unused. Each client session has one view of its process, kept while the process lives.
 */
final class StdioBackend {

	private static final Logger log = LoggerFactory.getLogger(StdioBackend.class);

	/** A client session that has not used its view this long is presumed gone, and its view closed. */
	static final Duration VIEW_IDLE = Duration.ofHours(1);

	private final BackendDefinition backend;

	private final Stdio stdio;

	private final ProcessSupervisor.Launch launch;

	private final Function<String, @Nullable String> gatewayEnvironment;

	/** The shared process, or with {@code per-user} the catalog's own. */
	private final ProcessSupervisor shared;

	/** With {@code per-user}: each user's process, by principal. */
	private final Map<String, ProcessSupervisor> perUser = new LinkedHashMap<>();

	/** Each client session's view, by front session id. */
	private final Map<String, ProcessView> views = new ConcurrentHashMap<>();

	StdioBackend(BackendDefinition backend, ProcessSupervisor.Launch launch, Function<String, @Nullable String> gatewayEnvironment,
			GatewayUser service) {
		this.backend = backend;
		this.stdio = (Stdio) backend.transport();
		this.launch = launch;
		this.gatewayEnvironment = gatewayEnvironment;
		this.shared = supervisor(this.stdio.sharing() == Sharing.SHARED ? null : service);
	}

	BackendDefinition backend() {
		return this.backend;
	}

	/** A view for the gateway's catalog session, on the shared process (or the catalog's own). */
	Mono<ProcessView> catalogView() {
		return this.shared.session(gatewayParams()).map(session -> session.view(true));
	}

	/** The view of a client session, opened (and its process started) when it has none that is open. */
	Mono<ProcessView> view(FrontSession front, GatewayUser user) {
		ProcessView known = this.views.get(front.id());
		if (known != null && known.isOpen()) {
			return Mono.just(known);
		}
		Mono<ProcessSession> session;
		try {
			session = this.stdio.sharing() == Sharing.SHARED ? this.shared.session(gatewayParams())
					: userSupervisor(user).session(clientParams(front));
		}
		catch (BackendUnavailableException full) {
			return Mono.error(full);
		}
		return session.map(process -> this.views.compute(front.id(), (id, current) -> current != null && current.isOpen()
				&& current.session() == process ? current : process.view(false)));
	}

	/** Closes views of sessions gone quiet and stops per-user processes idle longer than the backend allows. */
	Mono<Void> reap() {
		long now = System.nanoTime();
		this.views.values().removeIf(view -> {
			boolean gone = !view.isOpen() || now - view.lastUsed() > VIEW_IDLE.toNanos();
			if (gone) {
				view.close().subscribe();
			}
			return gone;
		});
		List<Mono<Void>> stops = new ArrayList<>();
		synchronized (this.perUser) {
			this.perUser.values().removeIf(supervisor -> {
				boolean idle = supervisor.idleFor(now) > this.stdio.idleTimeout().toNanos();
				if (idle) {
					stops.add(supervisor.stop("unused for " + this.stdio.idleTimeout().toMinutes() + " min"));
				}
				return idle;
			});
		}
		return Mono.when(stops);
	}

	/** Stops every process of the backend; completes once they have exited. */
	Mono<Void> stop(String why) {
		List<Mono<Void>> stops = new ArrayList<>();
		stops.add(this.shared.stop(why));
		synchronized (this.perUser) {
			this.perUser.values().forEach(supervisor -> stops.add(supervisor.stop(why)));
			this.perUser.clear();
		}
		this.views.values().forEach(view -> view.close().subscribe());
		this.views.clear();
		return Mono.when(stops);
	}

	/** The process ids of the backend's running processes (for tests and the log). */
	List<Long> pids() {
		List<ProcessSupervisor> all = new ArrayList<>();
		all.add(this.shared);
		synchronized (this.perUser) {
			all.addAll(this.perUser.values());
		}
		return all.stream().map(ProcessSupervisor::current).filter(s -> s != null).map(s -> s.process().pid()).toList();
	}

	private ProcessSupervisor userSupervisor(GatewayUser user) {
		synchronized (this.perUser) {
			ProcessSupervisor known = this.perUser.get(user.principal());
			if (known != null) {
				return known;
			}
			if (this.perUser.size() >= this.stdio.maxProcesses()) {
				long now = System.nanoTime();
				Optional<Map.Entry<String, ProcessSupervisor>> oldest = this.perUser.entrySet().stream()
					.filter(entry -> entry.getValue().idleFor(now) >= 0)
					.max(Comparator.comparingLong(entry -> entry.getValue().idleFor(now)));
				if (oldest.isEmpty()) {
					throw new BackendUnavailableException(this.backend, "runs its maximum of " + this.stdio.maxProcesses()
							+ " per-user processes, all busy: try again shortly");
				}
				this.perUser.remove(oldest.get().getKey());
				log.info("Backend {}: stopping the per-user process idle longest, to make room for another user",
						this.backend.name());
				oldest.get().getValue().stop("made room for another user").subscribe();
			}
			ProcessSupervisor fresh = supervisor(user);
			this.perUser.put(user.principal(), fresh);
			return fresh;
		}
	}

	private ProcessSupervisor supervisor(@Nullable GatewayUser user) {
		return new ProcessSupervisor(this.backend, new ProcessSupervisor.Launch(this.launch.settings(), this.launch.threads(),
				this.launch.starts(), this.launch.processes(),
				stdio -> ProcessEnvironment.of(stdio, this.gatewayEnvironment, user)));
	}

	/** What the gateway's own session declares: the capabilities of the clients it relays for. */
	static ObjectNode gatewayParams() {
		ObjectNode params = JsonRpc.JSON.createObjectNode().put("protocolVersion", ProtocolVersions.NEWEST_SESSION);
		ObjectNode capabilities = params.putObject("capabilities");
		capabilities.putObject("roots").put("listChanged", true);
		capabilities.putObject("sampling");
		capabilities.putObject("elicitation");
		params.putObject("clientInfo").put("name", "mcp-gateway").put("version", "0.1.0");
		return params;
	}

	/** A per-user process meets its user's client as it introduced itself (version, capabilities, name). */
	private static ObjectNode clientParams(FrontSession front) {
		ObjectNode params = gatewayParams();
		JsonNode client = JsonRpc.JSON.readTree(front.initializeParams());
		for (String field : List.of("protocolVersion", "capabilities", "clientInfo")) {
			if (client.hasNonNull(field)) {
				params.set(field, client.get(field));
			}
		}
		return params;
	}

}
