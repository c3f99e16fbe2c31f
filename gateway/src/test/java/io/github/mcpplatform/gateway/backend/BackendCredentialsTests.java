package io.github.mcpplatform.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.mcpplatform.gateway.configrepo.BackendAuth;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.ConfigSnapshot;
import io.github.mcpplatform.gateway.identity.BackendTokens;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.identity.SigningKeys;
import io.github.mcpplatform.gateway.policy.BackendAccess;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a backend receives to know the gateway, by its declared {@code auth}: against a real OAuth server
 * (mock-oauth2-server) for client credentials, and real MCP servers that record what reached them.
 */
class BackendCredentialsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final GatewayUser ALICE = GatewayUser.named("alice", "https://idp.example");

	private final MockOAuth2Server idp = new MockOAuth2Server();

	private final BackendCredentials credentials = new BackendCredentials(
			new BackendTokens(SigningKeys.load(null), "http://gateway.test", Clock.systemUTC()), WebClient.create());

	@BeforeEach
	void start() {
		this.idp.start(InetAddress.getLoopbackAddress(), 0);
	}

	@AfterEach
	void stop() {
		this.idp.shutdown();
	}

	@Test
	void aClientCredentialsTokenIsFetchedOnceAndSharedUntilItNearsItsEnd() {
		BackendDefinition backend = backend("search", clientCredentials(this.idp.tokenEndpointUrl("corp").toString()));

		BackendCredential first = this.credentials.forUser(ALICE, backend).block(Duration.ofSeconds(10));
		BackendCredential again = this.credentials.forService("mcp-gateway", backend).block(Duration.ofSeconds(10));

		assertThat(first.header()).isEqualTo("Authorization");
		assertThat(again).isEqualTo(first);
		JsonNode claims = claims(first.value().substring("Bearer ".length()));
		assertThat(claims.path("sub").asString()).isEqualTo("search-gateway");
		assertThat(claims.path("iss").asString()).isEqualTo(this.idp.issuerUrl("corp").toString());
		assertThat(this.idp.takeRequest(1, TimeUnit.SECONDS).getBody().readUtf8())
			.contains("grant_type=client_credentials").contains("scope=search.read");
		assertThatThrownBy(() -> this.idp.takeRequest(200, TimeUnit.MILLISECONDS)).as("a second token request")
			.hasMessageContaining("no request found");
	}

	@Test
	void aTokenEndpointThatRefusesFailsTheCallAsUnavailableWithoutTheSecret() {
		String wrong = this.idp.url("/corp/no-such-endpoint").toString();
		BackendDefinition backend = backend("search", clientCredentials(wrong));

		assertThatThrownBy(() -> this.credentials.forUser(ALICE, backend).block(Duration.ofSeconds(10)))
			.isInstanceOf(BackendUnavailableException.class)
			.hasMessageStartingWith("backend 'search' could not get a token from its token endpoint: HTTP 4")
			.hasMessageNotContaining("s3cret");
	}

	@Test
	void aTokenEndpointThatNeverAnswersIsGivenUpOnWithinTheBackendsTimeout() throws IOException {
		try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Thread accepting = new Thread(() -> {
				try (Socket held = silent.accept()) {
					held.getInputStream().readAllBytes();
				}
				catch (IOException ignored) {
					// the test is over
				}
			});
			accepting.setDaemon(true);
			accepting.start();
			BackendDefinition backend = backend("search", "http://127.0.0.1:9/mcp",
					clientCredentials("http://127.0.0.1:" + silent.getLocalPort() + "/token"), Duration.ofSeconds(1));

			assertThatThrownBy(() -> this.credentials.forUser(ALICE, backend).block(Duration.ofSeconds(10)))
				.isInstanceOf(BackendUnavailableException.class)
				.hasMessage("backend 'search' could not get a token from its token endpoint (no answer within 1000 ms)");
			accepting.interrupt();
		}
	}

	@Test
	void theGatewaysOwnCatalogRequestsCarryEachBackendsDeclaredCredential() throws Exception {
		TestMcpServer keyed = new TestMcpServer(List.of("search"));
		TestMcpServer machine = new TestMcpServer(List.of("lookup"));
		TestMcpServer open = new TestMcpServer(List.of("ping"));
		BackendRegistry registry = new BackendRegistry(new ConfigSnapshot(List.of(
				backend("keyed", keyed.url(), new BackendAuth.StaticHeader("Authorization", "Bearer static-s3cret")),
				backend("machine", machine.url(), clientCredentials(this.idp.tokenEndpointUrl("corp").toString())),
				backend("open", open.url(), new BackendAuth.None()))),
				new BackendSettings(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(500)),
				backend -> StreamableHttpTransports.to(backend, () -> this.credentials.forService("mcp-gateway", backend)),
				backend -> this.credentials.forService("mcp-gateway", backend)).start();
		try {
			registry.catalogChanges().filter(catalog -> catalog.tools().size() == 3).blockFirst(Duration.ofSeconds(10));
			// The catalog was read with the declared credentials.
			assertThat(keyed.lastAuthorization()).isEqualTo("Bearer static-s3cret");
			assertThat(claims(machine.lastAuthorization().substring(7)).path("sub").asString()).isEqualTo("search-gateway");
			assertThat(open.lastAuthorization()).isNull();

		}
		finally {
			registry.close();
			keyed.close();
			machine.close();
			open.close();
		}
	}

	private static BackendAuth.ClientCredentials clientCredentials(String tokenUrl) {
		return new BackendAuth.ClientCredentials(URI.create(tokenUrl), "search-gateway", "s3cret-client", "search.read", null);
	}

	private static BackendDefinition backend(String name, BackendAuth auth) {
		return backend(name, "http://127.0.0.1:9/mcp", auth);
	}

	/** A backend with a 5-second timeout: a cold token endpoint signs its first token slowly. */
	private static BackendDefinition backend(String name, String url, BackendAuth auth) {
		return backend(name, url, auth, Duration.ofSeconds(5));
	}

	private static BackendDefinition backend(String name, String url, BackendAuth auth, Duration timeout) {
		return new BackendDefinition(name, URI.create(url), name, true, timeout, null, BackendAccess.EVERYONE, auth, "test:1");
	}

	private static JsonNode claims(String jwt) {
		return JSON.readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
	}

}
