package io.github.mcpplatform.gateway.config;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.stdio.StdioChannels;
import io.github.mcpplatform.gateway.configrepo.BackendSummary;
import io.github.mcpplatform.gateway.configrepo.ConfigRepoEndpoints;
import io.github.mcpplatform.gateway.configrepo.ConfigRepoLoader;
import io.github.mcpplatform.gateway.configrepo.ConfigRepoSettings;
import io.github.mcpplatform.gateway.configrepo.ConfigRepoStatus;
import io.github.mcpplatform.gateway.configrepo.ConfigRepoSync;
import io.github.mcpplatform.gateway.configrepo.PullSignals;
import io.github.mcpplatform.gateway.openapi.OpenApiBackends;
import io.github.mcpplatform.gateway.session.SessionStore;
import reactor.core.publisher.Mono;

/** The config repo: pulled into the backend registry, its status, webhook and readiness. */
@Configuration(proxyBeanMethods = false)
class ConfigRepoConfiguration {

	@Bean(destroyMethod = "close")
	ConfigRepoSync configRepoSync(GatewayProperties properties, Environment environment, BackendRegistry registry,
			StdioChannels stdio, OpenApiBackends openApi) {
		GatewayConfiguration.refuseUnauthenticatedNetworkAccess(properties, environment);
		ConfigRepoSettings settings = properties.configRepo();
		ConfigRepoSafety.refuseUnsafe(settings);
		// ${NAME} references resolve like any Spring property: environment variables, system properties, ...
		ConfigRepoSync sync = new ConfigRepoSync(settings, new ConfigRepoLoader(environment::getProperty,
				properties.backends().stdio().enabled()), snapshot -> {
					registry.apply(snapshot);
					// Processes of stdio backends the snapshot removed or changed are stopped.
					stdio.retain(snapshot.backends());
					// OpenAPI documents at a URL are read again: the API may have changed with the config.
					openApi.retain(snapshot.backends());
				},
				workDirectory(settings));
		if (!settings.isGit()) {
			sync.loadDirectoryNow();
		}
		return sync;
	}

	/** Where the working copy and the last good snapshot live, one directory per repository and branch. */
	private static Path workDirectory(ConfigRepoSettings settings) {
		if (settings.cacheDir() != null) {
			return settings.cacheDir();
		}
		String key = HexFormat.of().formatHex((settings.uri() + "#" + settings.branch()).getBytes(StandardCharsets.UTF_8));
		return Path.of(System.getProperty("java.io.tmpdir"), "mcp-gateway", "config-repo",
				key.substring(0, Math.min(40, key.length())) + "-" + Integer.toHexString(key.hashCode()));
	}

	@Bean
	PullSignals pullSignals(GatewayProperties properties, ObjectProvider<ReactiveStringRedisTemplate> redis,
			ObjectProvider<ReactiveRedisMessageListenerContainer> listeners) {
		return switch (properties.store()) {
			case MEMORY -> PullSignals.none();
			case REDIS -> PullSignals.redis(redis.getObject(), listeners.getObject());
		};
	}

	/**
	 * Backends connect, and the config repo is pulled, once the gateway serves requests: backends may need its
	 * JWKS to accept its tokens.
	 */
	@Bean
	ApplicationListener<ApplicationReadyEvent> backendStarter(BackendRegistry registry, ConfigRepoSync sync,
			PullSignals signals) {
		return event -> {
			registry.start();
			sync.start();
			signals.announcements().subscribe(sender -> sync.requestPull("webhook on another replica"));
		};
	}

	/** The status (JSON, or the page for people) and the webhook. */
	@Bean
	RouterFunction<ServerResponse> configRepoRoutes(ConfigRepoSync sync, BackendRegistry registry,
			GatewayProperties properties, PullSignals signals, SessionStore sessions, ObjectProvider<BuildProperties> build,
			OpenApiBackends openApi) {
		BuildProperties info = build.getIfAvailable();
		return new ConfigRepoEndpoints(sync, () -> registry.statuses().stream()
			.map(status -> new BackendSummary(status.backend(), status.state().name(), status.tools().size(),
					registry.backend(status.backend()).map(backend -> backend.transport().configName()).orElse("unknown"),
					// An OpenAPI backend whose document no longer reads keeps its tools, and says why here.
					status.problem() != null ? status.problem() : openApi.problem(status.backend()), status.since()))
			.toList(), properties.configRepo().webhookSecret(), signals,
				properties.configRepo().branch(), properties.auth().mode() == GatewayProperties.Auth.Mode.OAUTH,
				info == null ? null : info.getVersion(),
				Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()), sessions::count)
			.routes();
	}

	/** Readiness: not ready until some snapshot (from the repository or the disk copy) is live. */
	@Bean
	ReactiveHealthIndicator configRepoHealthIndicator(ConfigRepoSync sync) {
		return () -> Mono.fromSupplier(() -> {
			ConfigRepoStatus status = sync.status();
			Health.Builder health = status.live() != null ? Health.up() : Health.down();
			health.withDetail("uri", status.uri()).withDetail("inSync", status.inSync());
			if (status.live() != null) {
				health.withDetail("version", status.live().version()).withDetail("from", status.live().from());
			}
			if (status.lastError() != null) {
				health.withDetail("error", status.lastError());
			}
			if (status.rejected() != null) {
				health.withDetail("rejected", status.rejected().version());
			}
			return health.build();
		});
	}

}
