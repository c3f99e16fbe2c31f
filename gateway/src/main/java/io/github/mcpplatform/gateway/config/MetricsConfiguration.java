package io.github.mcpplatform.gateway.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.mcpplatform.gateway.auth.AuthorizationServer;
import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.configrepo.ConfigRepoSync;
import io.github.mcpplatform.gateway.metrics.CallMetrics;
import io.github.mcpplatform.gateway.metrics.SignInMeters;
import io.github.mcpplatform.gateway.metrics.StateMeters;
import io.github.mcpplatform.gateway.session.SessionStore;
import io.micrometer.core.instrument.MeterRegistry;

/** What the gateway measures for Prometheus (docs/operations.md lists every metric). */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

	/** Requests routed to backends: latency, outcome, in flight (the MCP endpoint records them). */
	@Bean
	CallMetrics callMetrics(MeterRegistry meters) {
		return new CallMetrics(meters);
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
