package io.github.mcpplatform.cnpg.kube;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfig;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

/**
 * The one place where blocking Kubernetes client calls meet the reactive world, and where they take the
 * identity they act with.
 *
 * <p>
 * fabric8's DSL blocks the calling thread until the API server answers, so every call runs on a
 * bounded scheduler of its own (never on an event-loop thread) and is cut off after a timeout. A
 * {@code null} result (fabric8's "not found" for {@code get()}) becomes an empty {@link Mono}.
 *
 * <p>
 * A call made for a person ({@link #actingAs}, put in the Reactor context of a tool call when
 * {@code cnpg.kubernetes.impersonate} is on) gets a view of the client that sends the impersonation headers:
 * fabric8's {@code Client.newClient(RequestConfig)}, the mechanism behind {@code withRequestConfig}, which
 * shares the HTTP client, its connections and its threads and only tags its requests with the
 * {@link RequestConfig} that fabric8's impersonation interceptor reads. The view is made per call because the
 * identity belongs to the call, never to a thread: fabric8 retries on other threads.
 */
public final class KubeCalls implements AutoCloseable {

	private final Scheduler scheduler;

	private final Duration timeout;

	private final boolean impersonate;

	/** Calls that act as the backend's own identity. */
	public KubeCalls(int maxConcurrentCalls, Duration timeout) {
		this(maxConcurrentCalls, timeout, false);
	}

	/**
	 * @param impersonate every call with a client must act as a person: one without {@link #actingAs} in its
	 *     context fails instead of falling back to the backend's own identity
	 */
	public KubeCalls(int maxConcurrentCalls, Duration timeout, boolean impersonate) {
		this.scheduler = Schedulers.newBoundedElastic(maxConcurrentCalls, 1_000, "kube-call", 60, true);
		this.timeout = timeout;
		this.impersonate = impersonate;
	}

	/** For {@code contextWrite}: the calls of this subscription act as {@code user}. */
	public static Function<Context, Context> actingAs(KubeUser user) {
		return context -> context.put(KubeUser.class, user);
	}

	/**
	 * Runs a blocking call with {@code client}, or with a view of it that impersonates the person the call is
	 * made for; fails with {@link KubeTimeoutException} when it takes too long, and a refusal (403) made to a
	 * person with {@link ForbiddenAsUserException}, which names them.
	 */
	public <T> Mono<T> call(KubernetesClient client, Function<KubernetesClient, T> blockingCall) {
		return Mono.deferContextual(context -> {
			Optional<KubeUser> user = context.getOrEmpty(KubeUser.class);
			if (user.isPresent()) {
				return blocking(() -> blockingCall.apply(impersonating(client, user.get()))).onErrorMap(
						e -> e instanceof KubernetesClientException k && k.getCode() == 403,
						e -> new ForbiddenAsUserException((KubernetesClientException) e, user.get()));
			}
			if (this.impersonate) {
				// Never fall back to the backend's own identity: that is what impersonation is there to avoid.
				return Mono.error(new IllegalStateException(
						"cnpg.kubernetes.impersonate is on, but this Kubernetes call is made for nobody: it was not sent"));
			}
			return blocking(() -> blockingCall.apply(client));
		});
	}

	/** Runs a blocking call that returns nothing. */
	public Mono<Void> run(KubernetesClient client, Consumer<KubernetesClient> blockingCall) {
		return call(client, actor -> {
			blockingCall.accept(actor);
			return Boolean.TRUE;
		}).then();
	}

	/**
	 * Runs a blocking call as the backend itself (a health check). Refused in a call made for a person: whatever
	 * client it uses, it would not carry their identity.
	 */
	public <T> Mono<T> call(Callable<T> blockingCall) {
		return Mono.deferContextual(context -> context.hasKey(KubeUser.class)
				? Mono.error(new IllegalStateException("a Kubernetes call made for a person does not carry their "
						+ "identity (use KubeCalls.call(client, ...)): it was not sent"))
				: blocking(blockingCall));
	}

	/** Runs a blocking call that returns nothing, as the backend itself. */
	public Mono<Void> run(Runnable blockingCall) {
		return call(() -> {
			blockingCall.run();
			return Boolean.TRUE;
		}).then();
	}

	private <T> Mono<T> blocking(Callable<T> blockingCall) {
		return Mono.fromCallable(blockingCall)
			.subscribeOn(this.scheduler)
			.timeout(this.timeout)
			.onErrorMap(TimeoutException.class, e -> new KubeTimeoutException(this.timeout));
	}

	/** The client's settings (timeouts, retries) with the user's impersonation headers. */
	static KubernetesClient impersonating(KubernetesClient client, KubeUser user) {
		RequestConfig config = new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
			.withImpersonateUsername(user.name())
			.withImpersonateGroups(user.groups().toArray(String[]::new))
			.withImpersonateExtras(Map.of())
			.build();
		return client.newClient(config).adapt(KubernetesClient.class);
	}

	public Duration timeout() {
		return this.timeout;
	}

	@Override
	public void close() {
		this.scheduler.dispose();
	}

	/** The Kubernetes API did not answer in time. */
	public static final class KubeTimeoutException extends RuntimeException {

		KubeTimeoutException(Duration timeout) {
			super("the Kubernetes API did not answer within " + timeout.toMillis() + " ms");
		}

	}

}
