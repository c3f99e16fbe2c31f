package io.github.mcpplatform.gateway.configrepo;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * How the gateway proves itself to one backend, as the config repo declares it ({@code auth:}). The client's own
 * token is never among the choices: the MCP spec forbids passing it on. Secrets arrive through environment
 * references only, and no {@code toString} shows them.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/security_best_practices#token-passthrough">MCP:
 *     no token passthrough</a>
 */
public sealed interface BackendAuth {

	/** The default: a short-lived JWT the gateway signs for the user and this backend. */
	BackendAuth GATEWAY_JWT = new GatewayJwt();

	/** A JWT the gateway signs per user and backend, verifiable with its JWKS (the default). */
	record GatewayJwt() implements BackendAuth {
	}

	/** No credentials: a backend that checks nobody (inside a trusted network). */
	record None() implements BackendAuth {
	}

	/**
	 * One fixed header on every request: an API key, or a bearer token the backend's owner issued.
	 *
	 * @param name the header, {@code Authorization} by default
	 * @param value its value, from the environment
	 */
	record StaticHeader(String name, String value) implements BackendAuth {

		@Override
		public String toString() {
			return "StaticHeader[name=" + this.name + ", value=(secret)]";
		}

	}

	/**
	 * An OAuth 2 access token the gateway gets for itself with the client credentials grant, kept until shortly
	 * before it expires. Every user's calls carry the same token; the backend learns nothing about the user.
	 *
	 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-4.4">RFC 6749 §4.4: client credentials</a>
	 */
	record ClientCredentials(URI tokenUrl, String clientId, String clientSecret, @Nullable String scope,
			@Nullable String audience) implements BackendAuth {

		@Override
		public String toString() {
			return "ClientCredentials[tokenUrl=" + this.tokenUrl + ", clientId=" + this.clientId
					+ ", clientSecret=(secret), scope=" + this.scope + ", audience=" + this.audience + "]";
		}

	}

	/**
	 * The signed-in user's token from the upstream identity provider, exchanged there (RFC 8693) for one issued to
	 * this backend ({@code audience} and/or {@code resource}), so that a backend that trusts the company's identity
	 * provider sees the real person. Exchanged tokens are kept per user and backend until shortly before they
	 * expire.
	 *
	 * @param tokenUrl where to exchange; null for the upstream identity provider's token endpoint (its discovery)
	 * @param clientId the exchanging client; null (with {@code clientSecret}) for the gateway's own upstream client
	 * @param clientSecret its secret, from the environment; null with {@code clientId}
	 * @param audience the logical name of the backend at the identity provider (a client id, an API identifier)
	 * @param resource the backend's URI (RFC 8707)
	 * @param requestedTokenType what to ask for, {@link #ACCESS_TOKEN} by default
	 * @param subjectTokenType how the user's upstream access token is labelled, {@link #ACCESS_TOKEN} by default
	 * @see <a href="https://www.rfc-editor.org/rfc/rfc8693">RFC 8693: OAuth 2.0 Token Exchange</a>
	 */
	record TokenExchange(@Nullable URI tokenUrl, @Nullable String clientId, @Nullable String clientSecret,
			@Nullable String audience, @Nullable String resource, @Nullable String scope, String requestedTokenType,
			String subjectTokenType) implements BackendAuth {

		/** RFC 8693 §3: an OAuth 2.0 access token. */
		public static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";

		/** RFC 8693 §3: a JWT (some identity providers label access tokens that are JWTs this way). */
		public static final String JWT = "urn:ietf:params:oauth:token-type:jwt";

		@Override
		public String toString() {
			return "TokenExchange[tokenUrl=" + this.tokenUrl + ", clientId=" + this.clientId + ", clientSecret="
					+ (this.clientSecret == null ? "null" : "(secret)") + ", audience=" + this.audience + ", resource="
					+ this.resource + ", scope=" + this.scope + ", requestedTokenType=" + this.requestedTokenType
					+ ", subjectTokenType=" + this.subjectTokenType + "]";
		}

	}

}
