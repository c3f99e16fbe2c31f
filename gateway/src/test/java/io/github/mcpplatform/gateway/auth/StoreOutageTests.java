package io.github.mcpplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import io.github.mcpplatform.gateway.resourceserver.OAuthGateway;
import io.github.mcpplatform.gateway.session.TestRedis;

/**
 * A store outage under a running gateway ({@code gateway.store=redis}, a redis-server of this test's own): MCP
 * calls in an existing session and every step of a sign-in are answered with 503 and {@code Retry-After}
 * within 2 s, readiness is DOWN and liveness UP; when Redis is back the same session, the sign-in in progress
 * and the refresh token go on, without restarting the gateway.
 */
class StoreOutageTests {

	/** The bound on an answer while the store cannot be reached. */
	private static final Duration ANSWER_BOUND = Duration.ofSeconds(2);

	private static TestRedis redis;

	private static OAuthGateway gateway;

	@BeforeAll
	static void start(@TempDir Path dir) throws Exception {
		redis = TestRedis.own(Files.createDirectories(dir.resolve("redis")));
		byte[] aes = new byte[32];
		new SecureRandom().nextBytes(aes);
		Path encryptionKey = Files.writeString(dir.resolve("aes"), Base64.getEncoder().encodeToString(aes));
		Path signingKey = Files.writeString(dir.resolve("jwk"),
				new ECKeyGenerator(Curve.P_256).keyID("outage").generate().toJSONString());
		gateway = OAuthGateway.start("--gateway.store=redis", "--spring.data.redis.host=127.0.0.1",
				"--spring.data.redis.port=" + redis.port(), "--gateway.auth.token-encryption-key-file=" + encryptionKey,
				"--gateway.identity.signing-key-file=" + signingKey);
		AuthorizationFlowTests.gateway = gateway;
		AuthorizationFlowTests.base = gateway.baseUrl;
	}

	@AfterAll
	static void stop() {
		gateway.close();
		redis.resume();
		redis.stop();
	}

	@Test
	void whileRedisHangsRequestsGet503WithinTwoSecondsAndTheSameSessionAndSignInGoOnWhenItResumes() {
		Before before = before();
		redis.hang();
		try {
			assertAnsweredAsAnOutage(before);
		}
		finally {
			redis.resume();
		}
		assertGoesOn(before);
	}

	@Test
	void whileRedisIsStoppedRequestsGet503AndARestartedRedisIsUsedAgainWithoutRestartingTheGateway() {
		Before before = before();
		redis.stop();
		try {
			assertAnsweredAsAnOutage(before);
		}
		finally {
			redis.restart();
		}
		assertGoesOn(before);
	}

	/** What exists in the store when it goes away: a session, a refresh token, a sign-in waiting for consent. */
	private record Before(TestBrowser browser, String clientId, String accessToken, String refreshToken, String session,
			String transaction, String csrf) {
	}

	private static Before before() {
		TestBrowser browser = new TestBrowser();
		String clientId = AuthorizationFlowTests.json(browser.postJson(gateway.localUrl + "/register", """
				{"client_name":"Outage","redirect_uris":["%s"],"token_endpoint_auth_method":"none"}"""
			.formatted(AuthorizationFlowTests.REDIRECT))).path("client_id").asString();
		String code = TestBrowser.queryParam(AuthorizationFlowTests.signIn(browser, clientId, AuthorizationFlowTests.REDIRECT),
				"code");
		var tokens = AuthorizationFlowTests.json(AuthorizationFlowTests.redeem(browser, clientId, code,
				AuthorizationFlowTests.VERIFIER));
		String accessToken = tokens.path("access_token").asString();
		HttpResponse<String> initialized = browser.send(mcp(accessToken, null, """
				{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
				"capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"""));
		assertThat(initialized.statusCode()).as(initialized.body()).isEqualTo(200);
		String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
		assertThat(toolsList(browser, accessToken, session).statusCode()).isEqualTo(200);
		HttpResponse<String> consent = browser.get(AuthorizationFlowTests.authorizeUrl(clientId, AuthorizationFlowTests.REDIRECT,
				Secrets.s256(AuthorizationFlowTests.VERIFIER)));
		assertThat(consent.statusCode()).isEqualTo(200);
		return new Before(browser, clientId, accessToken, tokens.path("refresh_token").asString(), session,
				TestBrowser.hidden(consent.body(), "transaction"), TestBrowser.hidden(consent.body(), "csrf_token"));
	}

