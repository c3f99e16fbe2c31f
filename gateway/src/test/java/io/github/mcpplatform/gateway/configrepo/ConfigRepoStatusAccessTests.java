package io.github.mcpplatform.gateway.configrepo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.github.mcpplatform.gateway.resourceserver.OAuthGateway;

/**
 * With sign-in on, the gateway faces the internet: the config repo status (backend names, commits, pull
 * errors) is answered only on the pod's loopback, where kubectl port-forward and exec arrive.
 */
class ConfigRepoStatusAccessTests {

	static OAuthGateway gateway;

	@BeforeAll
	static void start() {
		gateway = OAuthGateway.start();
	}

	@AfterAll
	static void stop() {
		gateway.close();
	}

	@Test
	void aCallerOnLoopbackGetsTheStatus() {
		gateway.web().get().uri("/config-repo/status").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.live.version").exists();
		assertThat(statusFor("127.0.0.1").value()).isEqualTo(200);
	}

	@Test
	void aCallerFromAnyOtherAddressIsRefusedWithHowToAsk() {
		assertThat(statusFor("203.0.113.7").value()).isEqualTo(403);
		assertThat(statusFor("10.1.2.3").value()).as("an ingress controller's pod address").isEqualTo(403);
	}

	@Test
	void theStatusPageIsRefusedToWhomTheStatusIsRefused() {
		gateway.web().get().uri("/config-repo/status").header("Accept", "text/html").exchange().expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith("text/html")
			.expectBody(String.class).value(page -> assertThat(page).contains("<h1>MCP gateway status</h1>"));
		assertThat(statusFor("127.0.0.1", "text/html").value()).isEqualTo(200);
		assertThat(statusFor("203.0.113.7", "text/html").value()).isEqualTo(403);
		assertThat(statusFor("10.1.2.3", "text/html").value()).isEqualTo(403);
	}

	private static HttpStatusCode statusFor(String address) {
		return statusFor(address, "application/json");
	}

	/** The status the gateway's own route answers a request from {@code address}. */
	@SuppressWarnings("unchecked")
	private static HttpStatusCode statusFor(String address, String accept) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/config-repo/status")
			.header("Accept", accept)
			.remoteAddress(new InetSocketAddress(address, 40000)));
		ServerRequest request = ServerRequest.create(exchange, ServerCodecConfigurer.create().getReaders());
		RouterFunction<ServerResponse> routes = gateway.context.getBean("configRepoRoutes", RouterFunction.class);
		return routes.route(request).flatMap(handler -> handler.handle(request)).map(ServerResponse::statusCode).block();
	}

}
