package io.github.mcpplatform.cnpg.kube;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The one place where blocking Kubernetes client calls meet the reactive world.
 *
 * <p>
 * fabric8's DSL blocks the calling thread until the API server answers, so every call runs on a
 * bounded scheduler of its own (never on an event-loop thread) and is cut off after a timeout. A
 * {@code null} result (fabric8's "not found" for {@code get()}) becomes an empty {@link Mono}.
 */
public final class KubeCalls implements AutoCloseable {

	private final Scheduler scheduler;

	private final Duration timeout;

	public KubeCalls(int maxConcurrentCalls, Duration timeout) {
		this.scheduler = Schedulers.newBoundedElastic(maxConcurrentCalls, 1_000, "kube-call", 60, true);
		this.timeout = timeout;
	}

	/** Runs a blocking call off the event loop; fails with {@link KubeTimeoutException} when it takes too long. */
	public <T> Mono<T> call(Callable<T> blockingCall) {
		return Mono.fromCallable(blockingCall)
			.subscribeOn(this.scheduler)
			.timeout(this.timeout)
			.onErrorMap(TimeoutException.class, e -> new KubeTimeoutException(this.timeout));
	}

	/** Runs a blocking call that returns nothing. */
	public Mono<Void> run(Runnable blockingCall) {
		return call(() -> {
			blockingCall.run();
			return Boolean.TRUE;
		}).then();
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
