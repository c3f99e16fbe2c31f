package io.github.mcpplatform.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.Test;

/** The built-in Redis for small installs; an external one leaves no Redis object behind. */
class RedisTests {

	@Test
	void builtInRedisRunsRedisServerWithItsConfigAPasswordFromItsSecretAndAVolume() {
		Rendered rendered = Charts.render(Scenario.of());
		StatefulSet redis = rendered.get(StatefulSet.class, Rendered.name("redis"));
		Container container = redis.getSpec().getTemplate().getSpec().getContainers().get(0);

		assertThat(container.getCommand()).containsExactly("redis-server");
		assertThat(container.getArgs()).containsExactly("/etc/redis/redis.conf", "--requirepass", "$(REDISCLI_AUTH)");
		assertThat(container.getEnv()).singleElement().satisfies(env -> {
			assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo(Rendered.name("redis"));
			assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("redis-password");
		});
		assertThat(redis.getSpec().getVolumeClaimTemplates()).singleElement().satisfies(claim -> {
			assertThat(claim.getMetadata().getName()).isEqualTo("data");
			assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("1Gi");
		});
		assertThat(redis.getSpec().getServiceName()).isEqualTo(Rendered.name("redis"));
		assertThat(rendered.get(Service.class, Rendered.name("redis")).getSpec().getClusterIP()).isEqualTo("None");
	}

	@Test
	void generatedPasswordIsMadeOnceAtInstallAndKeptByUpgrades() {
		Secret secret = Charts.render(Scenario.of()).get(Secret.class, Rendered.name("redis"));

		// Rendered from a copy whose hook annotations are renamed (see Charts).
		assertThat(secret.getMetadata().getAnnotations()).containsEntry("test.mcp-platform.io/hook", "pre-install");
		assertThat(secret.getData().get("redis-password")).isNotBlank();
	}

	@Test
	void anExistingPasswordSecretIsUsedAndNoneIsGenerated() {
		Rendered rendered = Charts.render(Scenario.of().with("redis.builtin.auth.existingSecret", "my-redis"));

		assertThat(rendered.find(Secret.class, Rendered.name("redis"))).isEmpty();
		assertThat(SecretReferenceTests.secretEnv(rendered)).containsEntry("SPRING_DATA_REDIS_PASSWORD", "my-redis/redis-password");
	}

	@Test
	void externalRedisLeavesNoRedisObjectAndMountsItsCa() {
		Rendered rendered = Charts.render(Scenario.of("external-redis"));

		assertThat(rendered.objects()).noneMatch(o -> o.getMetadata().getName().equals(Rendered.name("redis")));
		assertThat(SecretReferenceTests.mountedKeys(rendered)).containsEntry("redis-ca.crt", "mcp-redis-ca/ca.crt");
		assertThat(SecretReferenceTests.secretEnv(rendered)).containsEntry("SPRING_DATA_REDIS_PASSWORD", "mcp-redis/password");
	}

	@Test
	void anExternalSentinelGroupGetsBothPasswordsFromTheirSecretsItsCaAndEgressToSentinelsAndNodes() {
		Rendered rendered = Charts.render(Scenario.of("external-redis-sentinel"));

		assertThat(rendered.objects()).noneMatch(o -> o.getMetadata().getName().equals(Rendered.name("redis")));
		assertThat(SecretReferenceTests.secretEnv(rendered)).containsEntry("SPRING_DATA_REDIS_PASSWORD", "mcp-redis/password")
			.containsEntry("SPRING_DATA_REDIS_SENTINEL_PASSWORD", "mcp-redis-sentinel/password");
		assertThat(SecretReferenceTests.mountedKeys(rendered)).containsEntry("redis-ca.crt", "mcp-redis-ca/ca.crt");
		assertThat(NetworkPolicyTests.externalPorts(rendered)).contains("TCP/26379", "TCP/6379");
	}

	@Test
	void anExternalClusterIsReachedOnItsNodesPortWithoutASentinelPassword() {
		Rendered rendered = Charts.render(Scenario.of("external-redis-cluster"));

		assertThat(SecretReferenceTests.secretEnv(rendered)).containsEntry("SPRING_DATA_REDIS_PASSWORD", "mcp-redis/password")
			.doesNotContainKey("SPRING_DATA_REDIS_SENTINEL_PASSWORD");
		assertThat(NetworkPolicyTests.externalPorts(rendered)).containsExactly("TCP/443", "TCP/22", "TCP/6379");
	}

	@Test
	void appendOnlyFileIsOnAndTurningItOffForARestoreRestartsRedis() {
		Rendered rendered = Charts.render(Scenario.of());
		Rendered restoring = Charts.render(Scenario.of().with("redis.builtin.appendonly", false));

		assertThat(redisConf(rendered)).contains("appendonly yes\n", "maxmemory-policy noeviction");
		assertThat(redisConf(restoring)).contains("appendonly no\n");
		assertThat(checksum(restoring)).isNotEqualTo(checksum(rendered));
	}

	private static String redisConf(Rendered rendered) {
		return rendered.get(ConfigMap.class, Rendered.name("redis")).getData().get("redis.conf");
	}

	private static String checksum(Rendered rendered) {
		return rendered.get(StatefulSet.class, Rendered.name("redis")).getSpec().getTemplate().getMetadata().getAnnotations()
			.get("checksum/config");
	}

}
