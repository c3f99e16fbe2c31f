package io.github.mcpplatform.gateway.auth;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.identity.SigningKeys;
import io.github.mcpplatform.gateway.resourceserver.BearerTokenFilter;
import io.github.mcpplatform.gateway.resourceserver.GatewayAccessTokens;
import io.github.mcpplatform.gateway.resourceserver.JwtAccessTokenVerifier;
import io.github.mcpplatform.gateway.resourceserver.OAuthGateway;
import io.github.mcpplatform.gateway.resourceserver.ProtectedResource;
import reactor.core.publisher.Mono;

/**
 * Prints what sign-in costs the gateway: the resource server's work per MCP request (a token seen before,
 * and a token seen for the first time), and each leg of a full sign-in against the assembled gateway with
 * mock-oauth2-server as the identity provider. Figures, not verdicts. Run with
 * {@code ./mvnw -pl gateway test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.github.mcpplatform.gateway.auth.AuthBenchmark}.
 */
public final class AuthBenchmark {

	public static void main(String[] args) {
		tokenValidation();
		// At most 25 sign-ins: registrations are limited to 30 per minute and address.
		signIn(args.length > 0 ? Integer.parseInt(args[0]) : 20);
		System.exit(0);
	}

	static void tokenValidation() {
		SigningKeys keys = SigningKeys.load(null);
		String issuer = "https://gw.example.com";
		AccessTokenIssuer tokens = new AccessTokenIssuer(keys, issuer, java.time.Duration.ofHours(1), Clock.systemUTC());
		GatewayUser user = new GatewayUser("alice-abcdef", "https://idp.example", "alice", "alice@example.com", List.of());
		InMemoryAuthStore store = new InMemoryAuthStore(Clock.systemUTC());
		store.put(AuthRecords.GRANT + "g", "{}", java.time.Duration.ofHours(1)).block();
		JwtAccessTokenVerifier verifier = new JwtAccessTokenVerifier(GatewayAccessTokens.decoder(keys, issuer),
				jwt -> GatewayAccessTokens.user(jwt, "https://idp.example"), Clock.systemUTC());
		BearerTokenFilter filter = new BearerTokenFilter(List.of(new ProtectedResource("/mcp", issuer, issuer,
				path -> java.util.Set.of(issuer + "/mcp"), List.of("mcp"), verifier)), new ActiveGrants(store, Clock.systemUTC()));
		String token = tokens.issue(user, "c", issuer + "/mcp", "mcp", "g");
		Supplier<Long> cached = () -> timeFilter(filter, token);
		for (int i = 0; i < 20_000; i++) {
			cached.get();
		}
		report("/mcp filter, token seen before (cache hit + active sign-in)", sample(50_000, cached));
		List<String> fresh = new ArrayList<>();
		for (int i = 0; i < 3_000; i++) {
			fresh.add(tokens.issue(user, "c", issuer + "/mcp", "mcp", "g"));
		}
		int[] next = { 0 };
		report("/mcp filter, token seen first (ES256 verify + claims)", sample(3_000, () -> timeFilter(filter, fresh.get(next[0]++))));
	}

	private static long timeFilter(BearerTokenFilter filter, String token) {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.post("/mcp").header("Authorization", "Bearer " + token));
		long start = System.nanoTime();
		filter.filter(exchange, served -> Mono.empty()).block();
		long elapsed = System.nanoTime() - start;
		if (exchange.getAttribute(GatewayUser.ATTRIBUTE) == null) {
			throw new IllegalStateException("the benchmark token was refused");
		}
		return elapsed;
	}

	static void signIn(int rounds) {
		try (OAuthGateway gateway = OAuthGateway.start()) {
			AuthorizationFlowTests.gateway = gateway;
			AuthorizationFlowTests.base = gateway.baseUrl;
			String base = gateway.baseUrl;
			Map<String, List<Long>> legs = new java.util.LinkedHashMap<>();
			for (int round = 0; round < rounds + 5; round++) {
				boolean measured = round >= 5;
				TestBrowser browser = new TestBrowser();
				long t = System.nanoTime();
				String clientId = AuthorizationFlowTests.JSON.readTree(AuthorizationFlowTests.register(browser, "none"))
					.path("client_id").asString();
				t = leg(legs, measured, "register", t);
				HttpResponse<String> consent = browser.get(AuthorizationFlowTests.authorizeUrl(clientId,
						AuthorizationFlowTests.REDIRECT, Secrets.s256(AuthorizationFlowTests.VERIFIER)));
				t = leg(legs, measured, "authorize (consent page)", t);
				HttpResponse<String> approved = browser.postForm(base + "/consent", Map.of("transaction",
						TestBrowser.hidden(consent.body(), "transaction"), "csrf_token",
						TestBrowser.hidden(consent.body(), "csrf_token"), "decision", "approve"));
				t = leg(legs, measured, "consent approval", t);
				HttpResponse<String> idp = browser.get(TestBrowser.location(approved));
				t = leg(legs, measured, "(identity provider login, not the gateway)", t);
				HttpResponse<String> callback = browser.get(TestBrowser.location(idp));
				t = leg(legs, measured, "callback (incl. the upstream code exchange)", t);
				String access = AuthorizationFlowTests.json(AuthorizationFlowTests.redeem(browser, clientId,
						TestBrowser.queryParam(TestBrowser.location(callback), "code"), AuthorizationFlowTests.VERIFIER))
					.path("access_token").asString();
				t = leg(legs, measured, "token", t);
				if (AuthorizationFlowTests.mcpStatus(access) != 200) {
					throw new IllegalStateException("the token did not serve /mcp");
				}
				leg(legs, measured, "first /mcp request (initialize)", t);
			}
			System.out.printf("%nFull sign-in, %d rounds (after 5 warm-up rounds), per leg:%n", rounds);
			long gatewayTotal = 0;
			for (Map.Entry<String, List<Long>> leg : legs.entrySet()) {
				long[] sorted = leg.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
				report(leg.getKey(), sorted);
				if (!leg.getKey().startsWith("(")) {
					gatewayTotal += sorted[sorted.length / 2];
				}
			}
			System.out.printf("sum of the gateway legs' p50 (HTTP round trips included): %.2f ms%n", gatewayTotal / 1e6);
		}
	}

	private static long leg(Map<String, List<Long>> legs, boolean measured, String name, long start) {
		long now = System.nanoTime();
		if (measured) {
			legs.computeIfAbsent(name, n -> new ArrayList<>()).add(now - start);
		}
		return now;
	}

	private static long[] sample(int n, Supplier<Long> measurement) {
		long[] samples = new long[n];
		for (int i = 0; i < n; i++) {
			samples[i] = measurement.get();
		}
		Arrays.sort(samples);
		return samples;
	}

	private static void report(String name, long[] sorted) {
		System.out.printf("%-55s p50 %9.1f us   p99 %9.1f us%n", name, sorted[sorted.length / 2] / 1e3,
				sorted[(int) (sorted.length * 0.99)] / 1e3);
	}

}
