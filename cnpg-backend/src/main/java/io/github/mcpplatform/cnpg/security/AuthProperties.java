package io.github.mcpplatform.cnpg.security;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call the MCP endpoint.
 *
 * @param mode {@code none}: anyone who can reach the port; {@code gateway}: only requests with a JWT the
 *     gateway minted for this backend (signature from the gateway's JWKS, audience, expiry, and the issuer
 *     when set)
 * @param jwksUri the gateway's JWKS, e.g. {@code http://mcp-gateway.mcp.svc:8080/jwks.json}
 * @param audience this backend's name in the config repo; tokens for other backends are refused
 * @param issuer the gateway's public URL; checked when set
 * @param jwksTimeout upper bound for fetching the JWKS
 */
@Validated
@ConfigurationProperties("cnpg.auth")
public record AuthProperties(@NotNull @DefaultValue("none") Mode mode, @Nullable URI jwksUri, @Nullable String audience,
		@Nullable String issuer, @NotNull @DefaultValue("5s") Duration jwksTimeout) {

	public enum Mode {

		NONE, GATEWAY

	}

	public AuthProperties {
		if (mode == Mode.GATEWAY && (jwksUri == null || audience == null || audience.isBlank())) {
			throw new IllegalArgumentException("cnpg.auth.mode=gateway needs cnpg.auth.jwks-uri (the gateway's JWKS "
					+ "URL) and cnpg.auth.audience (this backend's name in the config repo)");
		}
		if (jwksUri != null && !("http".equals(jwksUri.getScheme()) || "https".equals(jwksUri.getScheme()))) {
			throw new IllegalArgumentException("cnpg.auth.jwks-uri must be an http or https URL, was " + jwksUri);
		}
	}

}
