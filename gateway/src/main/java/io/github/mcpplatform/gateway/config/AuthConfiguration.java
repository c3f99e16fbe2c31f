package io.github.mcpplatform.gateway.config;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.WebFilter;

import io.github.mcpplatform.gateway.auth.AccessTokenIssuer;
import io.github.mcpplatform.gateway.auth.ActiveGrants;
import io.github.mcpplatform.gateway.auth.AuthStore;
import io.github.mcpplatform.gateway.auth.AuthorizationServer;
import io.github.mcpplatform.gateway.auth.ClientAddresses;
import io.github.mcpplatform.gateway.auth.CorsFilter;
import io.github.mcpplatform.gateway.auth.InMemoryAuthStore;
import io.github.mcpplatform.gateway.auth.RedisAuthStore;
import io.github.mcpplatform.gateway.auth.TokenCipher;
import io.github.mcpplatform.gateway.mcp.McpEndpoint;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.identity.SigningKeys;
import io.github.mcpplatform.gateway.resourceserver.AccessTokenVerifier;
import io.github.mcpplatform.gateway.resourceserver.BearerTokenFilter;
import io.github.mcpplatform.gateway.resourceserver.CallerFilter;
import io.github.mcpplatform.gateway.resourceserver.GatewayAccessTokens;
import io.github.mcpplatform.gateway.resourceserver.JwtAccessTokenVerifier;
import io.github.mcpplatform.gateway.resourceserver.LocalUserFilter;
import io.github.mcpplatform.gateway.resourceserver.ProtectedResource;
import io.github.mcpplatform.gateway.resourceserver.ProtectedResourceMetadataRoutes;
import io.github.mcpplatform.gateway.resourceserver.RecentAnswers;

