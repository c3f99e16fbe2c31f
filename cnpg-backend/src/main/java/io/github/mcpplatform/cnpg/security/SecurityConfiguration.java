package io.github.mcpplatform.cnpg.security;

import java.util.ArrayList;
import java.util.List;

import io.netty.channel.ChannelOption;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.netty.http.client.HttpClient;

/**
 * {@code cnpg.auth.mode=none} lets every request through; {@code gateway} requires, on the MCP endpoint,
 * a bearer JWT that the gateway signed for this backend. Health probes stay open either way, and CSRF is
 * off because no browser session is involved: credentials are bearer tokens, never cookies.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization">MCP
 *     authorization</a>
 */
// Over stdio there is no HTTP endpoint to guard: the client started the process and owns its pipes.
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class SecurityConfiguration {

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, AuthProperties auth) {
		http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable);
		if (auth.mode() == AuthProperties.Mode.NONE) {
			return http.authorizeExchange(exchanges -> exchanges.anyExchange().permitAll()).build();
		}
		return http
			.authorizeExchange(exchanges -> exchanges.pathMatchers("/actuator/health", "/actuator/health/**")
				.permitAll()
				.anyExchange()
				.authenticated())
			.oauth2ResourceServer(resource -> resource.jwt(jwt -> jwt.jwtDecoder(gatewayTokens(auth))))
			.build();
	}

	/** The JOSE {@code typ} of the tokens the gateway mints for its backends (RFC 8725 3.11: explicit typing). */
	static final String BACKEND_TOKEN_TYPE = "mcp-backend+jwt";

	/** Tokens signed with a key in the gateway's JWKS, typed for backends, for this one, not expired, from the gateway. */
	static ReactiveJwtDecoder gatewayTokens(AuthProperties auth) {
		int timeoutMillis = Math.toIntExact(auth.jwksTimeout().toMillis());
		WebClient jwksClient = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create()
				.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
				.responseTimeout(auth.jwksTimeout())))
			.build();
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(String.valueOf(auth.jwksUri()))
			.jwsAlgorithms(algorithms -> algorithms.addAll(List.of(SignatureAlgorithm.ES256, SignatureAlgorithm.RS256)))
			.webClient(jwksClient)
			// typ is checked below: Nimbus's default check would allow only JWT or none
			.validateType(false)
			.build();
		OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>("aud",
				aud -> aud != null && aud.contains(auth.audience()));
		// A backend token, not another JWT of the gateway (its access tokens are at+jwt, signed with the same key).
		JwtTypeValidator type = new JwtTypeValidator(BACKEND_TOKEN_TYPE);
		type.setAllowEmpty(false);
		// Not JwtValidators.createDefault(): it admits only the typ JWT (or none).
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(List.of(new JwtTimestampValidator(), audience, type));
		if (auth.issuer() != null) {
			validators.add(new JwtIssuerValidator(auth.issuer()));
		}
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
		return decoder;
	}

}
