package io.github.mcpplatform.gateway.configrepo;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
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
 * {@code GET /config-repo/status}: which commit is live, which was refused and why, and each backend's state;
 * {@code POST /config-repo/webhook}: a push notification from the Git host, which triggers a pull here and, through
 * the {@link PullSignals}, on every replica.
 */
public final class ConfigRepoEndpoints {

	private static final int MAX_WEBHOOK_BYTES = 1024 * 1024;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ConfigRepoSync sync;

	private final java.util.function.Supplier<List<BackendSummary>> backends;

	private final @Nullable Webhooks webhooks;

	private final PullSignals signals;

	private final String branch;

	private final boolean statusOnLoopbackOnly;

	/**
	 * @param statusOnLoopbackOnly answer the status only to callers on the pod's own loopback (kubectl
	 *     port-forward, exec): a gateway that faces the internet keeps its backends and errors to itself
	 */
	public ConfigRepoEndpoints(ConfigRepoSync sync, java.util.function.Supplier<List<BackendSummary>> backends,
			@Nullable String webhookSecret, PullSignals signals, String branch, boolean statusOnLoopbackOnly) {
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
		return status();
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
