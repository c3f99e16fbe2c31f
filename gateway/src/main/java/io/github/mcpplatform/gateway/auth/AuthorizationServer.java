package io.github.mcpplatform.gateway.auth;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.mcpplatform.gateway.identity.SignedInTokens;
import io.github.mcpplatform.gateway.tls.TrustedCertificates;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The gateway's OAuth 2.1 authorization server, with its issuer at the origin root so that every MCP
 * client's discovery guesses land: RFC 8414 and OIDC discovery metadata, {@code /register},
 * {@code /authorize}, {@code /consent}, {@code /oauth/callback}, {@code /token} and {@code /revoke}.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization">MCP
 *     authorization</a>
 */
public final class AuthorizationServer {

	public static final String CALLBACK_PATH = "/oauth/callback";

	private final String issuer;

	private final List<String> scopes;

	private final ClientRegistrationEndpoint registration;

	private final AuthorizationEndpoint authorization;

	private final TokenEndpoint tokens;

	private final SignInTokens signIns;

	private final boolean acceptsDocuments;

	/**
	 * @param settings the upstream client and lifetimes
	 * @param signIns how many sign-ins may be started, and how long each is kept
	 * @param clientAddresses how the per-address limits find a request's client address
	 */
	public AuthorizationServer(String issuer, List<String> scopes, AuthStore store, TokenCipher cipher,
			AccessTokenIssuer accessTokens, Upstream settings, ClientDocuments clientDocuments, SignIns signIns,
			ClientAddresses clientAddresses, Clock clock) {
		this.issuer = issuer;
		this.scopes = List.copyOf(scopes);
		AuthRecords records = new AuthRecords(store, clientAddresses);
		UpstreamIdp upstream = new UpstreamIdp(settings.issuer(), settings.clientId(), settings.clientSecret(),
				settings.audience(), settings.scopes(), settings.groupsClaim(), issuer + CALLBACK_PATH, WebClient.create());
		this.registration = new ClientRegistrationEndpoint(records, settings.refreshLifetime(), settings.registrationsPerMinute());
		this.acceptsDocuments = clientDocuments.enabled();
		ClientMetadataDocuments documents = this.acceptsDocuments
				? new ClientMetadataDocuments(records, new PublicAddresses(clientDocuments.allowedNetworks()),
						TrustedCertificates.sslContext(clientDocuments.trustedCertificatesFile()), clientDocuments.fetchTimeout(),
						settings.registrationsPerMinute(), PinnedClients.load(clientDocuments.pinned()))
				: null;
		this.authorization = new AuthorizationEndpoint(records, documents, upstream, cipher, issuer, settings.issuer(),
				new SignInLimits(records, new SignInLimits.Settings(signIns.lifetime(), signIns.perAddressPerMinute(),
						signIns.perClient())));
		this.signIns = new SignInTokens(records, upstream, cipher, settings.refreshLifetime(), clock);
		this.tokens = new TokenEndpoint(records, this.acceptsDocuments, accessTokens, this.signIns, cipher,
				settings.refreshLifetime(), settings.refreshGrace(), clock);
	}

	/**
	 * The upstream identity provider and how long things live.
	 *
	 * @param groupsClaim the id_token claim that lists the user's groups
	 * @param refreshGrace how long a rotated refresh token still gets its unused successor (a client's retry)
	 * @param registrationsPerMinute client registrations allowed per minute and address
	 */
	public record Upstream(String issuer, String clientId, String clientSecret, String audience, List<String> scopes,
			String groupsClaim, Duration refreshLifetime, Duration refreshGrace, int registrationsPerMinute) {
	}

	/**
	 * Sign-ins begun at {@code /authorize}, which anyone may start: each is kept {@code lifetime};
	 * {@code perAddressPerMinute} may start from one client address per minute, and {@code perClient} for one
	 * client within one lifetime.
	 */
	public record SignIns(Duration lifetime, int perAddressPerMinute, int perClient) {
	}