	private static void assertAnsweredAsAnOutage(Before before) {
		TestBrowser browser = before.browser();
		HttpResponse<String> call = timed(() -> toolsList(browser, before.accessToken(), before.session()));
		assertUnavailable(call, "application/json");
		assertThat(AuthorizationFlowTests.json(call).path("error").path("message").asString()).contains("store");
		assertThat(AuthorizationFlowTests.json(call).path("error").path("code").asInt()).isEqualTo(-32603);

		HttpResponse<String> registered = timed(() -> browser.postJson(gateway.localUrl + "/register", """
				{"client_name":"During","redirect_uris":["http://127.0.0.1:1/cb"],"token_endpoint_auth_method":"none"}"""));
		assertUnavailable(registered, "application/json");
		assertThat(AuthorizationFlowTests.json(registered).path("error").asString()).isEqualTo("temporarily_unavailable");

		assertUnavailable(timed(() -> browser.get(AuthorizationFlowTests.authorizeUrl(before.clientId(),
				AuthorizationFlowTests.REDIRECT, Secrets.s256(AuthorizationFlowTests.VERIFIER)))), "text/html");
		assertUnavailable(timed(() -> consent(before)), "text/html");
		HttpResponse<String> refreshed = timed(() -> AuthorizationFlowTests.refresh(browser, before.clientId(),
				before.refreshToken()));
		assertUnavailable(refreshed, "application/json");
		assertThat(AuthorizationFlowTests.json(refreshed).path("error").asString()).isEqualTo("temporarily_unavailable");

		assertThat(timed(() -> browser.get(gateway.localUrl + "/actuator/health/readiness")).statusCode()).isEqualTo(503);
		assertThat(browser.get(gateway.localUrl + "/actuator/health/liveness").statusCode()).isEqualTo(200);
	}

	/** Readiness comes back by itself, and what was in the store before is used again. */
	private static void assertGoesOn(Before before) {
		TestBrowser browser = before.browser();
		long back = System.nanoTime();
		long deadline = back + Duration.ofSeconds(15).toNanos();
		while (browser.get(gateway.localUrl + "/actuator/health/readiness").statusCode() != 200) {
			assertThat(System.nanoTime()).as("ready again within 15 s").isLessThan(deadline);
			java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
		}
		System.out.println("store outage: ready again " + Duration.ofNanos(System.nanoTime() - back).toMillis()
				+ " ms after Redis was back");
		HttpResponse<String> call = toolsList(browser, before.accessToken(), before.session());
		assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
		assertThat(call.body()).contains("\"tools\"");
		HttpResponse<String> approved = consent(before);
		assertThat(approved.statusCode()).as(approved.body()).isEqualTo(303);
		HttpResponse<String> refreshed = AuthorizationFlowTests.refresh(browser, before.clientId(), before.refreshToken());
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
	}

	private static void assertUnavailable(HttpResponse<String> response, String type) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(
				seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(value -> assertThat(value).startsWith(type));
		assertThat(response.body()).containsIgnoringCase("store");
	}

	/** The response, asserted to have come within {@link #ANSWER_BOUND}. */
	private static HttpResponse<String> timed(Supplier<HttpResponse<String>> request) {
		long started = System.nanoTime();
		HttpResponse<String> response = request.get();
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		System.out.println("store outage: " + response.request().method() + " " + response.request().uri().getPath() + " -> "
				+ response.statusCode() + " in " + took.toMillis() + " ms");
		assertThat(took).as(response.request().uri().getPath()).isLessThan(ANSWER_BOUND);
		return response;
	}

	private static HttpResponse<String> consent(Before before) {
		return before.browser().postForm(gateway.localUrl + "/consent", Map.of("transaction", before.transaction(),
				"csrf_token", before.csrf(), "decision", "approve"));
	}

	private static HttpResponse<String> toolsList(TestBrowser browser, String accessToken, String session) {
		return browser.send(mcp(accessToken, session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}"));
	}

	private static HttpRequest mcp(String accessToken, String session, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.localUrl + "/mcp"))
			.timeout(Duration.ofSeconds(10))
			.header("Authorization", "Bearer " + accessToken)
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.header("MCP-Protocol-Version", "2025-11-25")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (session != null) {
			request.header("Mcp-Session-Id", session);
		}
		return request.build();
	}

}
