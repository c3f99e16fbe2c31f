package io.github.mcpplatform.gateway.upstream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import io.github.mcpplatform.gateway.backend.BackendCredentials;
import io.github.mcpplatform.gateway.backend.BackendForwarder;
import io.github.mcpplatform.gateway.backend.BackendUnavailableException;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.BackendTransport;
import io.github.mcpplatform.gateway.session.SessionStore;
import reactor.core.publisher.Mono;

/**
 * The {@link Upstream} of each backend, of the kind its declaration or its discovery chose: a channel for the
 * transports that are not streamable HTTP (legacy HTTP+SSE), else a stateless-era backend (it answered
 * {@code server/discover} with 2026-07-28) or a session-era one. One is kept per backend and made
 * anew only when the backend's declaration or its discovered era changes, so the state it keeps (sessions being
 * opened, calls that can be cancelled) is shared by every request to it.
 */
public final class Upstreams {

	private final BackendForwarder forwarder;

	private final SessionStore sessions;

	private final BackendCredentials credentials;

	private final Predicate<String> speaksStateless;

	private final Map<String, BackendChannels> channels;

	private final Map<String, UpstreamKind> kinds;

	private final Map<String, Upstream> byBackend = new ConcurrentHashMap<>();

	/**
	 * @param speaksStateless whether a backend (by name) was discovered speaking the stateless era
	 */
	public Upstreams(BackendForwarder forwarder, SessionStore sessions, BackendCredentials credentials,
			Predicate<String> speaksStateless) {
		this(forwarder, sessions, credentials, speaksStateless, Map.of());
	}

	/**
	 * @param channels the channels of each transport that is not streamable HTTP, by its config name
	 *     ({@link BackendTransport#configName()})
	 */
	public Upstreams(BackendForwarder forwarder, SessionStore sessions, BackendCredentials credentials,
			Predicate<String> speaksStateless, Map<String, BackendChannels> channels) {
		this(forwarder, sessions, credentials, speaksStateless, channels, Map.of());
	}

	/**
	 * @param kinds the kinds the gateway answers for itself (OpenAPI), by their config name
	 */
	public Upstreams(BackendForwarder forwarder, SessionStore sessions, BackendCredentials credentials,
			Predicate<String> speaksStateless, Map<String, BackendChannels> channels, Map<String, UpstreamKind> kinds) {
		this.forwarder = forwarder;
		this.sessions = sessions;
		this.credentials = credentials;
		this.speaksStateless = speaksStateless;
		this.channels = Map.copyOf(channels);
		this.kinds = Map.copyOf(kinds);
	}

	public Upstream of(BackendDefinition backend) {
		boolean stateless = this.speaksStateless.test(backend.name());
		Upstream known = this.byBackend.get(backend.name());
		if (known != null && known.stateless() == stateless && (known.backend() == backend || known.backend().equals(backend))) {
			return known;
		}
		return this.byBackend.compute(backend.name(), (name, current) -> current != null && current.backend().equals(backend)
				&& current.stateless() == stateless ? current : create(backend, stateless));
	}

	private Upstream create(BackendDefinition backend, boolean stateless) {
		UpstreamKind own = this.kinds.get(backend.transport().configName());
		if (own != null) {
			return own.upstream(backend);
		}
		if (!(backend.transport() instanceof BackendTransport.StreamableHttp)) {
			BackendChannels kind = this.channels.getOrDefault(backend.transport().configName(),
					(declared, session, user) -> Mono.error(new BackendUnavailableException(declared, "is declared with "
							+ "transport " + declared.transport().configName() + ", which this gateway does not offer")));
			return new ChannelUpstream(backend, kind, this.sessions);
		}
		return stateless ? new StatelessUpstream(backend, this.forwarder, this.credentials)
				: new SessionUpstream(backend, this.forwarder, this.sessions, this.credentials);
	}

}
