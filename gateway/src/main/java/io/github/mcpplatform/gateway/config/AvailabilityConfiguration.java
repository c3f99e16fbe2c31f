package io.github.mcpplatform.gateway.config;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.backend.StartupReadiness;
import io.github.mcpplatform.gateway.configrepo.ConfigRepoSync;
import io.github.mcpplatform.gateway.store.StoreHealth;
import io.github.mcpplatform.gateway.store.StoreOutageFilter;
import io.lettuce.core.resource.Delay;

/**
 * When the replica serves, and what it answers when it cannot: readiness waits for the backends' first
 * connection attempts and for the store; store outages are answered with 503 (see docs/operations.md).
 */
@Configuration(proxyBeanMethods = false)
class AvailabilityConfiguration {

	/** Readiness member {@code store}: Redis answers a PING within its command timeout. */
	@Bean
	ReactiveHealthIndicator storeHealthIndicator(GatewayProperties properties, ObjectProvider<ReactiveStringRedisTemplate> redis,
			@Value("${spring.data.redis.timeout:1s}") Duration timeout) {
		return switch (properties.store()) {
			case MEMORY -> StoreHealth.memory();
			case REDIS -> StoreHealth.redis(redis.getObject(), timeout);
		};
	}

	/** Readiness member {@code backends}: every backend of the first snapshot has had its first attempt. */
	@Bean
	ReactiveHealthIndicator backendsHealthIndicator(BackendRegistry registry, ConfigRepoSync sync,
			GatewayProperties properties) {
		return new StartupReadiness(registry, () -> sync.status().live() != null,
				properties.backends().firstConnectionWait(), Clock.systemUTC());
	}

	/** Requests that fail because the store cannot be reached get 503 and {@code Retry-After}. */
	@Bean
	StoreOutageFilter storeOutageFilter() {
		return new StoreOutageFilter();
	}

	/**
	 * Lettuce reconnects by itself, waiting twice as long after each failure, up to 30 s by default: after a
	 * long outage the gateway would stay unavailable for up to 30 s after Redis returned. At most 1 s here.
	 */
	@Bean
	@ConditionalOnProperty(name = "gateway.store", havingValue = "redis")
	ClientResourcesBuilderCustomizer redisReconnectDelay() {
		return resources -> resources
			.reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS));
	}

}
