package io.github.mcpplatform.gateway.upstream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import io.github.mcpplatform.gateway.backend.BackendCredentials;
import io.github.mcpplatform.gateway.backend.BackendForwarder;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.session.SessionStore;

/**
 * The {@link Upstream} of each backend, of the kind the backend's discovery chose: a stateless-era backend
 * (it answered {@code server/discover} with 2026-07-28) or a session-era one. One is kept per backend and made
 * anew only when the backend's declaration or its discovered era changes, so the state it keeps (sessions being
 * opened, calls that can be cancelled) is shared by every request to it.
 */
public final class Upstreams {

	private final BackendForwarder forwarder;

	private final SessionStore sessions;

	private final BackendCredentials credentials;

	private final Predicate<String> speaksStateless;

	private final Map<String, Upstream> byBackend = new ConcurrentHashMap<>();

	/**
	 * @param speaksStateless whether a backend (by name) was discovered speaking the stateless era
	 */
	public Upstreams(BackendForwarder forwarder, SessionStore sessions, BackendCredentials credentials,
			Predicate<String> speaksStateless) {
		this.forwarder = forwarder;
		this.sessions = sessions;
		this.credentials = credentials;
		this.speaksStateless = speaksStateless;
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
		return stateless ? new StatelessUpstream(backend, this.forwarder, this.credentials)
				: new SessionUpstream(backend, this.forwarder, this.sessions, this.credentials);
	}

}
