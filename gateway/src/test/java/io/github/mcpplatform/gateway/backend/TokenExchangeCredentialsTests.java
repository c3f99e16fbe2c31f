package io.github.mcpplatform.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

import com.nimbusds.oauth2.sdk.OAuth2Error;

import io.github.mcpplatform.gateway.configrepo.BackendAuth;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.identity.BackendTokens;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.identity.SignedInTokens;
import io.github.mcpplatform.gateway.identity.SigningKeys;
import io.github.mcpplatform.gateway.policy.BackendAccess;
import io.github.mcpplatform.gateway.auth.RefusingTokenCallback;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.mockwebserver.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Backends declared {@code auth: {type: token-exchange}} get the user's upstream token exchanged (RFC 8693) at a real
 * authorization server (mock-oauth2-server, which implements the grant): per user and backend, reused until shortly
 * before it expires, refused exchanges said as the identity provider said them. The users' upstream tokens are real
 * tokens of that server; the sign-ins that keep them are {@code auth/}'s, tested through the whole sign-in in
 * {@code TokenExchangeSignInTests}.
 */
class TokenExchangeCredentialsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Instant START = Instant.parse("2026-12-01T09:00:00Z");

	private final MockOAuth2Server idp = new MockOAuth2Server();

	private final MutableClock clock = new MutableClock(START);

	/** The upstream access token of each sign-in, as the authorization server would open it. */
	private final Map<String, String> upstreamTokens = new LinkedHashMap<>();

	private BackendCredentials credentials;

	@BeforeEach
	void start() {
		this.idp.start(InetAddress.getLoopbackAddress(), 0);
		SignedInTokens signedIn = new SignedInTokens() {

			@Override
			public reactor.core.publisher.Mono<String> accessToken(String signIn) {
				String token = TokenExchangeCredentialsTests.this.upstreamTokens.get(signIn);
				return token == null ? reactor.core.publisher.Mono.error(new UnavailableException("the user's sign-in has ended"))
						: reactor.core.publisher.Mono.just(token);
			}

			@Override
			public reactor.core.publisher.Mono<UpstreamClient> upstreamClient() {
				return reactor.core.publisher.Mono.just(new UpstreamClient(
						URI.create(TokenExchangeCredentialsTests.this.idp.tokenEndpointUrl("corp").toString()), "gateway",
						"upstream-s3cret"));
			}

		};
		this.credentials = new BackendCredentials(new BackendTokens(SigningKeys.load(null), "http://gateway.test",
				Clock.systemUTC()), WebClient.create(), signedIn, this.clock);
	}

	@AfterEach
	void stop() {
		this.idp.shutdown();
	}

	@Test
	void theBackendGetsTheUsersTokenExchangedForItsAudienceNamingThePerson() {
		GatewayUser erin = signedIn("erin-sub");

		String token = bearer(this.credentials.forUser(erin, hr()).block(Duration.ofSeconds(20)));

		JsonNode claims = claims(token);
		assertThat(claims.path("sub").asString()).isEqualTo("erin-sub");
		assertThat(claims.path("aud").toString()).contains("hr-api");
		Map<String, String> exchange = form(exchanges().get(0));
		assertThat(exchange).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
			.containsEntry("subject_token", this.upstreamTokens.get("grant-erin-sub"))
			.containsEntry("subject_token_type", "urn:ietf:params:oauth:token-type:access_token")
			.containsEntry("requested_token_type", "urn:ietf:params:oauth:token-type:access_token")
			.containsEntry("audience", "hr-api")
			.containsEntry("scope", "hr.read");
	}

	@Test
	void anExchangedTokenIsReusedPerUserAndBackendAndRenewedShortlyBeforeItExpires() {
		GatewayUser erin = signedIn("erin-sub");
		GatewayUser frank = signedIn("frank-sub");
		BackendDefinition hr = hr();

		String first = bearer(this.credentials.forUser(erin, hr).block(Duration.ofSeconds(20)));
		String again = bearer(this.credentials.forUser(erin, hr).block(Duration.ofSeconds(20)));
		String franks = bearer(this.credentials.forUser(frank, hr).block(Duration.ofSeconds(20)));
		assertThat(again).isEqualTo(first);
		assertThat(claims(franks).path("sub").asString()).isEqualTo("frank-sub");
		assertThat(exchanges()).as("one exchange per user").hasSize(2);

		// mock-oauth2-server's tokens live an hour: reused until a minute before that.
		this.clock.now = START.plus(Duration.ofMinutes(58));
		assertThat(bearer(this.credentials.forUser(erin, hr).block(Duration.ofSeconds(20)))).isEqualTo(first);
		assertThat(exchanges()).isEmpty();

		this.clock.now = START.plus(Duration.ofMinutes(59)).plusSeconds(1);
		String renewed = bearer(this.credentials.forUser(erin, hr).block(Duration.ofSeconds(20)));
		assertThat(renewed).isNotEqualTo(first);
		assertThat(exchanges()).as("a new exchange near the end").hasSize(1);
	}

	@Test
	void aRefusedExchangeFailsWithWhatTheIdentityProviderSaidAndIsNotRemembered() {
		GatewayUser erin = signedIn("erin-sub");
		this.idp.enqueueCallback(new RefusingTokenCallback("corp", OAuth2Error.INVALID_TARGET.setDescription("audience hr-api is not available")));

		assertThatThrownBy(() -> this.credentials.forUser(erin, hr()).block(Duration.ofSeconds(20)))
			.isInstanceOf(BackendCredentialException.class)
			.hasMessage("backend 'hr' needs the user's token exchanged at the identity provider, which refused: "
					+ "HTTP 400 invalid_target (audience hr-api is not available)")
			.hasMessageNotContaining("s3cret");

		assertThat(claims(bearer(this.credentials.forUser(erin, hr()).block(Duration.ofSeconds(20)))).path("sub").asString())
			.isEqualTo("erin-sub");
	}

	@Test
	void aSignInThatEndedIsSaidForThatBackendAndUser() {
		GatewayUser gone = new GatewayUser("gone-1", "https://idp.example", "gone-sub", null, List.of()).inSignIn("grant-gone");

		assertThatThrownBy(() -> this.credentials.forUser(gone, hr()).block(Duration.ofSeconds(20)))
			.isInstanceOf(BackendCredentialException.class)
			.hasMessage("backend 'hr' needs the user's token from the identity provider, and the user's sign-in has ended");
	}

	@Test
	void theCatalogConnectionCarriesTheExchangingClientsOwnTokenForTheSameAudience() {
		BackendAuth.TokenExchange declared = new BackendAuth.TokenExchange(null, "hr-exchanger", "hr-s3cret", "hr-api",
				null, "hr.read", BackendAuth.TokenExchange.ACCESS_TOKEN, BackendAuth.TokenExchange.ACCESS_TOKEN);

		String token = bearer(this.credentials.forService("mcp-gateway", backend(declared)).block(Duration.ofSeconds(20)));

		assertThat(claims(token).path("sub").asString()).isEqualTo("hr-exchanger");
		assertThat(form(tokenRequests().get(0))).containsEntry("grant_type", "client_credentials")
			.containsEntry("audience", "hr-api");
	}

	@Test
	void withoutSignInTokenExchangeBackendsAreRefusedSayingWhy() {
		BackendCredentials local = new BackendCredentials(new BackendTokens(SigningKeys.load(null), "http://gateway.test",
				Clock.systemUTC()), WebClient.create());

		assertThatThrownBy(() -> local.forUser(GatewayUser.named("local", "http://127.0.0.1:8080"), hr()).block())
			.isInstanceOf(BackendCredentialException.class)
			.hasMessageContaining("backend 'hr' needs the user's token from the identity provider")
			.hasMessageContaining("gateway.auth.mode=none");
		assertThatThrownBy(() -> local.forService("mcp-gateway", hr()).block())
			.isInstanceOf(BackendUnavailableException.class)
			.hasMessageContaining("backend 'hr' uses token-exchange")
			.hasMessageContaining("gateway.auth.mode=oauth");
	}

	@Test
	void aTokenNotFromAGatewaySignInHasNothingToExchange() {
		GatewayUser outsider = new GatewayUser("out-1", "https://idp.example", "out-sub", null, List.of());

		assertThatThrownBy(() -> this.credentials.forUser(outsider, hr()).block())
			.isInstanceOf(BackendCredentialException.class)
			.hasMessage("backend 'hr' needs the user's token from the identity provider, and this request's access token "
					+ "does not come from a sign-in at the gateway");
	}

	/** A user signed in with a real upstream access token from the identity provider. */
	private GatewayUser signedIn(String subject) {
		String upstream = this.idp.issueToken("corp", subject, new DefaultOAuth2TokenCallback("corp", subject, "JWT",
				List.of("gateway"), Map.of("preferred_username", subject), 3600)).serialize();
		this.upstreamTokens.put("grant-" + subject, upstream);
		// The issuing above was a request of its own: only the exchanges count.
		drain();
		return new GatewayUser(subject + "-1", this.idp.issuerUrl("corp").toString(), subject, null, List.of())
			.inSignIn("grant-" + subject);
	}

	private static BackendDefinition hr() {
		return backend(new BackendAuth.TokenExchange(null, null, null, "hr-api", null, "hr.read",
				BackendAuth.TokenExchange.ACCESS_TOKEN, BackendAuth.TokenExchange.ACCESS_TOKEN));
	}

	/** A generous timeout: a cold identity provider answers its first requests slowly on a busy machine. */
	private static BackendDefinition backend(BackendAuth auth) {
		return new BackendDefinition("hr", URI.create("http://127.0.0.1:9/mcp"), "hr", true, Duration.ofSeconds(15), null,
				BackendAccess.EVERYONE, auth, "test:1");
	}

	/** The token exchanges the identity provider received since the last look. */
	private List<String> exchanges() {
		return tokenRequests().stream().filter(body -> body.contains("token-exchange")).toList();
	}

	private List<String> tokenRequests() {
		List<String> bodies = new ArrayList<>();
		for (RecordedRequest request = poll(); request != null; request = poll()) {
			if (request.getPath() != null && request.getPath().endsWith("/token")) {
				bodies.add(request.getBody().readUtf8());
			}
		}
		return bodies;
	}

	private void drain() {
		while (poll() != null) {
			// forgotten
		}
	}

	private RecordedRequest poll() {
		try {
			return this.idp.takeRequest(100, TimeUnit.MILLISECONDS);
		}
		catch (RuntimeException none) {
			return null;
		}
	}

	private static Map<String, String> form(String body) {
		Map<String, String> form = new LinkedHashMap<>();
		for (String pair : body.split("&")) {
			int eq = pair.indexOf('=');
			form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
					URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
		}
		return form;
	}

	private static String bearer(BackendCredential credential) {
		assertThat(credential.header()).isEqualTo("Authorization");
		assertThat(credential.value()).startsWith("Bearer ");
		return credential.value().substring("Bearer ".length());
	}

	private static JsonNode claims(String jwt) {
		return JSON.readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
	}

	private static final class MutableClock extends Clock {

		volatile Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
