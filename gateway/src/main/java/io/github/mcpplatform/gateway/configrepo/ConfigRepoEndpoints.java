package io.github.mcpplatform.gateway.configrepo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.github.mcpplatform.gateway.protocol.SseEvents;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /config-repo/status}: which commit is live, which was refused and why, and each backend's state, in
 * JSON, or as a page for people ({@link StatusPage}) when the caller accepts HTML (a browser);
 * {@code POST /config-repo/webhook}: a push notification from the Git host, which triggers a pull here and, through
 * the {@link PullSignals}, on every replica.
 */
public final class ConfigRepoEndpoints {

	private static final int MAX_WEBHOOK_BYTES = 1024 * 1024;

	/** How long the page waits for the store to count the sessions before it says it could not. */
	private static final Duration PAGE_STORE_WAIT = Duration.ofSeconds(2);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ConfigRepoSync sync;

	private final Supplier<List<BackendSummary>> backends;

	private final @Nullable Webhooks webhooks;

	private final PullSignals signals;

	private final String branch;

	private final boolean statusOnLoopbackOnly;

	private final @Nullable String version;

	private final Instant started;

	private final Supplier<Mono<Long>> sessionsOpen;

	/**
	 * @param statusOnLoopbackOnly answer the status only to callers on the pod's own loopback (kubectl
	 *     port-forward, exec): a gateway that faces the internet keeps its backends and errors to itself
	 * @param version this replica's version, for the page; null when the build did not record it
	 * @param started when this replica started
	 * @param sessionsOpen counts the sessions open in the store, for the page
	 */
	public ConfigRepoEndpoints(ConfigRepoSync sync, Supplier<List<BackendSummary>> backends,
			@Nullable String webhookSecret, PullSignals signals, String branch, boolean statusOnLoopbackOnly,
			@Nullable String version, Instant started, Supplier<Mono<Long>> sessionsOpen) {
		this.version = version;
		this.started = started;
		this.sessionsOpen = sessionsOpen;
		this.sync = sync;
		this.backends = backends;
		this.webhooks = webhookSecret == null || webhookSecret.isEmpty() ? null : new Webhooks(webhookSecret);
		this.signals = signals;
		this.branch = branch;
		this.statusOnLoopbackOnly = statusOnLoopbackOnly;
	}

	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.GET("/config-repo/status", this::status)
			.POST("/config-repo/webhook", this::webhook)
			.build();
	}

	private Mono<ServerResponse> status(ServerRequest request) {
		boolean loopback = request.remoteAddress()
			.map(address -> address.getAddress() != null && address.getAddress().isLoopbackAddress())
			.orElse(false);
		if (this.statusOnLoopbackOnly && !loopback) {
			return ServerResponse.status(HttpStatus.FORBIDDEN)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("error", "forbidden", "error_description", "With sign-in on, the config repo status is "
						+ "answered on loopback only: kubectl port-forward to a gateway pod and ask "
						+ "http://127.0.0.1:8080/config-repo/status"));
		}
		return wantsPage(request) ? page() : status();
	}

	/** A browser's request: HTML is acceptable, named outright rather than through a wildcard. */
	private static boolean wantsPage(ServerRequest request) {
		try {
			return request.headers().accept().stream()
				.anyMatch(type -> !type.isWildcardType() && type.isCompatibleWith(MediaType.TEXT_HTML));
		}
		catch (InvalidMediaTypeException unreadable) {
			return false;
		}
	}

	private Mono<ServerResponse> page() {
		return this.sessionsOpen.get()
			.timeout(PAGE_STORE_WAIT)
			.map(Optional::of)
			.onErrorResume(e -> Mono.just(Optional.empty()))
			.defaultIfEmpty(Optional.empty())
			.flatMap(sessions -> ServerResponse.ok()
				.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
				.cacheControl(CacheControl.noStore())
				// Nothing to run and nothing to load: the page is its own whole content.
				.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
				.header("X-Content-Type-Options", "nosniff")
				.bodyValue(StatusPage.render(this.sync.status(), this.backends.get(),
						new StatusPage.Replica(this.version, this.started, sessions.orElse(null)), Instant.now())));
	}

	private Mono<ServerResponse> status() {
		ConfigRepoStatus status = this.sync.status();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("uri", status.uri());
		body.put("branch", status.branch());
		body.put("inSync", status.inSync());
		body.put("live", status.live());
		body.put("rejected", status.rejected());
		body.put("lastError", status.lastError());
		body.put("lastPull", status.lastPull());
		// Names, states, counts and the problem without addresses: backend URLs are internal addresses.
		body.put("backends", this.backends.get().stream().map(backend -> {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("name", backend.name());
			entry.put("state", backend.state());
			entry.put("tools", backend.tools());
			entry.put("problem", AddressFreeText.of(backend.problem()));
			return entry;
		}).toList());
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(JSON.writeValueAsString(body));
	}

	private Mono<ServerResponse> webhook(ServerRequest request) {
		if (this.webhooks == null) {
			return answer(HttpStatus.NOT_FOUND, "no webhook here: set gateway.config-repo.webhook-secret to enable it");
		}
		return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), MAX_WEBHOOK_BYTES)
			.map(SseEvents::drain)
			.defaultIfEmpty(new byte[0])
			.flatMap(body -> {
				if (!this.webhooks.authentic(body, request.headers().firstHeader("X-Hub-Signature-256"),
						request.headers().firstHeader("X-Gitlab-Token"))) {
					return answer(HttpStatus.UNAUTHORIZED, "signature missing or wrong: nothing pulled");
				}
				String pushed = pushedRef(body);
				if (pushed != null && !pushed.equals("refs/heads/" + this.branch)) {
					return answer(HttpStatus.ACCEPTED, "a push to " + pushed + ", not to " + this.branch + ": nothing to pull");
				}
				this.sync.requestPull("webhook");
				return this.signals.announce()
					.onErrorResume(e -> Mono.empty())
					.then(answer(HttpStatus.ACCEPTED, "pull requested"));
			})
			.onErrorResume(DataBufferLimitException.class,
					tooLarge -> answer(HttpStatus.PAYLOAD_TOO_LARGE, "at most " + MAX_WEBHOOK_BYTES + " bytes"));
	}

	/** The ref a GitHub or GitLab push event names, if the body says. */
	private static @Nullable String pushedRef(byte[] body) {
		try {
			JsonNode event = JSON.readTree(new String(body, StandardCharsets.UTF_8));
			return event.path("ref").isString() ? event.get("ref").asString() : null;
		}
		catch (JacksonException e) {
			return null;
		}
	}

	private static Mono<ServerResponse> answer(HttpStatus status, String message) {
		return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(JSON.writeValueAsString(Map.of("message", message)));
	}

}