	/**
	 * Clients that identify by a URL where they publish their metadata, instead of registering.
	 *
	 * @param allowedNetworks address ranges the documents may come from besides the public internet
	 * @param trustedCertificatesFile PEM certificates trusted for those fetches besides the JDK's, or null
	 * @param pinned the operator's copies of documents, besides the ones shipped with the gateway
	 */
	public record ClientDocuments(boolean enabled, List<String> allowedNetworks, @Nullable Path trustedCertificatesFile,
			Duration fetchTimeout, List<PinnedDocument> pinned) {
	}

	/**
	 * A copy of the metadata document published at {@code clientId}, used when it cannot be fetched: from
	 * {@code documentFile} or inline as {@code document}, or, for a client whose copy ships with the gateway,
	 * neither (that copy).
	 *
	 * @param copiedOn the date the copy was taken (ISO 8601), shown on the consent page, or null
	 * @param fetch false: never fetch the URL, always use the copy (a cluster without egress)
	 */
	public record PinnedDocument(@Nullable String clientId, @Nullable Path documentFile, @Nullable String document,
			@Nullable String copiedOn, boolean fetch) {
	}

	/** Why {@code pinned} cannot be used, one problem per line naming the entry; empty when it can. */
	public static List<String> pinnedProblems(List<PinnedDocument> pinned) {
		return PinnedClients.problems(pinned);
	}

	/** Why {@code cidr} is not an address range for {@link ClientDocuments#allowedNetworks()}, or null. */
	public static @Nullable String networkProblem(String cidr) {
		return PublicAddresses.problem(cidr);
	}

	/** The upstream tokens of sign-ins, for backends whose credentials are exchanged users' tokens. */
	public SignedInTokens signedInTokens() {
		return this.signIns;
	}

	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.GET("/.well-known/oauth-authorization-server", request -> json(metadata(false)))
			.GET("/.well-known/openid-configuration", request -> json(metadata(true)))
			.POST("/register", this.registration::register)
			.GET("/authorize", this.authorization::authorize)
			.POST("/consent", this.authorization::consent)
			.GET(CALLBACK_PATH, this.authorization::callback)
			.POST("/token", this.tokens::token)
			.POST("/revoke", this.tokens::revoke)
			.build();
	}

	/** RFC 8414 metadata; with {@code oidc} also the fields OIDC discovery requires of a provider. */
	Map<String, Object> metadata(boolean oidc) {
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("issuer", this.issuer);
		metadata.put("authorization_endpoint", this.issuer + "/authorize");
		metadata.put("token_endpoint", this.issuer + "/token");
		metadata.put("registration_endpoint", this.issuer + "/register");
		metadata.put("revocation_endpoint", this.issuer + "/revoke");
		metadata.put("jwks_uri", this.issuer + "/jwks.json");
		metadata.put("scopes_supported", this.scopes);
		metadata.put("response_types_supported", List.of("code"));
		metadata.put("response_modes_supported", List.of("query"));
		metadata.put("grant_types_supported", List.of("authorization_code", "refresh_token"));
		metadata.put("code_challenge_methods_supported", List.of("S256"));
		metadata.put("token_endpoint_auth_methods_supported", List.of("none", "client_secret_post", "client_secret_basic"));
		metadata.put("revocation_endpoint_auth_methods_supported", List.of("none", "client_secret_post", "client_secret_basic"));
		metadata.put("authorization_response_iss_parameter_supported", true);
		metadata.put("client_id_metadata_document_supported", this.acceptsDocuments);
		if (oidc) {
			metadata.put("subject_types_supported", List.of("public"));
			metadata.put("id_token_signing_alg_values_supported", List.of("ES256"));
		}
		return metadata;
	}

	private static reactor.core.publisher.Mono<ServerResponse> json(Map<String, Object> body) {
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

}
