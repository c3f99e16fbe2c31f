package io.github.mcpplatform.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import io.github.mcpplatform.gateway.config.GatewayProperties.Auth;
import io.github.mcpplatform.gateway.config.GatewayProperties.Auth.ClientMetadata;
import io.github.mcpplatform.gateway.config.GatewayProperties.Auth.OidcTest;
import io.github.mcpplatform.gateway.config.GatewayProperties.Auth.Upstream;
import io.github.mcpplatform.gateway.configrepo.ConfigRepoSettings;
import io.github.mcpplatform.gateway.openapi.OpenApiSettings;
import io.github.mcpplatform.gateway.stdio.StdioSettings;

class AuthSettingsTests {

	static final Upstream UPSTREAM = new Upstream(URI.create("https://tenant.auth0.com/"), "id", "secret",
			"https://api", List.of("openid"), "groups");

	static final ClientMetadata DOCUMENTS = new ClientMetadata(true, List.of(), null, Duration.ofSeconds(5), List.of());

	static GatewayProperties properties(String publicUrl, GatewayProperties.Store store, Upstream upstream,
			Path encryptionKey, Path signingKey, OidcTest oidcTest) {
		return properties(publicUrl, store, upstream, encryptionKey, signingKey, oidcTest, DOCUMENTS);
	}

	static GatewayProperties properties(String publicUrl, GatewayProperties.Store store, Upstream upstream,
			Path encryptionKey, Path signingKey, OidcTest oidcTest, ClientMetadata documents) {
		return new GatewayProperties(URI.create(publicUrl), new ConfigRepoSettings("repo", "main", "", Duration.ofSeconds(30), Duration.ofSeconds(30), null, null, null, null, null, null, null),
				new Auth(Auth.Mode.OAUTH, upstream, encryptionKey, Duration.ofHours(1), Duration.ofDays(30), Duration.ofSeconds(15),
						oidcTest, documents, new Auth.SignIn(Duration.ofMinutes(5), 60, 1000)),
				new GatewayProperties.Backends(Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofMinutes(5),
						Duration.ofSeconds(10), StdioSettings.defaults(false), OpenApiSettings.DEFAULTS),
				new GatewayProperties.Identity(signingKey), store, Duration.ofHours(1), DataSize.ofMegabytes(1), List.of(),
				GatewayProperties.ForwardedHeader.X_FORWARDED_FOR, 0);
	}

	@Test
	void oauthWithEverythingSetThenTheIssuerIsThePublicUrlCanonicalised() {
		AuthSettings settings = AuthSettings.check(properties("HTTPS://GW.Example.com/", GatewayProperties.Store.REDIS,
				UPSTREAM, Path.of("aes"), Path.of("jwk"), new OidcTest(true, null)));
		assertThat(settings.issuer()).isEqualTo("https://gw.example.com");
		assertThat(settings.oidcTestAudience()).isEqualTo("https://api");
	}

	@Test
	void oauthOverPlainHttpOffLoopbackIsRefused() {
		assertThatThrownBy(() -> AuthSettings.check(properties("http://gw.example.com", GatewayProperties.Store.MEMORY,
				UPSTREAM, null, null, new OidcTest(false, null)))).hasMessageContaining("gateway.public-url must be https");
	}

	@Test
	void oauthOverPlainHttpOnLoopbackIsAllowed() {
		assertThat(AuthSettings.check(properties("http://127.0.0.1:8080", GatewayProperties.Store.MEMORY, UPSTREAM, null,
				null, new OidcTest(false, null))).oauth()).isTrue();
	}

	@Test
	void aPublicUrlWithAPathIsRefused() {
		assertThatThrownBy(() -> AuthSettings.check(properties("https://gw.example.com/gateway", GatewayProperties.Store.MEMORY,
				UPSTREAM, null, null, new OidcTest(false, null)))).hasMessageContaining("must be an origin");
	}

	@Test
	void oauthWithoutTheUpstreamClientIsRefusedSayingWhatToSet() {
		assertThatThrownBy(() -> AuthSettings.check(properties("https://gw.example.com", GatewayProperties.Store.MEMORY,
				new Upstream(null, null, null, null, List.of(), "groups"), null, null, new OidcTest(false, null))))
			.hasMessageContaining("gateway.auth.upstream.issuer-uri")
			.hasMessageContaining("gateway.auth.upstream.client-secret");
	}

	@Test
	void redisWithoutTheEncryptionAndSigningKeysIsRefused() {
		assertThatThrownBy(() -> AuthSettings.check(properties("https://gw.example.com", GatewayProperties.Store.REDIS,
				UPSTREAM, null, null, new OidcTest(false, null))))
			.hasMessageContaining("gateway.auth.token-encryption-key-file")
			.hasMessageContaining("gateway.identity.signing-key-file");
	}

	@Test
	void theOidcTestPathWithoutAnAudienceIsRefused() {
		assertThatThrownBy(() -> AuthSettings.check(properties("https://gw.example.com", GatewayProperties.Store.MEMORY,
				new Upstream(URI.create("https://idp"), "id", "secret", null, List.of(), "groups"), null, null, new OidcTest(true, null))))
			.hasMessageContaining("gateway.auth.oidc-test.audience");
	}

	@Test
	void clientMetadataSettingsThatCannotWorkAreRefusedEachNamed() {
		ClientMetadata documents = new ClientMetadata(true, List.of("10.1.0.0/16", "intranet.example.com", "10.0.0.0/33"),
				Path.of("/nonexistent/ca.pem"), Duration.ofMinutes(5), List.of());
		assertThatThrownBy(() -> AuthSettings.check(properties("https://gw.example.com", GatewayProperties.Store.MEMORY,
				UPSTREAM, null, null, new OidcTest(false, null), documents)))
			.hasMessageContaining("allowed-networks: not an IP address range (CIDR such as 10.1.0.0/16): intranet.example.com")
			.hasMessageContaining("the prefix length of 10.0.0.0/33 is out of range")
			.hasMessageContaining("trusted-certificates-file /nonexistent/ca.pem cannot be read")
			.hasMessageContaining("fetch-timeout must be between 100ms and 30s")
			.satisfies(refused -> assertThat(refused.getMessage()).doesNotContain("10.1.0.0/16:"));
	}

	@Test
	void aRefreshTokenGraceOverAMinuteIsRefusedSayingTheBounds() {
		GatewayProperties base = properties("https://gw.example.com", GatewayProperties.Store.MEMORY, UPSTREAM, null, null,
				new OidcTest(false, null));
		Auth auth = base.auth();
		Auth longGrace = new Auth(auth.mode(), auth.upstream(), auth.tokenEncryptionKeyFile(), auth.accessTokenLifetime(),
				auth.refreshTokenLifetime(), Duration.ofMinutes(2), auth.oidcTest(), auth.clientMetadata(), auth.signIn());

		assertThatThrownBy(() -> AuthSettings.check(new GatewayProperties(base.publicUrl(), base.configRepo(), longGrace,
				base.backends(), base.identity(), base.store(), base.sessionIdleTimeout(), base.maxRequestSize(),
				base.trustedProxies(), base.forwardedHeader(), base.eventLoops())))
			.hasMessageContaining("gateway.auth.refresh-token-grace must be between 0s and 60s");
	}

}
