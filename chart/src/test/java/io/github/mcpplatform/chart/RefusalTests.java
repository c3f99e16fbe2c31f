package io.github.mcpplatform.chart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Unsafe or incomplete values fail the render with every problem and what to set instead. */
class RefusalTests {

	@Test
	void chartDefaultsAloneListEverythingAnInstallMustProvide() {
		String refusal = Charts.refusal(Scenario.chartDefaults());

		assertThat(refusal).contains("These values are unsafe or incomplete", "set image.registry", "set gateway.publicUrl",
				"set gateway.auth.upstream.issuerUri", "set gateway.auth.upstream.clientId",
				"gateway.auth.upstream.clientSecret.existingSecret", "gateway.signingKey.existingSecret",
				"gateway.auth.tokenEncryptionKey.existingSecret", "openssl rand -base64 32");
	}

	@Test
	void signInOffIsRefusedInACluster() {
		assertThat(Charts.refusal(Scenario.of().with("gateway.auth.mode", "none")))
			.contains("gateway.auth.mode=none lets anyone who reaches the gateway act as one local user")
			.contains("set gateway.auth.mode=oauth");
	}

	@Test
	void publicUrlMustBeAnHttpsOrigin() {
		assertThat(Charts.refusal(Scenario.of().with("gateway.publicUrl", "http://mcp.example.com")))
			.contains("gateway.publicUrl must be https");
		assertThat(Charts.refusal(Scenario.of().with("gateway.publicUrl", "http://10.0.0.1:8080")))
			.contains("or http on a loopback address for a port-forward");
		assertThat(Charts.refusal(Scenario.of().with("gateway.publicUrl", "https://example.com/mcp")))
			.contains("gateway.publicUrl must be an origin");
	}

	@Test
	void tracingNeedsACollector() {
		assertThat(Charts.refusal(Scenario.of().with("gateway.tracing.enabled", true)))
			.contains("gateway.tracing.endpoint must name the collector");
	}

	@Test
	void aMemoryStoreCannotServeSeveralReplicas() {
		assertThat(Charts.refusal(Scenario.of("memory-store").with("gateway.replicas", 2)))
			.contains("gateway.store=memory keeps sessions and sign-ins in one process");
	}

	@Test
	void redisNeedsTheSharedSigningAndEncryptionKeys() {
		assertThat(Charts.refusal(Scenario.of().with("gateway.signingKey.existingSecret", "")))
			.contains("every replica must sign with the same key");
		assertThat(Charts.refusal(Scenario.of().with("gateway.auth.tokenEncryptionKey.existingSecret", "")))
			.contains("upstream tokens are encrypted with a shared key");
	}

	@Test
	void configRepoCredentialsMustStayOutOfTheUrlAndOffPlainHttp() {
		assertThat(Charts.refusal(Scenario.of().with("gateway.configRepo.uri", "https://bot:token@git.example.com/c.git")))
			.contains("gateway.configRepo.uri carries a password");
		assertThat(Charts.refusal(Scenario.of("secrets-as-values").with("gateway.configRepo.uri", "http://git.example.com/c.git")))
			.contains("would travel unencrypted");
		assertThat(Charts.refusal(Scenario.of().with("gateway.configRepo.https.username", "bot")))
			.contains("gateway.configRepo.https.username and .password go together");
	}

	@Test
	void anSshConfigRepoNeedsItsKeyAndTheServersKnownHosts() {
		assertThat(Charts.refusal(Scenario.of().with("gateway.configRepo.uri", "ssh://git@git.example.com/c.git")))
			.contains("an SSH config repo needs gateway.configRepo.ssh.existingSecret");
	}

	@Test
	void aShortWebhookSecretAndAPathOutOfTheRepositoryAreRefused() {
		assertThat(Charts.refusal(Scenario.of().with("gateway.configRepo.webhookSecret.value", "short")))
			.contains("too short to resist guessing");
		assertThat(Charts.refusal(Scenario.of().with("gateway.configRepo.path", "../elsewhere")))
			.contains("gateway.configRepo.path must be a relative path");
	}

	@Test
	void externalRedisNeedsAUrlWithoutCredentials() {
		assertThat(Charts.refusal(Scenario.of().with("redis.mode", "external"))).contains("set redis.external.url");
		assertThat(Charts.refusal(Scenario.of("external-redis").with("redis.external.url", "rediss://u:p@redis:6380")))
			.contains("redis.external.url carries credentials");
	}

	@Test
	void externalRedisIsOneServerOrASentinelGroupWithItsSentinelsOrACluster() {
		assertThat(Charts.refusal(Scenario.of("external-redis-cluster").with("redis.external.url", "redis://redis:6379")))
			.contains("set only one of redis.external.url (one server), redis.external.sentinel.master");
		assertThat(Charts.refusal(Scenario.of("external-redis").with("redis.external.url", "")
			.with("redis.external.sentinel.master", "gateway")))
			.contains("with redis.external.sentinel.master set redis.external.sentinel.nodes");
	}

	@Test
	void settingsTheChartOwnsCannotBeOverriddenThroughExtraConfig() {
		assertThat(Charts.refusal(Scenario.of().with("gateway.extraConfig.gateway.auth.mode", "none")))
			.contains("gateway.extraConfig.gateway.auth is set by the chart");
		assertThat(Charts.refusal(Scenario.of().with("cnpgBackend.extraConfig.cnpg.auth.mode", "none")))
			.contains("cnpgBackend.extraConfig.cnpg is set by the chart");
	}

	@Test
	void theOidcTestPathNeedsAnAudience() {
		assertThat(Charts.refusal(Scenario.of("oidc-test").with("gateway.auth.upstream.audience", "")))
			.contains("gateway.auth.oidcTest.enabled needs the audience");
	}

	@Test
	void cnpgBackendRunsOneReplicaWhileItsSessionsLiveInMemory() {
		assertThat(Charts.refusal(Scenario.of().with("cnpgBackend.replicas", 2))).contains("cnpgBackend.replicas must be 1");
	}

	@Test
	void aGracePeriodShorterThanTheShutdownWouldCutRequestsOff() {
		assertThat(Charts.refusal(Scenario.of().with("gateway.terminationGracePeriodSeconds", 25)))
			.contains("gateway.terminationGracePeriodSeconds (25) must exceed preStopSleepSeconds + shutdownTimeoutSeconds (30)");
	}

}
