package io.github.mcpplatform.gateway.config;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.mcpplatform.gateway.auth.AuthorizationServer;
import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.configrepo.ConfigRepoSync;
import io.github.mcpplatform.gateway.metrics.CallMetrics;
import io.github.mcpplatform.gateway.metrics.SignInMeters;
import io.github.mcpplatform.gateway.metrics.StateMeters;
import io.github.mcpplatform.gateway.session.SessionStore;
import io.github.mcpplatform.gateway.tracing.CallTraces;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/** What the gateway measures for Prometheus (docs/operations.md lists every metric). */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

	/** Requests routed to backends: latency, outcome, in flight (the MCP endpoint records them). */
	@Bean
	CallMetrics callMetrics(MeterRegistry meters, CallTraces traces) {
		return new CallMetrics(meters, traces);
	}

	/**
	 * Spans of routed requests when tracing is on ({@code management.tracing.export.enabled}, off by default in
	 * application.yaml). Off, nothing is traced and no {@code traceparent} is sent, whatever tracer exists.
	 */
	@Bean
	CallTraces callTraces(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator,
			@Value("${management.tracing.export.enabled:false}") boolean exported,
			@Value("${management.opentelemetry.tracing.export.otlp.endpoint:}") String endpoint) {
		if (exported && endpoint.isBlank()) {
			// Spans would be made and traceparents sent, but no span would ever leave the gateway.
			throw new StartupRefusedException("management.tracing.export.enabled is true but no collector is named: "
					+ "set management.opentelemetry.tracing.export.otlp.endpoint to its OTLP/HTTP traces URL (e.g. "
					+ "http://otel-collector:4318/v1/traces), or leave tracing off.");
		}
		Tracer active = tracer.getIfAvailable(() -> Tracer.NOOP);
		return !exported || active == Tracer.NOOP ? CallTraces.off()
				: new CallTraces(active, propagator.getIfAvailable(() -> Propagator.NOOP));
	}

	/** Backends up, sessions open, config repo sync. */
	@Bean(destroyMethod = "close")
	StateMeters stateMeters(BackendRegistry backends, ConfigRepoSync sync, SessionStore sessions,
			MetricsProperties properties) {
		return new StateMeters(backends, sync, sessions, properties.sessionCountInterval());
	}

	/** Sign-ins and refreshes, by outcome. */
	@Bean
	SignInMeters signInMeters(MeterRegistry meters) {
		return new SignInMeters(meters, AuthorizationServer.CALLBACK_PATH, "/token");
	}

}
