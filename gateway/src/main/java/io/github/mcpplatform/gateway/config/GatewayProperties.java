package io.github.mcpplatform.gateway.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import io.github.mcpplatform.gateway.configrepo.ConfigRepoSettings;
import io.github.mcpplatform.gateway.openapi.OpenApiSettings;
import io.github.mcpplatform.gateway.stdio.StdioSettings;

/**
 * The gateway's static configuration. Which backends exist is not here: that is the config repo's job.
 *
 * @param publicUrl the URL clients use; the issuer of the tokens the gateway mints
 * @param configRepo where the backends are declared
 * @param auth who may use the gateway
 * @param backends how backends are watched
 * @param store where sessions live; {@code redis} uses {@code spring.data.redis.*}
 * @param sessionIdleTimeout a session unused this long is forgotten (its client gets 404 and starts anew)
 * @param maxRequestSize larger MCP request bodies are refused with 413
 * @param trustedProxies CIDR ranges of the proxies in front of the gateway (the ingress controller): only
 *     from them is {@code forwardedHeader} believed, for the client address the per-address limits count;
 *     empty: the TCP peer is the client
 * @param forwardedHeader the header those proxies write the client's address to
 * @param eventLoops the threads that serve clients and call backends; 0: one per CPU this process may use
 *     (its container's CPU limit, or its CPU affinity); at most {@value #MAX_EVENT_LOOPS}
 */
