package io.github.mcpplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.mcpplatform.gateway.resourceserver.OAuthGateway;

/**
 * Per-address limits count the client's address, not the proxy's: behind a proxy listed in
 * {@code gateway.trusted-proxies} the right-most forwarded address that is not a trusted proxy is the
 * client; from anyone else forwarding headers are ignored.
 */
class TrustedProxyTests {

	static List<Integer> registrations(OAuthGateway gateway, String header, List<String> forwarded) {
		TestBrowser browser = new TestBrowser();
		List<Integer> statuses = new ArrayList<>();
		for (String value : forwarded) {
			statuses.add(browser.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl + "/register"))
				.header("Content-Type", "application/json")
				.header(header, value)
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"redirect_uris\":[\"http://127.0.0.1:1/cb\"],\"token_endpoint_auth_method\":\"none\"}"))
				.build()).statusCode());
		}
		return statuses;
	}

	static List<String> addresses(String format, int count) {
		List<String> values = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			values.add(format.formatted(i));
		}
		return values;
	}

	@Test
	void behindATrustedProxyEachForwardedClientHasItsOwnAllowance() {
		try (OAuthGateway gateway = OAuthGateway.start("--gateway.trusted-proxies=127.0.0.0/8,10.0.0.0/8")) {
			// The client, then a second trusted hop (an ingress behind a load balancer).
			assertThat(registrations(gateway, "X-Forwarded-For", addresses("203.0.113.%d, 10.1.2.3", 40)))
				.containsOnly(201);
		}
	}

	@Test
	void behindATrustedProxyAddressesAClientPrependsDoNotEscapeItsAllowance() {
		try (OAuthGateway gateway = OAuthGateway.start("--gateway.trusted-proxies=127.0.0.1/32")) {
			List<Integer> statuses = registrations(gateway, "X-Forwarded-For", addresses("198.51.100.%d, 203.0.113.9", 40));
			assertThat(statuses.subList(0, 30)).containsOnly(201);
			assertThat(statuses.subList(30, 40)).containsOnly(429);
		}
	}

	@Test
	void theForwardedHeaderIsReadWhenTheProxySetsThat() {
		try (OAuthGateway gateway = OAuthGateway.start("--gateway.trusted-proxies=127.0.0.1/32",
				"--gateway.forwarded-header=forwarded")) {
			assertThat(registrations(gateway, "Forwarded", addresses("for=\"[2001:db8:%d::1]:4711\";proto=https", 40)))
				.containsOnly(201);
			// IPv6 clients are counted per /64: one host has many addresses there.
			List<Integer> sameNetwork = registrations(gateway, "Forwarded", addresses("for=\"[2001:db8:ffff::%d]\"", 40));
			assertThat(sameNetwork.subList(30, 40)).containsOnly(429);
		}
	}

	@Test
	void withoutTrustedProxiesForwardingHeadersAreIgnored() {
		try (OAuthGateway gateway = OAuthGateway.start()) {
			List<Integer> statuses = registrations(gateway, "X-Forwarded-For", addresses("203.0.113.%d", 40));
			assertThat(statuses.subList(30, 40)).containsOnly(429);
		}
	}

	@Test
	void aTrustedProxyThatIsNotAnAddressRangeOrIsEveryAddressStopsTheGatewayNamingTheSetting() {
		assertThatThrownBy(() -> OAuthGateway.start("--gateway.trusted-proxies=ingress-nginx").close()).rootCause()
			.hasMessageContaining("gateway.trusted-proxies")
			.hasMessageContaining("ingress-nginx");
		// Trusting every address would let any client choose the address it is counted as.
		assertThatThrownBy(() -> OAuthGateway.start("--gateway.trusted-proxies=0.0.0.0/0").close()).rootCause()
			.hasMessageContaining("gateway.trusted-proxies")
			.hasMessageContaining("trusts every address");
	}

}
