package io.github.mcpplatform.gateway.auth;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.github.mcpplatform.gateway.auth.AuthRecords.IssuedCode;
import io.github.mcpplatform.gateway.auth.AuthRecords.Transaction;
import io.github.mcpplatform.gateway.auth.UpstreamIdp.UpstreamException;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import reactor.core.publisher.Mono;

/**
 * The browser's part of signing in. {@code GET /authorize} checks the client's request (registered client,
 * exact redirect URI, PKCE S256, resource) and shows the consent page; {@code POST /consent} takes the
 * person's decision (CSRF token and browser-binding cookie both required) and sends the browser to the
 * upstream; {@code GET /oauth/callback} comes back from it in the same browser, and redirects to the client
 * with the gateway's own one-time code.
 *
 * <p>
 * Until the redirect URI is known to be registered, errors are shown here and never redirected (RFC 9700
 * section 4.11.2: no open redirector).
 */
final class AuthorizationEndpoint {

	private static final Logger log = LoggerFactory.getLogger(AuthorizationEndpoint.class);

	static final Duration CODE_LIFETIME = Duration.ofMinutes(5);

	private static final Pattern CODE_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

	private static final Pattern BACKEND_RESOURCE = Pattern.compile("/backends/[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?/mcp");

	private final AuthRecords records;

	private final UpstreamIdp upstream;

	private final TokenCipher cipher;

	private final String issuer;

	private final String upstreamIssuer;

	private final String cookieName;

	private final boolean secureCookies;

	private final @Nullable ClientMetadataDocuments documents;

	private final SignInLimits limits;

	/**
	 * @param documents how clients that identify by a URL are looked up, or null when they are refused
	 * @param limits how many sign-ins may be started, and how long each is kept
	 */
	AuthorizationEndpoint(AuthRecords records, @Nullable ClientMetadataDocuments documents, UpstreamIdp upstream,
			TokenCipher cipher, String issuer, String upstreamIssuer, SignInLimits limits) {
		this.records = records;
		this.limits = limits;
		this.documents = documents;
		this.upstream = upstream;
		this.cipher = cipher;
		this.issuer = issuer;
		this.upstreamIssuer = upstreamIssuer;
		this.secureCookies = issuer.startsWith("https://");
		// __Host- cookies must be Secure, so plain-http loopback runs use a name without the prefix.
		this.cookieName = this.secureCookies ? "__Host-mcp-browser" : "mcp-browser";
	}