@Validated
@ConfigurationProperties("gateway")
public record GatewayProperties(@NotNull @DefaultValue("http://127.0.0.1:8080") URI publicUrl,
		@NotNull @Valid ConfigRepoSettings configRepo, @DefaultValue @Valid Auth auth, @DefaultValue @Valid Backends backends,
		@DefaultValue @Valid Identity identity, @NotNull @DefaultValue("memory") Store store,
		@NotNull @DefaultValue("1h") Duration sessionIdleTimeout, @NotNull @DefaultValue("1MB") DataSize maxRequestSize,
		@NotNull @DefaultValue({}) List<String> trustedProxies,
		@NotNull @DefaultValue("x-forwarded-for") ForwardedHeader forwardedHeader,
		@PositiveOrZero @Max(MAX_EVENT_LOOPS) @DefaultValue("0") int eventLoops) {

	/** More loops than this is a typo, not a machine: each loop is a thread with its own backend connections. */
	static final int MAX_EVENT_LOOPS = 1024;

	/** Where trusted proxies put the client's address. */
	public enum ForwardedHeader {

		/** {@code X-Forwarded-For}: ingress-nginx, Traefik, Envoy, most cloud load balancers. */
		X_FORWARDED_FOR,

		/** {@code Forwarded} (RFC 7239). */
		FORWARDED

	}

	/** Where sessions live: this process ({@code memory}, one replica) or Redis (any number of replicas). */
	public enum Store {

		MEMORY, REDIS

	}

	/**
	 * @param signingKeyFile a private EC P-256 JWK (with {@code kid}), or a JWK Set whose first key signs and
	 *     whose every key is published (rotation with overlap); signs backend tokens and the gateway's access
	 *     tokens; every replica needs the same one. Without it a key is generated per process.
	 */
	public record Identity(@Nullable Path signingKeyFile) {
	}


	/**
	 * @param mode {@code none}: everyone is the fixed local user, allowed only when the gateway listens on
	 *     loopback; {@code oauth}: the gateway is the OAuth 2.1 authorization server clients sign in with, in
	 *     front of the {@code upstream} identity provider
	 * @param upstream the company's OIDC identity provider (Auth0, Keycloak, Okta, Entra...)
	 * @param tokenEncryptionKeyFile a file holding a base64 32-byte AES key that encrypts the upstream tokens
	 *     in the store; required with {@code gateway.store=redis}
	 * @param accessTokenLifetime how long the gateway's access tokens live
	 * @param refreshTokenLifetime how long an unused refresh token (and its sign-in) lives
	 * @param refreshTokenGrace how long after its rotation a refresh token still gets its successor, while that
	 *     successor is unused (a client retrying a lost response); 0 to 60 s
	 * @param oidcTest the test path {@code /oidc-test/mcp} that accepts the upstream's own JWTs
	 * @param clientMetadata clients that identify by the URL of their metadata document instead of registering
	 * @param signIn bounds on the sign-ins anyone can start at {@code /authorize}
	 */
	public record Auth(@NotNull @DefaultValue("none") Mode mode, @DefaultValue @Valid Upstream upstream,
			@Nullable Path tokenEncryptionKeyFile, @NotNull @DefaultValue("1h") Duration accessTokenLifetime,
			@NotNull @DefaultValue("30d") Duration refreshTokenLifetime,
			@NotNull @DefaultValue("15s") Duration refreshTokenGrace, @DefaultValue @Valid OidcTest oidcTest,
			@DefaultValue @Valid ClientMetadata clientMetadata, @DefaultValue @Valid SignIn signIn) {

		/**
		 * Sign-ins in progress, which the gateway stores before anyone has signed in.
		 *
		 * @param lifetime how long one is kept until the consent, and again until the identity provider sends
		 *     the browser back (1 to 30 minutes)
		 * @param perAddressPerMinute sign-ins one client address may start per minute (429 beyond)
		 * @param pendingPerClient sign-ins one client may start within one lifetime (429 beyond), so that one
		 *     client holds at most three times this many (each is kept up to two lifetimes)
		 */
		public record SignIn(@NotNull @DefaultValue("5m") Duration lifetime,
				@Positive @DefaultValue("60") int perAddressPerMinute, @Positive @DefaultValue("1000") int pendingPerClient) {
		}

		public enum Mode {

			NONE, OAUTH

		}

		/**
		 * @param issuerUri the upstream's issuer (exactly as in its tokens, e.g. Auth0's trailing slash)
		 * @param clientId the gateway's confidential client at the upstream
		 * @param clientSecret its secret
		 * @param audience sent as {@code audience} (Auth0: the API identifier, so that access tokens are JWTs)
		 * @param scopes asked of the upstream
		 * @param groupsClaim the id_token claim that lists the user's groups (e.g. Entra's {@code roles}, or an
		 *     Auth0 namespaced claim), read as the user's groups
		 */
		public record Upstream(@Nullable URI issuerUri, @Nullable String clientId, @Nullable String clientSecret,
				@Nullable String audience,
				@NotNull @DefaultValue({ "openid", "profile", "email", "offline_access" }) List<String> scopes,
				@NotBlank @DefaultValue("groups") String groupsClaim) {
		}

		/**
		 * @param enabled serve {@code /oidc-test/mcp}, which accepts the upstream's access tokens directly
		 * @param audience the audience those tokens must carry (defaults to {@code upstream.audience})
		 */
		public record OidcTest(@DefaultValue("false") boolean enabled, @Nullable String audience) {
		}

		/**
		 * Client ID Metadata Documents (MCP 2025-11-25): a {@code client_id} that is an https URL is fetched,
		 * from public addresses only.
		 *
		 * @param enabled accept such clients (advertised as {@code client_id_metadata_document_supported})
		 * @param allowedNetworks CIDR ranges documents may also come from (an internal network of your own
		 *     clients); loopback, private and link-local addresses are refused otherwise
		 * @param trustedCertificatesFile PEM certificates trusted for these fetches besides the JDK's (an
		 *     internal CA)
		 * @param fetchTimeout how long a fetch may take
		 * @param pinnedClients copies of documents used when the live one cannot be fetched, besides the ones
		 *     shipped with the gateway (Claude Code, claude.ai, VS Code)
		 */
		public record ClientMetadata(@DefaultValue("true") boolean enabled,
				@NotNull @DefaultValue({}) List<String> allowedNetworks, @Nullable Path trustedCertificatesFile,
				@NotNull @DefaultValue("5s") Duration fetchTimeout, @NotNull @DefaultValue({}) List<PinnedClient> pinnedClients) {

			/**
			 * A copy of the document published at {@code clientId}, checked at startup like a fetched one.
			 *
			 * @param documentFile a file holding the document
			 * @param document the document inline (JSON); with neither, the copy shipped for that URL
			 * @param copiedOn when the copy was taken (such as 2026-10-05), shown on the consent page
			 * @param fetch false: never fetch the URL, always use the copy (a cluster without egress)
			 */
			public record PinnedClient(@Nullable String clientId, @Nullable Path documentFile, @Nullable String document,
					@Nullable String copiedOn, @DefaultValue("true") boolean fetch) {
			}

		}

	}

	/**
	 * @param healthInterval how often a backend is pinged
	 * @param healthTimeout how long a ping may take before the backend counts as down
	 * @param maxBackoff the longest wait between attempts to reach a backend that is down, which bounds how
	 *     long its tools stay away after it recovers
	 * @param catalogRefresh how often each backend's lists are read again, besides its change notifications
	 * @param firstConnectionWait how long a starting replica waits, at most, for a backend's first connection
	 *     attempt before it reports ready (readiness waits for every backend's first attempt, so that the first
	 *     requests see the real catalog)
	 * @param stdio whether and how the gateway runs stdio backends (local processes)
	 * @param openapi the bounds of backends declared by an OpenAPI document (REST APIs as tools)
	 */
	public record Backends(@NotNull @DefaultValue("5s") Duration healthInterval,
			@NotNull @DefaultValue("3s") Duration healthTimeout, @NotNull @DefaultValue("5s") Duration maxBackoff,
			@NotNull @DefaultValue("5m") Duration catalogRefresh,
			@NotNull @DefaultValue("10s") Duration firstConnectionWait, @DefaultValue @Valid StdioSettings stdio,
			@DefaultValue @Valid OpenApiSettings openapi) {
	}

}
