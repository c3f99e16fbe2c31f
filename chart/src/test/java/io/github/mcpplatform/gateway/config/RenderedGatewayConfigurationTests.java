package io.github.mcpplatform.gateway.config;

import static io.github.mcpplatform.chart.AppConfiguration.secretPlaceholder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.core.env.StandardEnvironment;

import io.github.mcpplatform.chart.AppConfiguration;
import io.github.mcpplatform.chart.Charts;
import io.github.mcpplatform.chart.Rendered;
import io.github.mcpplatform.chart.Scenario;
import io.github.mcpplatform.gateway.auth.AuthorizationServer;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.ConfigRepoLoader;
import io.github.mcpplatform.gateway.configrepo.ConfigSnapshot;
import io.github.mcpplatform.gateway.policy.BackendAccess;
import io.fabric8.kubernetes.api.model.ConfigMap;

/**
 * The gateway configuration the chart renders is the configuration the gateway reads: bound by its own
 * {@link GatewayProperties} (validated, nothing left unbound) and passed through the checks it runs at
 * startup ({@link AuthSettings}, {@link ConfigRepoSafety}, the loopback rule of {@code auth.mode=none}).
 */
class RenderedGatewayConfigurationTests {

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "", "secrets-as-values", "external-redis", "external-redis-sentinel", "external-redis-cluster", "ingress-nginx", "read-only-cnpg", "oidc-test",
			"git-ssh", "memory-store", "autoscaling" })
	void renderedConfigurationBindsAndPassesTheGatewaysStartupChecks(String overlay) {
		StandardEnvironment environment = gatewayEnvironment(overlay.isEmpty() ? Scenario.of() : Scenario.of(overlay));

		GatewayProperties properties = AppConfiguration.bind(environment, "gateway", GatewayProperties.class);

		AuthSettings auth = AuthSettings.check(properties);
		assertThat(auth.oauth()).isTrue();
		assertThat(auth.issuer()).isEqualTo("https://mcp.example.com");
		ConfigRepoSafety.refuseUnsafe(properties.configRepo());
		GatewayConfiguration.refuseUnauthenticatedNetworkAccess(properties, environment);
	}

	@Test
	void theLocalProfileBindsAndPassesTheStartupChecksWithItsLoopbackUrlAndBundledKeycloak() {
		StandardEnvironment environment = gatewayEnvironment(Scenario.localProfile());

		GatewayProperties properties = AppConfiguration.bind(environment, "gateway", GatewayProperties.class);

		AuthSettings auth = AuthSettings.check(properties);
		assertThat(auth.issuer()).isEqualTo("http://127.0.0.1:8080");
		assertThat(auth.upstreamIssuer()).isEqualTo("http://localhost:8180/realms/mcp");
		assertThat(properties.store()).isEqualTo(GatewayProperties.Store.REDIS);
		assertThat(properties.auth().upstream().clientId()).isEqualTo("mcp-gateway");
		assertThat(properties.auth().upstream().clientSecret())
			.isEqualTo(secretPlaceholder(Rendered.name("gateway"), "client-secret"));
		ConfigRepoSafety.refuseUnsafe(properties.configRepo());
		GatewayConfiguration.refuseUnauthenticatedNetworkAccess(properties, environment);
	}

	@Test
	void secretsReachTheirPropertiesThroughTheContainerEnvironment() {
		GatewayProperties properties = AppConfiguration.bind(gatewayEnvironment(Scenario.of("secrets-as-values")), "gateway",
				GatewayProperties.class);

		String owned = Rendered.name("gateway");
		assertThat(properties.auth().upstream().clientSecret()).isEqualTo(secretPlaceholder(owned, "client-secret"));
		assertThat(properties.configRepo().webhookSecret()).isEqualTo(secretPlaceholder(owned, "webhook-secret"));
		assertThat(properties.configRepo().password()).isEqualTo(secretPlaceholder(owned, "config-repo-password"));
		assertThat(properties.configRepo().username()).isEqualTo("x-access-token");
		assertThat(properties.configRepo().uri()).isEqualTo("https://git.example.com/platform/mcp-config.git");
		assertThat(properties.configRepo().branch()).isEqualTo("production");
		assertThat(properties.configRepo().path()).isEqualTo("mcp");
	}

	@Test
	void keyFilesAreTheMountedSecretsAndTheStoreIsRedis() {
		GatewayProperties properties = AppConfiguration.bind(gatewayEnvironment(Scenario.of()), "gateway",
				GatewayProperties.class);

		assertThat(properties.store()).isEqualTo(GatewayProperties.Store.REDIS);
		assertThat(properties.identity().signingKeyFile()).isEqualTo(Path.of("/etc/mcp-gateway/secrets/signing.jwks"));
		assertThat(properties.auth().tokenEncryptionKeyFile())
			.isEqualTo(Path.of("/etc/mcp-gateway/secrets/token-encryption.key"));
		assertThat(properties.auth().upstream().clientSecret()).isEqualTo(secretPlaceholder("mcp-idp", "client-secret"));
		assertThat(properties.publicUrl()).isEqualTo(URI.create("https://mcp.example.com"));
		assertThat(properties.auth().oidcTest().enabled()).isFalse();
	}

	@Test
	void oidcTestPathIsOnlyServedWhenAskedForAndTakesTheUpstreamAudience() {
		GatewayProperties properties = AppConfiguration.bind(gatewayEnvironment(Scenario.of("oidc-test")), "gateway",
				GatewayProperties.class);

		assertThat(properties.auth().oidcTest().enabled()).isTrue();
		assertThat(AuthSettings.check(properties).oidcTestAudience()).isEqualTo("https://mcp.example.com/api");
	}

	@Test
	void behindTheChartsIngressItsControllerIsATrustedProxyAndWithoutItNobodyIs() {
		GatewayProperties withIngress = AppConfiguration.bind(gatewayEnvironment(Scenario.of("ingress-nginx")), "gateway",
				GatewayProperties.class);
		GatewayProperties withoutIngress = AppConfiguration.bind(gatewayEnvironment(Scenario.of()), "gateway",
				GatewayProperties.class);

		assertThat(withIngress.trustedProxies()).containsExactly("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
				"100.64.0.0/10", "fc00::/7");
		assertThat(withIngress.forwardedHeader()).isEqualTo(GatewayProperties.ForwardedHeader.X_FORWARDED_FOR);
		assertThat(withoutIngress.trustedProxies()).isEmpty();
	}

	@Test
	void sshConfigRepoUsesTheMountedKeyAndKnownHosts() {
		GatewayProperties properties = AppConfiguration.bind(gatewayEnvironment(Scenario.of("git-ssh")), "gateway",
				GatewayProperties.class);

		assertThat(properties.configRepo().sshKeyFile()).isEqualTo(Path.of("/etc/mcp-gateway/secrets/config-repo-ssh-key"));
		assertThat(properties.configRepo().knownHostsFile())
			.isEqualTo(Path.of("/etc/mcp-gateway/secrets/config-repo-known-hosts"));
	}

	@Test
	void theCompanysCaIsTrustedByTheConfigRepoAndTheClientMetadataFetches() {
		GatewayProperties properties = AppConfiguration.bind(gatewayEnvironment(Scenario.of("internal-ca")), "gateway",
				GatewayProperties.class);

		Path ca = Path.of("/etc/mcp-gateway/secrets/trusted-ca.crt");
		assertThat(properties.configRepo().trustedCertificatesFile()).isEqualTo(ca);
		assertThat(properties.auth().clientMetadata().trustedCertificatesFile()).isEqualTo(ca);
		assertThat(properties.auth().clientMetadata().allowedNetworks()).containsExactly("10.20.0.0/16");
		assertThat(properties.auth().clientMetadata().enabled()).isTrue();
	}

	@Test
	void pinnedClientDocumentsReachTheGatewayAsItChecksThem() {
		GatewayProperties properties = AppConfiguration.bind(gatewayEnvironment(Scenario.of("no-egress")), "gateway",
				GatewayProperties.class);

		List<GatewayProperties.Auth.ClientMetadata.PinnedClient> pinned = properties.auth().clientMetadata().pinnedClients();
		assertThat(pinned).hasSize(3);
		assertThat(pinned.get(0).clientId()).isEqualTo("https://claude.ai/oauth/claude-code-client-metadata");
		assertThat(pinned.get(0).document()).isNull();
		assertThat(pinned.get(0).fetch()).isFalse();
		assertThat(pinned.get(1).copiedOn()).isEqualTo("2026-11-30");
		assertThat(pinned.get(1).document()).contains("\"client_name\":\"Company tool\"");
		assertThat(pinned.get(2).fetch()).isTrue();
		// The gateway's own startup check passes them.
		List<AuthorizationServer.PinnedDocument> documents = AuthSettings.pinned(properties.auth().clientMetadata());
		assertThat(documents).hasSize(3);
		assertThat(AuthorizationServer.pinnedProblems(documents)).isEmpty();
	}

	@Test
	void builtInRedisIsReachedByItsServiceWithThePasswordFromItsSecret() {
		StandardEnvironment environment = gatewayEnvironment(Scenario.of());

		DataRedisProperties redis = AppConfiguration.bind(environment, "spring.data.redis", DataRedisProperties.class);

		assertThat(redis.getHost()).isEqualTo("mcp-mcp-platform-redis.mcp.svc.cluster.local");
		assertThat(redis.getPort()).isEqualTo(6379);
		assertThat(redis.getUrl()).isNull();
		assertThat(redis.getPassword()).isEqualTo(secretPlaceholder("mcp-mcp-platform-redis", "redis-password"));
		assertThat(environment.getProperty("management.health.redis.enabled", Boolean.class)).isTrue();
	}

	@Test
	void externalRedisUrlIsTakenApartSoThatThePasswordFromItsSecretIsUsed() {
		StandardEnvironment environment = gatewayEnvironment(Scenario.of("external-redis"));

		DataRedisProperties redis = AppConfiguration.bind(environment, "spring.data.redis", DataRedisProperties.class);

		// Spring ignores spring.data.redis.password when spring.data.redis.url is set.
		assertThat(redis.getUrl()).isNull();
		assertThat(redis.getHost()).isEqualTo("redis.internal.example.com");
		assertThat(redis.getPort()).isEqualTo(6380);
		assertThat(redis.getDatabase()).isEqualTo(2);
		assertThat(redis.getUsername()).isEqualTo("mcp");
		assertThat(redis.getPassword()).isEqualTo(secretPlaceholder("mcp-redis", "password"));
		assertThat(redis.getSsl().isEnabled()).isTrue();
		assertThat(redis.getSsl().getBundle()).isEqualTo("redis");
		assertThat(environment.getProperty("spring.ssl.bundle.pem.redis.truststore.certificate"))
			.isEqualTo("file:/etc/mcp-gateway/secrets/redis-ca.crt");
	}

	@Test
	void anExternalSentinelGroupIsGivenByItsMasterNameAndSentinelsWithBothPasswordsFromSecretsAndTls() {
		StandardEnvironment environment = gatewayEnvironment(Scenario.of("external-redis-sentinel"));

		DataRedisProperties redis = AppConfiguration.bind(environment, "spring.data.redis", DataRedisProperties.class);

		assertThat(redis.getSentinel().getMaster()).isEqualTo("gateway");
		assertThat(redis.getSentinel().getNodes()).containsExactly("sentinel-0.redis.svc.cluster.local:26379",
				"sentinel-1.redis.svc.cluster.local:26379", "sentinel-2.redis.svc.cluster.local:26379");
		assertThat(redis.getSentinel().getPassword()).isEqualTo(secretPlaceholder("mcp-redis-sentinel", "password"));
		assertThat(redis.getPassword()).isEqualTo(secretPlaceholder("mcp-redis", "password"));
		assertThat(redis.getCluster()).isNull();
		assertThat(environment.containsProperty("spring.data.redis.host")).isFalse();
		assertThat(redis.getSsl().isEnabled()).isTrue();
		assertThat(redis.getSsl().getBundle()).isEqualTo("redis");
	}

	@Test
	void anExternalClusterIsGivenByItsNodesWithThePasswordFromItsSecret() {
		StandardEnvironment environment = gatewayEnvironment(Scenario.of("external-redis-cluster"));

		DataRedisProperties redis = AppConfiguration.bind(environment, "spring.data.redis", DataRedisProperties.class);

		assertThat(redis.getCluster().getNodes()).containsExactly("redis-cluster-0.redis.svc.cluster.local:6379",
				"redis-cluster-1.redis.svc.cluster.local:6379", "redis-cluster-2.redis.svc.cluster.local:6379");
		assertThat(redis.getSentinel()).isNull();
		assertThat(redis.getUsername()).isEqualTo("mcp");
		assertThat(redis.getPassword()).isEqualTo(secretPlaceholder("mcp-redis", "password"));
		assertThat(redis.getSsl().isEnabled()).isFalse();
		assertThat(environment.containsProperty("spring.data.redis.host")).isFalse();
	}

	@Test
	void memoryStoreNeedsNoRedisAndNoSharedKeys() {
		StandardEnvironment environment = gatewayEnvironment(Scenario.of("memory-store"));

		GatewayProperties properties = AppConfiguration.bind(environment, "gateway", GatewayProperties.class);

		assertThat(properties.store()).isEqualTo(GatewayProperties.Store.MEMORY);
		assertThat(properties.identity().signingKeyFile()).isNull();
		assertThat(environment.containsProperty("spring.data.redis.host")).isFalse();
		assertThat(environment.getProperty("SPRING_DATA_REDIS_PASSWORD")).isNull();
	}

	@Test
	void tracesAreOffByDefaultAndTracingValuesBecomeSpringBootsTracingProperties() {
		assertThat(gatewayEnvironment(Scenario.of()).containsProperty("management.tracing.export.enabled")).isFalse();

		StandardEnvironment environment = gatewayEnvironment(Scenario.of().with("gateway.tracing.enabled", true)
			.with("gateway.tracing.endpoint", "http://otel-collector.monitoring:4318/v1/traces")
			.with("gateway.tracing.samplingProbability", 0.5));

		assertThat(environment.getProperty("management.tracing.export.enabled", Boolean.class)).isTrue();
		assertThat(environment.getProperty("management.tracing.sampling.probability", Double.class)).isEqualTo(0.5);
		assertThat(environment.getProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
			.isEqualTo("http://otel-collector.monitoring:4318/v1/traces");
	}

	@Test
	void stdioBackendsAreOffUnlessTheValuesTurnThemOn() {
		GatewayProperties defaults = AppConfiguration.bind(gatewayEnvironment(Scenario.of()), "gateway", GatewayProperties.class);
		GatewayProperties on = AppConfiguration.bind(gatewayEnvironment(Scenario.of()
			.with("gateway.backends.stdio.enabled", true)
			.with("gateway.backends.stdio.maxProcesses", 4)), "gateway", GatewayProperties.class);

		assertThat(defaults.backends().stdio().enabled()).isFalse();
		assertThat(on.backends().stdio().enabled()).isTrue();
		assertThat(on.backends().stdio().maxProcesses()).isEqualTo(4);
		assertThat(on.backends().stdio().stopGrace()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void serverListensOnThePodNetworkAndGetsTheShutdownTimeThePodAllows() {
		StandardEnvironment environment = gatewayEnvironment(Scenario.of());

		ServerProperties server = AppConfiguration.bind(environment, "server", ServerProperties.class);
		LifecycleProperties lifecycle = AppConfiguration.bind(environment, "spring.lifecycle", LifecycleProperties.class);

		assertThat(server.getAddress().getHostAddress()).isEqualTo("0.0.0.0");
		assertThat(server.getPort()).isEqualTo(8080);
		assertThat(lifecycle.getTimeoutPerShutdownPhase()).isEqualTo(Duration.ofSeconds(20));
	}

	@Test
	void inlineConfigRepoIsValidForTheGatewayAndNamesTheBundledBackend(@TempDir Path repo) throws Exception {
		Rendered rendered = Charts.render(Scenario.of());
		Files.writeString(repo.resolve("backends.yaml"),
				rendered.get(ConfigMap.class, Rendered.name("config-repo")).getData().get("backends.yaml"));

		ConfigSnapshot snapshot = new ConfigRepoLoader(name -> null).load(repo);

		assertThat(snapshot.backends()).extracting(BackendDefinition::name).containsExactly("cnpg");
		assertThat(snapshot.backends().get(0).url())
			.isEqualTo(URI.create("http://mcp-mcp-platform-cnpg-backend.mcp.svc.cluster.local:8081/mcp"));
	}

	@Test
	void theBundledBackendCanBeKeptToSomeGroupsAndTheGatewayReadsItSo(@TempDir Path repo) throws Exception {
		Rendered rendered = Charts.render(Scenario.of().with("cnpgBackend.access.groups[0]", "dba")
			.with("cnpgBackend.access.groups[1]", "platform"));
		Files.writeString(repo.resolve("backends.yaml"),
				rendered.get(ConfigMap.class, Rendered.name("config-repo")).getData().get("backends.yaml"));

		ConfigSnapshot snapshot = new ConfigRepoLoader(name -> null).load(repo);

		assertThat(snapshot.backends().get(0).access()).isEqualTo(new BackendAccess(Set.of("dba", "platform"), Set.of()));
	}

	@Test
	void theGroupsClaimReachesTheGateway() {
		GatewayProperties defaults = AppConfiguration.bind(gatewayEnvironment(Scenario.of()), "gateway", GatewayProperties.class);
		GatewayProperties roles = AppConfiguration.bind(
				gatewayEnvironment(Scenario.of().with("gateway.auth.upstream.groupsClaim", "roles")), "gateway",
				GatewayProperties.class);

		assertThat(defaults.auth().upstream().groupsClaim()).isEqualTo("groups");
		assertThat(roles.auth().upstream().groupsClaim()).isEqualTo("roles");
	}

	@Test
	void aPropertyTheGatewayDoesNotKnowFailsTheBinding() {
		Scenario misspelled = Scenario.of().with("gateway.extraConfig.gateway.backends.health-intervall", "5s");

		assertThatThrownBy(() -> AppConfiguration.bind(gatewayEnvironment(misspelled), "gateway", GatewayProperties.class))
			.isInstanceOf(BindException.class)
			.hasStackTraceContaining("health-intervall");
	}

	private static StandardEnvironment gatewayEnvironment(Scenario scenario) {
		return AppConfiguration.environment(Charts.render(scenario), "gateway");
	}

}