	Mono<ServerResponse> authorize(ServerRequest request) {
		MultiValueMap<String, String> query = request.queryParams();
		for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
			if (parameter.getValue().size() > 1) {
				return ConsentPage.error(HttpStatus.BAD_REQUEST, "The parameter " + parameter.getKey() + " is repeated.");
			}
		}
		String clientId = query.getFirst("client_id");
		String redirectUri = query.getFirst("redirect_uri");
		if (clientId == null || redirectUri == null) {
			return ConsentPage.error(HttpStatus.BAD_REQUEST, "The request has no client_id or no redirect_uri.");
		}
		// Before anything else: every later error is redirected with the state, and a sign-in stores it.
		String stateProblem = SignInLimits.stateProblem(query.getFirst("state"));
		if (stateProblem != null) {
			return ConsentPage.error(HttpStatus.BAD_REQUEST, stateProblem);
		}
		return client(clientId, request)
			.flatMap(resolved -> {
				if (!RedirectUris.matches(resolved.client().redirectUris(), redirectUri)) {
					return ConsentPage.error(HttpStatus.BAD_REQUEST,
							"The redirect_uri is not one this client registered (they must match exactly).");
				}
				return authorize(resolved, redirectUri, query, request);
			})
			.switchIfEmpty(Mono.defer(() -> ConsentPage.error(HttpStatus.BAD_REQUEST,
					"Unknown client: register it again (its registration may have expired).")))
			.onErrorResume(ClientMetadataDocuments.DocumentException.class, refused -> ConsentPage
				.error(HttpStatus.BAD_REQUEST, "The client " + clientId + " cannot sign in: " + refused.getMessage() + "."));
	}

	/** The registered client, or the one whose metadata document the {@code client_id} URL is. */
	private Mono<PinnedClients.Resolved> client(String clientId, ServerRequest request) {
		if (!ClientMetadataDocuments.isDocumentUrl(clientId)) {
			return this.records.get(AuthRecords.CLIENT + clientId, RegisteredClient.class).map(PinnedClients.Resolved::live);
		}
		if (this.documents == null) {
			return Mono.error(new ClientMetadataDocuments.DocumentException("this gateway does not accept client_id URLs "
					+ "(client metadata documents are switched off); the client must register"));
		}
		return this.documents.client(clientId, this.records.requester(request));
	}

	private Mono<ServerResponse> authorize(PinnedClients.Resolved resolved, String redirectUri,
			MultiValueMap<String, String> query, ServerRequest request) {
		String state = query.getFirst("state");
		if (!"code".equals(query.getFirst("response_type"))) {
			return redirectError(redirectUri, state, "unsupported_response_type", "only response_type=code is supported");
		}
		String challenge = query.getFirst("code_challenge");
		if (challenge == null || !CODE_CHALLENGE.matcher(challenge).matches()) {
			return redirectError(redirectUri, state, "invalid_request", "PKCE is required: send a code_challenge (S256)");
		}
		if (!"S256".equals(query.getFirst("code_challenge_method"))) {
			return redirectError(redirectUri, state, "invalid_request", "code_challenge_method must be S256");
		}
		String resource = resource(query.getFirst("resource"));
		if (resource == null) {
			return redirectError(redirectUri, state, "invalid_target", "the resource is not served by this gateway");
		}
		return this.limits.admit(this.records.requester(request), resolved.client().clientId(),
				() -> begin(resolved, redirectUri, state, challenge, resource, request));
	}

	/** Stores the sign-in (every value in it bounded) and shows the consent page. */
	private Mono<ServerResponse> begin(PinnedClients.Resolved resolved, String redirectUri, @Nullable String state,
			String challenge, String resource, ServerRequest request) {
		RegisteredClient client = resolved.client();
		String scope = "mcp";
		String transactionId = Secrets.random();
		String csrf = Secrets.random();
		String browser = browserId(request);
		Transaction transaction = new Transaction(client.clientId(), redirectUri, state, challenge, resource, scope,
				Secrets.random(), Secrets.random(), csrf, Secrets.hash(browser), false);
		log.info("Sign-in {} started by client {}", Secrets.hash(transactionId).substring(0, 8), client.clientId());
		return this.records.put(AuthRecords.TRANSACTION + Secrets.hash(transactionId), transaction, this.limits.lifetime())
			.then(ConsentPage.htmlHeaders(ServerResponse.ok())
				.cookie(browserCookie(browser))
				.bodyValue(ConsentPage.consent(client, resolved.pinnedNotice(), redirectUri, scope, transactionId, csrf)));
	}

	/** The canonical resource the token will be for: this gateway's /mcp (default) or a backend's own path. */
	private @Nullable String resource(@Nullable String requested) {
		if (requested == null || requested.isBlank()) {
			return this.issuer + "/mcp";
		}
		URI uri;
		try {
			uri = URI.create(requested);
		}
		catch (IllegalArgumentException e) {
			return null;
		}
		if (uri.getScheme() == null || uri.getHost() == null || uri.getRawFragment() != null) {
			return null;
		}
		String origin = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
				+ (uri.getPort() == -1 ? "" : ":" + uri.getPort());
		String path = uri.getRawPath() == null ? "" : uri.getRawPath();
		if (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		if (!origin.equals(this.issuer) || !("/mcp".equals(path) || BACKEND_RESOURCE.matcher(path).matches())) {
			return null;
		}
		return origin + path;
	}

	Mono<ServerResponse> consent(ServerRequest request) {
		return request.formData().flatMap(form -> {
			String transactionId = form.getFirst("transaction");
			String csrf = form.getFirst("csrf_token");
			HttpCookie browser = request.cookies().getFirst(this.cookieName);
			if (transactionId == null || csrf == null || browser == null) {
				return ConsentPage.error(HttpStatus.FORBIDDEN, "This approval did not come from the consent page in this "
						+ "browser.");
			}
			String key = AuthRecords.TRANSACTION + Secrets.hash(transactionId);
			return this.records.get(key, Transaction.class)
				.flatMap(transaction -> {
					if (!Secrets.same(transaction.csrfToken(), csrf)
							|| !Secrets.same(transaction.bindingHash(), Secrets.hash(browser.getValue()))) {
						return ConsentPage.error(HttpStatus.FORBIDDEN, "This approval did not come from the consent page "
								+ "in this browser.");
					}
					if ("deny".equals(form.getFirst("decision"))) {
						return this.records.store().delete(key).then(redirectError(transaction.redirectUri(),
								transaction.clientState(), "access_denied", "the user denied access"));
					}
					if (!"approve".equals(form.getFirst("decision"))) {
						return ConsentPage.error(HttpStatus.BAD_REQUEST, "Choose Allow or Deny.");
					}
					// 303: the browser follows with GET, never re-posting the form (RFC 9700 section 4.12).
					return this.records.put(key, transaction.approve(), this.limits.lifetime())
						.then(this.upstream.authorizationUrl(transactionId, transaction.upstreamVerifier(), transaction.nonce()))
						.flatMap(url -> ServerResponse.seeOther(URI.create(url)).header("Referrer-Policy", "no-referrer").build());
				})
				.switchIfEmpty(Mono.defer(() -> ConsentPage.error(HttpStatus.BAD_REQUEST,
						"This sign-in expired or was already used.")));
		});
	}

	Mono<ServerResponse> callback(ServerRequest request) {
		String state = request.queryParam("state").orElse(null);
		HttpCookie browser = request.cookies().getFirst(this.cookieName);
		if (state == null) {
			return ConsentPage.error(HttpStatus.BAD_REQUEST, "The identity provider's answer has no state.");
		}
		String key = AuthRecords.TRANSACTION + Secrets.hash(state);
		// Read and check the binding first, then consume: someone who only learnt the state (an IdP log, a
		// Referer) gets 403 and leaves the sign-in to the browser that approved it.
		return this.records.get(key, Transaction.class)
			.flatMap(seen -> !approvedIn(seen, browser)
					// Someone else's approved sign-in opened in this browser: the code must not reach their client.
					? ConsentPage.error(HttpStatus.FORBIDDEN, "This sign-in was approved in another browser.")
					: this.records.take(key, Transaction.class)
						.filter(transaction -> approvedIn(transaction, browser))
						.flatMap(transaction -> finish(transaction, state, request))
						.switchIfEmpty(Mono.defer(() -> ConsentPage.error(HttpStatus.BAD_REQUEST,
								"This sign-in expired or was already used."))))
			.switchIfEmpty(Mono.defer(() -> ConsentPage.error(HttpStatus.BAD_REQUEST,
					"This sign-in expired or was already used.")));
	}

	private boolean approvedIn(Transaction transaction, @Nullable HttpCookie browser) {
		return transaction.approved() && browser != null
				&& Secrets.same(transaction.bindingHash(), Secrets.hash(browser.getValue()));
	}

	/** The callback of an approved sign-in, in the browser that approved it. */
	private Mono<ServerResponse> finish(Transaction transaction, String state, ServerRequest request) {
		String error = request.queryParam("error").orElse(null);
		if (error != null) {
			return redirectError(transaction.redirectUri(), transaction.clientState(),
					"access_denied".equals(error) ? "access_denied" : "server_error",
					"the identity provider answered " + error.replaceAll("[^A-Za-z0-9_.-]", ""));
		}
		String code = request.queryParam("code").orElse(null);
		if (code == null) {
			return ConsentPage.error(HttpStatus.BAD_REQUEST, "The identity provider's answer has no code.");
		}
		return this.upstream.exchange(code, transaction.upstreamVerifier(), transaction.nonce())
			.flatMap(signIn -> issueCode(transaction, signIn))
			.onErrorResume(failed -> failed instanceof UpstreamException
					|| failed instanceof UpstreamIdp.UpstreamUnavailableException, failed -> {
				log.warn("Sign-in {} failed at the identity provider: {}", Secrets.hash(state).substring(0, 8),
						failed.getMessage());
				return redirectError(transaction.redirectUri(), transaction.clientState(), "server_error",
						"signing in at the identity provider failed");
			});
	}

	private Mono<ServerResponse> issueCode(Transaction transaction, UpstreamIdp.SignIn signIn) {
		GatewayUser user = GatewayUser.fromClaims(signIn.idTokenClaims(), this.upstreamIssuer);
		String code = Secrets.random();
		String key = AuthRecords.CODE + Secrets.hash(code);
		IssuedCode issued = new IssuedCode(transaction.clientId(), transaction.redirectUri(), transaction.codeChallenge(),
				transaction.resource(), transaction.scope(), user,
				this.cipher.encrypt(AuthRecords.json(signIn.tokens()), key));
		log.info("User {} signed in for client {}", user.id(), transaction.clientId());
		return this.records.put(key, issued, CODE_LIFETIME)
			.then(ClientRedirects.code(transaction.redirectUri(), code, this.issuer, transaction.clientState()));
	}

	/** Errors for a redirect URI already known to be registered (RFC 6749 section 4.1.2.1). */
	private Mono<ServerResponse> redirectError(String redirectUri, @Nullable String state, String error, String description) {
		return ClientRedirects.error(redirectUri, state, error, description, this.issuer);
	}

	/** This browser's random id from its cookie, or a new one. */
	private String browserId(ServerRequest request) {
		HttpCookie cookie = request.cookies().getFirst(this.cookieName);
		return cookie != null && cookie.getValue().matches("[A-Za-z0-9_-]{43}") ? cookie.getValue() : Secrets.random();
	}

	private ResponseCookie browserCookie(String value) {
		return ResponseCookie.from(this.cookieName, value)
			.httpOnly(true)
			.secure(this.secureCookies)
			.sameSite("Lax")
			.path("/")
			// The sign-in may be kept its lifetime twice: up to the consent, then up to the callback.
			.maxAge(this.limits.lifetime().multipliedBy(2))
			.build();
	}

}
