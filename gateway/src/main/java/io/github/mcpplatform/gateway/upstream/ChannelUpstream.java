package io.github.mcpplatform.gateway.upstream;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import io.github.mcpplatform.gateway.backend.BackendUnavailableException;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import io.github.mcpplatform.gateway.protocol.SseEvents;
import io.github.mcpplatform.gateway.session.FrontSession;
import io.github.mcpplatform.gateway.session.SessionStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A backend reached through a {@link BackendChannel} (legacy HTTP+SSE, stdio): whatever the channel's kind, a
 * call is answered as a streamable-HTTP server would answer it, with an event stream of the messages that belong
 * to the call ({@link ChannelTraffic}) ending with its response. The call has the backend's timeout until its
 * first message; once it has started, the caller bounds how long it may run. A channel that breaks fails each
 * of its calls with a {@link BackendUnavailableException} (one whose request was sent may have done its work),
 * and the next request opens a new channel.
 *
 * <p>
 * Channels live on the replica that opened them. The client session records that it met the backend (so that
 * its cancellations and its end reach it) under a key of this replica's; another replica that serves the same
 * session opens a channel of its own.
 */
final class ChannelUpstream implements Upstream {

	private static final Logger log = LoggerFactory.getLogger(ChannelUpstream.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final BackendDefinition backend;

	private final BackendChannels channels;

	private final SessionStore sessions;

	/** The traffic of each channel in use, by channel. */
	private final Map<BackendChannel, ChannelTraffic> traffic = new ConcurrentHashMap<>();

	/** The channel of each client session on this replica, by client session id. */
	private final Map<String, Opened> bySession = new ConcurrentHashMap<>();

	/** The client session of each key recorded in a session, for {@link #close}. */
	private final Map<String, String> sessionByKey = new ConcurrentHashMap<>();

	private record Opened(BackendChannel channel, String key) {
	}

	ChannelUpstream(BackendDefinition backend, BackendChannels channels, SessionStore sessions) {
		this.backend = backend;
		this.channels = channels;
		this.sessions = sessions;
	}

	@Override
	public BackendDefinition backend() {
		return this.backend;
	}

	@Override
	public boolean stateless() {
		return false;
	}

	@Override
	public Mono<ResponseEntity<Flux<DataBuffer>>> call(FrontSession session, GatewayUser user, ObjectNode message) {
		JsonNode id = message.get("id");
		if (id == null) {
			return notify(session, user, JsonRpc.JSON.writeValueAsString(message))
				.then(Mono.fromSupplier(() -> ResponseEntity.status(HttpStatus.ACCEPTED).body(Flux.<DataBuffer>empty())));
		}
		return traffic(session, user).flatMap(traffic -> {
			ChannelTraffic.Call call = traffic.register(message);
			// Once sent, the request has reached the backend: what fails after may leave its work done.
			return traffic.channel().send(message)
				.then(call.started()
					.timeout(this.backend.timeout(), Mono.error(() -> new BackendUnavailableException(this.backend,
							new TimeoutException())))
					.onErrorMap(BackendUnavailableException.class, BackendUnavailableException::afterArrival))
				.then(Mono.fromSupplier(() -> ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM)
					.body(events(call.messages().onErrorMap(BackendUnavailableException.class,
							BackendUnavailableException::afterArrival)).doFinally(signal -> traffic.forget(call)))))
				.doOnError(e -> traffic.forget(call))
				.doOnCancel(() -> traffic.forget(call));
		});
	}

	/**
	 * A call's messages as SSE events. A channel that breaks midway fails them, as a streamable-HTTP answer that
	 * breaks does: the caller answers the client for the call.
	 */
	private static Flux<DataBuffer> events(Flux<ObjectNode> messages) {
		return messages.map(message -> DefaultDataBufferFactory.sharedInstance
			.wrap(SseEvents.message(JsonRpc.JSON.writeValueAsString(message))));
	}

	@Override
	public Mono<Void> notify(FrontSession session, GatewayUser user, String message) {
		Opened opened = this.bySession.get(session.id());
		if (opened == null || !opened.channel().isOpen()) {
			// The backend never met this client on this replica, so nothing it sent can be answered or cancelled.
			return Mono.empty();
		}
		ObjectNode parsed = (ObjectNode) JsonRpc.JSON.readTree(message);
		ChannelTraffic traffic = this.traffic.get(opened.channel());
		if (traffic != null && "notifications/cancelled".equals(parsed.path("method").asString(""))) {
			traffic.cancelled(parsed.path("params").get("requestId"));
		}
		return opened.channel().send(parsed).onErrorResume(e -> {
			log.warn("A client message did not reach backend {}: {}", this.backend.name(), e.getMessage());
			return Mono.empty();
		});
	}

	@Override
	public Mono<ResponseEntity<Flux<DataBuffer>>> stream(FrontSession session, GatewayUser user) {
		return traffic(session, user).map(traffic -> ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM)
			.body(traffic.stream()
				.map(message -> DefaultDataBufferFactory.sharedInstance
					.wrap(SseEvents.message(JsonRpc.JSON.writeValueAsString(message))))));
	}

	@Override
	public Mono<Void> close(GatewayUser user, String backendSession) {
		String sessionId = this.sessionByKey.remove(backendSession);
		Opened opened = sessionId == null ? null : this.bySession.remove(sessionId);
		if (opened == null) {
			return Mono.empty();
		}
		ChannelTraffic traffic = this.traffic.remove(opened.channel());
		if (traffic != null) {
			traffic.dispose();
		}
		return opened.channel().close().onErrorComplete();
	}

	/**
	 * The traffic of the client session's channel, opened if need be. The first channel of a session on this
	 * replica is recorded in the session, so that the client's cancellations and its end reach the backend.
	 */
	private Mono<ChannelTraffic> traffic(FrontSession session, GatewayUser user) {
		return this.channels.channel(this.backend, session, user).flatMap(channel -> {
			ChannelTraffic known = this.traffic.get(channel);
			if (known != null && !known.isOver()) {
				return Mono.just(known);
			}
			ChannelTraffic fresh = this.traffic.compute(channel, (key, current) -> current != null && !current.isOver()
					? current : sorting(channel));
			return remember(session, channel).thenReturn(fresh);
		});
	}

	/**
	 * The traffic of a channel. When the channel is over, it leaves the maps, as do the sessions that used it:
	 * most clients never end their sessions, and nothing here may grow with every session there ever was.
	 */
	private ChannelTraffic sorting(BackendChannel channel) {
		ChannelTraffic[] self = new ChannelTraffic[1];
		self[0] = new ChannelTraffic(this.backend, channel, () -> {
			if (self[0] != null) {
				this.traffic.remove(channel, self[0]);
			}
			this.bySession.entrySet().removeIf(entry -> {
				boolean over = entry.getValue().channel() == channel;
				if (over) {
					this.sessionByKey.remove(entry.getValue().key(), entry.getKey());
				}
				return over;
			});
		});
		return self[0];
	}

	private Mono<Void> remember(FrontSession session, BackendChannel channel) {
		Opened current = this.bySession.get(session.id());
		if (current != null && current.channel() == channel) {
			return Mono.empty();
		}
		String key = current != null ? current.key() : newKey();
		this.bySession.put(session.id(), new Opened(channel, key));
		this.sessionByKey.put(key, session.id());
		return current != null ? Mono.empty()
				: this.sessions.putBackendSession(session.id(), this.backend.name(), key).then();
	}

	private static String newKey() {
		byte[] bytes = new byte[18];
		RANDOM.nextBytes(bytes);
		return "channel-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
