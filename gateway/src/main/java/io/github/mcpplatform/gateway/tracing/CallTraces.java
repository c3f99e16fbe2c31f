package io.github.mcpplatform.gateway.tracing;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The spans of requests routed to a backend: one per front request ({@code mcp <method>}), with children for the
 * access decision ({@code gateway.policy}) and the backend call ({@code gateway.backend.call}), whose W3C
 * {@code traceparent} goes to the backend as an HTTP header and in {@code params._meta}, and the store
 * operations the request makes on its way ({@code gateway.store}, e.g. recording a backend's new session).
 * <p>
 * Attributes name the method, the backend and the tool (a name from the live catalog), never a user or an argument.
 * With tracing off ({@link #off()}, the default) every step returns at once: no span, no header, no allocation
 * beyond the call's own.
 *
 * @see <a href="https://www.w3.org/TR/trace-context/#traceparent-header">W3C Trace Context</a>
 * @see <a href="https://modelcontextprotocol.io/seps/414-request-meta">SEP-414: trace context in {@code _meta}</a>
 * @see <a href="https://opentelemetry.io/docs/specs/semconv/gen-ai/mcp/">OpenTelemetry semantic conventions for MCP</a>
 */
public final class CallTraces {

	/** The W3C header, and the key in {@code params._meta} by the MCP convention (SEP-414). */
	public static final String TRACEPARENT = "traceparent";

	/** Where the backend call's {@code traceparent} travels in the Reactor context, down to the HTTP request. */
	private static final String CONTEXT_KEY = CallTraces.class.getName() + ".traceparent";

	/** Where the front request's spans travel in the Reactor context, down to the store's operations. */
	private static final String TRACE_KEY = CallTraces.class.getName() + ".trace";

	private static final CallTraces OFF = new CallTraces(Tracer.NOOP, Propagator.NOOP);

	private final Tracer tracer;

	private final Propagator propagator;

	public CallTraces(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	/** Traces nothing: tracing is off. */
	public static CallTraces off() {
		return OFF;
	}

	/** Whether spans are made at all. */
	public boolean on() {
		return this.tracer != Tracer.NOOP;
	}

	/** A front request of this method begins now; {@link Trace#NONE} when tracing is off. */
	public Trace start(String method) {
		return start(method, null);
	}

	/**
	 * A front request of this method begins now, continuing the client's trace when it sent one in
	 * {@code params._meta.traceparent} (SEP-414): the request's span is then a child of the client's. A value
	 * that is not a valid W3C {@code traceparent} starts a trace of its own, as no value does.
	 */
	public Trace start(String method, @Nullable String clientTraceparent) {
		if (!on()) {
			return Trace.NONE;
		}
		Span.Builder builder = clientTraceparent == null ? this.tracer.spanBuilder()
				: this.propagator.extract(Map.of(TRACEPARENT, clientTraceparent), Map::get);
		Span front = builder.name("mcp " + method).kind(Span.Kind.SERVER).tag("mcp.method.name", method).start();
		return new Trace(this, front);
	}

	/** The {@code traceparent} a backend request carries, put there by {@link #withTraceparent}; null when none. */
	public static @Nullable String traceparent(ContextView context) {
		return context.getOrDefault(CONTEXT_KEY, null);
	}

	/** The context with the {@code traceparent} a backend request in it carries (unchanged when null). */
	public static Context withTraceparent(Context context, @Nullable String traceparent) {
		return traceparent == null ? context : context.put(CONTEXT_KEY, traceparent);
	}

	/** The context with the spans of the front request whose work runs in it (unchanged when tracing is off). */
	public static Context withTrace(Context context, Trace trace) {
		return trace.front == null ? context : context.put(TRACE_KEY, trace);
	}

	/**
	 * A store operation: a {@code gateway.store} child span of the front request whose work it is part of, when
	 * there is one in the context (none for requests the gateway answers itself, or with tracing off).
	 *
	 * @param store what the store is ({@code redis} or {@code memory}), OpenTelemetry's {@code db.system.name}
	 * @param operation the store's operation, e.g. {@code putBackendSession}
	 */
	public static <T> Mono<T> storeOperation(String store, String operation, Mono<T> work) {
		return Mono.deferContextual(context -> {
			Trace trace = context.getOrDefault(TRACE_KEY, null);
			if (trace == null || trace.traces == null || trace.front == null) {
				return work;
			}
			Span span = trace.clientSpan("gateway.store").tag("db.system.name", store).tag("db.operation.name", operation).start();
			return work.doOnError(span::error).doFinally(signal -> span.end());
		});
	}

	/** The spans of one front request. */
	public static final class Trace {

		/** Tracing is off: nothing is recorded. */
		public static final Trace NONE = new Trace(null, null);

		private final @Nullable CallTraces traces;

		private final @Nullable Span front;

		private @Nullable Span backendCall;

		private Trace(@Nullable CallTraces traces, @Nullable Span front) {
			this.traces = traces;
			this.front = front;
		}

		/** Where the request goes: a configured backend and, for a tool call, the tool's name in the live catalog. */
		public void routedTo(String backend, @Nullable String tool) {
			if (this.front != null) {
				this.front.tag("gateway.backend", backend);
				if (tool != null) {
					this.front.tag("gen_ai.tool.name", tool);
				}
			}
		}

		/** The access decision for a backend: a span of its own, since it is what an operator asks about. */
		public void policy(String backend, boolean admitted) {
			if (this.traces != null && this.front != null) {
				this.traces.tracer.nextSpan(this.front)
					.name("gateway.policy")
					.tag("gateway.backend", backend)
					.tag("gateway.policy.decision", admitted ? "allow" : "deny")
					.start()
					.end();
			}
		}

		/**
		 * The call to the backend begins: its span starts, and its {@code traceparent} is what the backend receives
		 * (null when tracing is off). The span ends with the front request.
		 */
		public @Nullable String backendCall(String backend) {
			if (this.traces == null || this.front == null) {
				return null;
			}
			Span call = clientSpan("gateway.backend.call").tag("gateway.backend", backend).start();
			this.backendCall = call;
			Map<String, String> headers = new HashMap<>();
			this.traces.propagator.inject(call.context(), headers, Map::put);
			return headers.get(TRACEPARENT);
		}

		/** A child of the request's span for a call it makes to something else (a backend, the store). */
		private Span.Builder clientSpan(String name) {
			return Objects.requireNonNull(this.traces).tracer.spanBuilder()
				.setParent(Objects.requireNonNull(this.front).context())
				.name(name)
				.kind(Span.Kind.CLIENT);
		}

		/** Runs {@code work} (a log line) with this request's span current, so that the line carries its trace id. */
		public void inScope(Runnable work) {
			if (this.traces == null || this.front == null) {
				work.run();
				return;
			}
			try (Tracer.SpanInScope scope = this.traces.tracer.withSpan(this.front)) {
				work.run();
			}
		}

		/** The request ended with this outcome (and problem, if any). */
		public void end(String outcome, @Nullable Throwable problem) {
			if (this.front == null) {
				return;
			}
			Span call = this.backendCall;
			if (call != null) {
				if (problem != null) {
					call.error(problem);
				}
				call.end();
			}
			this.front.tag("gateway.outcome", outcome);
			if (problem != null) {
				this.front.error(problem);
			}
			this.front.end();
		}

	}

}