/**
 * Who may call the MCP endpoints: with {@code gateway.auth.mode=none} everyone is the local user (loopback
 * only); with {@code oauth} every request carries a bearer token the gateway issued, and the OIDC test path
 * (when enabled) accepts the upstream identity provider's own tokens instead. The two never accept each
 * other's tokens: different issuers, keys and audiences.
 */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

	/** The scope every gateway access token carries, and every MCP request needs. */
	static final String MCP_SCOPE = "mcp";

	static final String MCP_PATH = "/mcp";

	static final String BACKEND_MCP_PATHS = "/backends/*/mcp";

	static final String OIDC_TEST_PATH = "/oidc-test/mcp";

	@Bean
	AuthSettings authSettings(GatewayProperties properties) {
		return AuthSettings.check(properties);
	}

	@Bean
	AccessTokenIssuer accessTokenIssuer(SigningKeys keys, AuthSettings settings, GatewayProperties properties) {
		return new AccessTokenIssuer(keys, settings.issuer(), properties.auth().accessTokenLifetime(), Clock.systemUTC());
	}

	@Bean
	List<ProtectedResource> protectedResources(AuthSettings settings, SigningKeys keys, GatewayProperties properties) {
		if (!settings.oauth()) {
			return List.of();
		}
		String base = settings.issuer();
		JwtAccessTokenVerifier gatewayTokens = new JwtAccessTokenVerifier(GatewayAccessTokens.decoder(keys, base),
				jwt -> GatewayAccessTokens.user(jwt, settings.upstreamIssuer()), Clock.systemUTC());
		List<ProtectedResource> resources = new ArrayList<>();
		resources.add(new ProtectedResource(MCP_PATH, base, base, path -> Set.of(base + MCP_PATH), List.of(MCP_SCOPE),
				gatewayTokens));
		// A backend's own path accepts a token for it, or one for the whole gateway.
		resources.add(new ProtectedResource(BACKEND_MCP_PATHS, base, base, path -> Set.of(base + MCP_PATH, base + path),
				List.of(MCP_SCOPE), gatewayTokens));
		if (properties.auth().oidcTest().enabled()) {
			resources.add(upstreamResource(settings, base));
		}
		return List.copyOf(resources);
	}

	/** {@code /oidc-test/mcp}: the upstream's access tokens, checked against its JWKS, issuer and audience. */
	private static ProtectedResource upstreamResource(AuthSettings settings, String base) {
		String issuer = settings.upstreamIssuer();
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withIssuerLocation(issuer)
			// Asymmetric algorithms only: an HMAC "signed" with the public key is never accepted.
			.jwsAlgorithms(algorithms -> algorithms.addAll(List.of(SignatureAlgorithm.RS256, SignatureAlgorithm.ES256,
					SignatureAlgorithm.PS256)))
			.validateType(false)
			// Tokens with made-up kids make Spring fetch the JWKS again: at most once per 10 seconds.
			.webClient(WebClient.builder().filter(new RecentAnswers(Duration.ofSeconds(10), Clock.systemUTC())).build())
			.build();
		// IdPs type access tokens JWT (Auth0, Keycloak) or at+jwt (RFC 9068), some not at all.
		JwtTypeValidator type = new JwtTypeValidator("JWT", "at+jwt");
		type.setAllowEmpty(true);
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				new JwtTimestampValidator(GatewayAccessTokens.CLOCK_LEEWAY), new JwtIssuerValidator(issuer), type));
		String audience = settings.oidcTestAudience();
		AccessTokenVerifier verifier = new JwtAccessTokenVerifier(decoder,
				jwt -> GatewayUser.fromClaims(jwt.getClaims(), issuer), Clock.systemUTC());
		return new ProtectedResource(OIDC_TEST_PATH, base, issuer, path -> Set.of(audience), List.of(), verifier);
	}

	@Bean
	@Order(-100)
	CallerFilter callerFilter(AuthSettings settings, List<ProtectedResource> protectedResources,
			ObjectProvider<AuthStore> store) {
		if (!settings.oauth()) {
			return new LocalUserFilter(GatewayUser.named(GatewayConfiguration.LOCAL_USER, settings.issuer()));
		}
		return new BearerTokenFilter(protectedResources, new ActiveGrants(store.getObject(), Clock.systemUTC()));
	}

	/** The OIDC test path serves the same MCP endpoint, for callers holding the upstream's own tokens. */
	@Bean
	@ConditionalOnExpression("'${gateway.auth.mode:none}'.toLowerCase() == 'oauth' and ${gateway.auth.oidc-test.enabled:false}")
	RouterFunction<ServerResponse> oidcTestMcpRoutes(McpEndpoint endpoint) {
		return endpoint.routes(OIDC_TEST_PATH);
	}

	/** Client registrations allowed per minute from one address. */
	static final int REGISTRATIONS_PER_MINUTE = 30;

	@Bean
	@ConditionalOnProperty(name = "gateway.auth.mode", havingValue = "oauth")
	AuthStore authStore(GatewayProperties properties, ObjectProvider<ReactiveStringRedisTemplate> redis) {
		return switch (properties.store()) {
			case MEMORY -> new InMemoryAuthStore(Clock.systemUTC());
			case REDIS -> new RedisAuthStore(redis.getObject());
		};
	}

	@Bean
	@ConditionalOnProperty(name = "gateway.auth.mode", havingValue = "oauth")
	RouterFunction<ServerResponse> authorizationServerRoutes(AuthorizationServer server) {
		return server.routes();
	}

	/** Also the keeper of the upstream tokens that token-exchange backends start from ({@link GatewayConfiguration}). */
	@Bean
	@ConditionalOnProperty(name = "gateway.auth.mode", havingValue = "oauth")
	AuthorizationServer authorizationServer(AuthSettings settings, GatewayProperties properties, AuthStore store,
			AccessTokenIssuer accessTokens) {
		GatewayProperties.Auth auth = properties.auth();
		GatewayProperties.Auth.Upstream upstream = auth.upstream();
		GatewayProperties.Auth.ClientMetadata documents = auth.clientMetadata();
		return new AuthorizationServer(settings.issuer(), List.of(MCP_SCOPE), store,
				TokenCipher.load(auth.tokenEncryptionKeyFile()), accessTokens,
				new AuthorizationServer.Upstream(settings.upstreamIssuer(), upstream.clientId(), upstream.clientSecret(),
						upstream.audience(), upstream.scopes(), upstream.groupsClaim(), auth.refreshTokenLifetime(),
						auth.refreshTokenGrace(), REGISTRATIONS_PER_MINUTE),
				new AuthorizationServer.ClientDocuments(documents.enabled(), documents.allowedNetworks(),
						documents.trustedCertificatesFile(), documents.fetchTimeout(), AuthSettings.pinned(documents)),
				new AuthorizationServer.SignIns(auth.signIn().lifetime(), auth.signIn().perAddressPerMinute(),
						auth.signIn().pendingPerClient()),
				clientAddresses(properties), Clock.systemUTC());
	}

	private static ClientAddresses clientAddresses(GatewayProperties properties) {
		return new ClientAddresses(properties.trustedProxies(), switch (properties.forwardedHeader()) {
			case X_FORWARDED_FOR -> ClientAddresses.Header.X_FORWARDED_FOR;
			case FORWARDED -> ClientAddresses.Header.FORWARDED;
		});
	}

	@Bean
	@Order(-200)
	@ConditionalOnProperty(name = "gateway.auth.mode", havingValue = "oauth")
	WebFilter corsFilter() {
		return new CorsFilter();
	}

	@Bean
	@ConditionalOnProperty(name = "gateway.auth.mode", havingValue = "oauth")
	RouterFunction<ServerResponse> protectedResourceMetadataRoutes(List<ProtectedResource> protectedResources) {
		return new ProtectedResourceMetadataRoutes(protectedResources, MCP_PATH).routes();
	}

}
