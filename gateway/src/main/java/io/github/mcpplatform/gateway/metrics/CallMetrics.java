package io.github.mcpplatform.gateway.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;

import io.github.mcpplatform.gateway.tracing.CallTraces;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import reactor.core.publisher.Flux;

/**
 * Requests routed to a backend ({@code tools/call}, {@code prompts/get}, {@code resources/read}, ...), measured
 * from the moment the gateway reads them to the end of the answer: {@code gateway.calls} (a latency histogram by
 * backend, method, tool and outcome) and {@code gateway.calls.in_flight}. The router tells each {@link Call} where
 * it went and what it decided; what the backend answered is read from the answer as it streams past.
 * <p>
 * Label values are bounded: {@code backend} is a configured backend's name (or {@code none} when the request
 * reached none), {@code tool} the gateway name of a tool in the live catalog (a name the catalog does not have is
 * {@code other}, a request that is no tool call {@code none}), never anything a client or a user chose freely.
 */
public final class CallMetrics {

	/** The latency histogram's buckets: from a fast local tool to a long-running one. */
	private static final Duration[] BUCKETS = { Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
			Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
			Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
			Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120) };

	static final String NONE = "none";

	static final String OTHER = "other";

	/** How a routed request ended, as the {@code outcome} label says. */
	public enum Outcome {

		/** The backend answered with a result. */
		OK,

		/** The backend answered with a tool result that says {@code isError: true}. */
		TOOL_ERROR,

		/** The backend did not answer in time ({@code timeout} of the backend). */
		TIMEOUT,

		/** The backend is down or still connecting, or could not be reached. */
		UNAVAILABLE,

		/** Refused: a name no backend this user may use offers, bad parameters, or a JSON-RPC error of the backend. */
		REFUSED,

		/** The client went away before the answer ended. */
		CANCELLED;

		/** Worked out once: every call ends with one. */
		private final String label = name().toLowerCase(java.util.Locale.ROOT);

		String label() {
			return this.label;
		}

	}

	private final MeterRegistry meters;

	private final CallTraces traces;

	private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

	private final Map<Key, AtomicInteger> inFlight = new ConcurrentHashMap<>();

	public CallMetrics(MeterRegistry meters) {
		this(meters, CallTraces.off());
	}

	/** Measures calls, and traces each one when tracing is on: the trace starts, learns and ends with the call. */
	public CallMetrics(MeterRegistry meters, CallTraces traces) {
		this.meters = meters;
		this.traces = traces;
	}

	/** Measures nothing anyone reads: for endpoints built without a registry (tests, tools). */
	public static CallMetrics unread() {
		return new CallMetrics(new CompositeMeterRegistry());
	}

	/** A request of this method begins now. */
	public Call start(String method) {
		return start(method, null);
	}

	/** A request of this method begins now, in the trace of the client's {@code traceparent} when it sent one. */
	public Call start(String method, @Nullable String clientTraceparent) {
		return new Call(method, System.nanoTime(), this.traces.start(method, clientTraceparent));
	}

	private record Key(String backend, String method, String tool, String outcome) {
	}

	private AtomicInteger inFlight(Key key) {
		return this.inFlight.computeIfAbsent(key, k -> {
			AtomicInteger count = new AtomicInteger();
			Gauge.builder("gateway.calls.in_flight", count, AtomicInteger::get)
				.description("Requests routed to a backend whose answer has not ended yet")
				.tags("backend", k.backend(), "method", k.method(), "tool", k.tool())
				.register(this.meters);
			return count;
		});
	}

	private Timer timer(Key key) {
		return this.timers.computeIfAbsent(key, k -> Timer.builder("gateway.calls")
			.description("Requests routed to a backend, from the request to the end of its answer")
			.tags("backend", k.backend(), "method", k.method(), "tool", k.tool(), "outcome", k.outcome())
			.serviceLevelObjectives(BUCKETS)
			.register(this.meters));
	}

	/**
	 * One routed request. Told where it went ({@link #routedTo}) and, when the gateway itself answers, what it
	 * decided ({@link #decided}, {@link #failed}); otherwise the backend's answer says ({@link #observe}). It is
	 * recorded once, when the answer ends, fails or is cancelled.
	 */
	public final class Call {

		private final String method;

		private final long started;

		private String backend = NONE;

		private String tool;

		private @Nullable Outcome decided;

		private @Nullable AtomicInteger counted;

		private final AtomicBoolean ended = new AtomicBoolean();

		private final CallTraces.Trace trace;

		private @Nullable Throwable problem;

		private Call(String method, long started, CallTraces.Trace trace) {
			this.method = method;
			this.started = started;
			this.trace = trace;
			this.tool = "tools/call".equals(method) ? OTHER : NONE;
		}

		/**
		 * Where the request goes: {@code backend} (a configured backend), and for a tool call the gateway name of a
		 * tool in the live catalog, or null when the catalog has no such tool.
		 */
		public Call routedTo(String backend, @Nullable String catalogTool) {
			this.backend = backend;
			if (catalogTool != null && "tools/call".equals(this.method)) {
				this.tool = catalogTool;
			}
			if (this.counted == null) {
				this.counted = inFlight(new Key(this.backend, this.method, this.tool, ""));
				this.counted.incrementAndGet();
				this.trace.routedTo(this.backend, "tools/call".equals(this.method) ? this.tool : null);
			}
			return this;
		}

		/** The gateway answered itself, and this is how the request ended. */
		public void decided(Outcome outcome) {
			this.decided = outcome;
		}

		/** The request failed on its way to or from its backend: a timeout, or a backend it could not reach. */
		public void failed(Throwable problem) {
			this.problem = problem;
			this.decided = timedOut(problem) ? Outcome.TIMEOUT : Outcome.UNAVAILABLE;
		}

		/** The answer's body, read as it passes; the call is recorded when it ends. */
		public Flux<DataBuffer> observe(Flux<DataBuffer> body) {
			AnswerScan scan = new AnswerScan();
			return body.doOnNext(scan::feed)
				.doOnComplete(() -> end(this.decided != null ? this.decided
						: scan.sawJsonRpcError() ? Outcome.REFUSED : scan.sawToolError() ? Outcome.TOOL_ERROR : Outcome.OK))
				.doOnError(problem -> {
					this.problem = problem;
					end(timedOut(problem) ? Outcome.TIMEOUT : Outcome.UNAVAILABLE);
				})
				.doOnCancel(() -> end(Outcome.CANCELLED));
		}

		/** Ends a call that produced no answer to observe. */
		public void abandoned(@Nullable Throwable problem) {
			this.problem = problem;
			end(problem == null ? Outcome.CANCELLED : timedOut(problem) ? Outcome.TIMEOUT : Outcome.UNAVAILABLE);
		}

		private void end(Outcome outcome) {
			if (!this.ended.compareAndSet(false, true)) {
				return;
			}
			if (this.counted != null) {
				this.counted.decrementAndGet();
			}
			timer(new Key(this.backend, this.method, this.tool, outcome.label()))
				.record(System.nanoTime() - this.started, TimeUnit.NANOSECONDS);
			this.trace.end(outcome.label(), this.problem);
		}

		/** The call's trace, for the spans of its steps ({@link CallTraces.Trace#NONE} when tracing is off). */
		public CallTraces.Trace trace() {
			return this.trace;
		}

	}

	private static boolean timedOut(Throwable problem) {
		Throwable cause = problem;
		// Bounded: a chain of causes may loop.
		for (int depth = 0; cause != null && depth < 10; depth++, cause = cause.getCause()) {
			if (cause instanceof TimeoutException) {
				return true;
			}
		}
		return false;
	}

}
