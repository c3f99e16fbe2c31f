package io.github.mcpplatform.gateway.config;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.lettuce.core.ReadFrom;

/**
 * How the gateway follows a Redis that changes hands: one Redis, a Sentinel group
 * ({@code spring.data.redis.sentinel.*}) or a Redis Cluster ({@code spring.data.redis.cluster.*}), chosen by
 * Spring Boot from the properties set. Cluster topology refresh (adaptive and periodic) is set in application.yaml;
 * see docs/operations.md.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "gateway.store", havingValue = "redis")
class RedisTopologyConfiguration {

	/**
	 * Every read goes to the master. A replica lags behind it: a sign-in step, a rotated refresh token or a new
	 * session read there right after another replica wrote it would be missing or old. With Sentinel, naming the
	 * master as where to read also makes Lettuce connect through its master/replica connector, which listens to
	 * the sentinels' announcements ({@code +switch-master}) and moves to a new master as soon as they name it;
	 * a plain connection would stay on a master that Sentinel demoted until it closes its clients, some ten
	 * seconds later.
	 */
	@Bean
	LettuceClientConfigurationBuilderCustomizer redisReadsFromTheMaster(
			@Value("${spring.data.redis.lettuce.read-from:}") String readFrom,
			@Value("${spring.data.redis.sentinel.master:}") String sentinelMaster) {
		if (!readFrom.isBlank() && !readFrom.equalsIgnoreCase("upstream") && !readFrom.equalsIgnoreCase("master")) {
			throw new StartupRefusedException("spring.data.redis.lettuce.read-from=" + readFrom + " reads from Redis "
					+ "replicas, which lag behind the master: sign-ins and sessions written on one gateway replica "
					+ "would be missing or stale on another. Remove the setting (the gateway reads from the master).");
		}
		return builder -> {
			if (!sentinelMaster.isBlank()) {
				builder.readFrom(ReadFrom.UPSTREAM);
			}
		};
	}

}
