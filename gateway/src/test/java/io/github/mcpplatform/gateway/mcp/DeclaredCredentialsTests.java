package io.github.mcpplatform.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.github.mcpplatform.gateway.backend.BackendForwarder;
import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.backend.BackendSettings;
import io.github.mcpplatform.gateway.backend.StreamableHttpTransports;
import io.github.mcpplatform.gateway.backend.TestMcpServer;
import io.github.mcpplatform.gateway.configrepo.BackendAuth;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.ConfigSnapshot;
import io.github.mcpplatform.gateway.identity.BackendTokens;
import io.github.mcpplatform.gateway.identity.SigningKeys;
import io.github.mcpplatform.gateway.policy.BackendAccess;
import io.github.mcpplatform.gateway.session.InMemorySessionStore;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import reactor.netty.DisposableServer;

/**
 * A client's tool calls reach each backend with the credential the config repo declares for it, never the
 * client's own: a fixed header, a client-credentials token from a real OAuth server, or nothing.
 */
class DeclaredCredentialsTests {

	private final MockOAuth2Server idp = new MockOAuth2Server();

	private TestMcpServer keyed;

	private TestMcpServer machine;

	private TestMcpServer open;

	private BackendRegistry registry;

	private DisposableServer gateway;

	private WebTestClient web;

	@BeforeEach
	void start() {
		this.idp.start(InetAddress.getLoopbackAddress(), 0);
		this.keyed = new TestMcpServer(List.of("search"));
		this.machine = new TestMcpServer(List.of("lookup"));
		this.open = new TestMcpServer(List.of("ping"));
		this.registry = new BackendRegistry(new ConfigSnapshot(List.of(
				backend("keyed", this.keyed.url(), new BackendAuth.StaticHeader("Authorization", "Bearer static-s3cret")),
				backend("machine", this.machine.url(), new BackendAuth.ClientCredentials(
						URI.create(this.idp.tokenEndpointUrl("corp").toString()), "lookup-gateway", "s3cret", null, null)),
				backend("open", this.open.url(), new BackendAuth.None()))),
				new BackendSettings(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(500)),
				StreamableHttpTransports::to).start();
		this.registry.catalogChanges().filter(catalog -> catalog.tools().size() == 3).blockFirst(Duration.ofSeconds(10));
		McpEndpoint endpoint = new McpEndpoint("/mcp", this.registry, new BackendForwarder(new ReactorClientHttpConnector()),
				new InMemorySessionStore(Duration.ofMinutes(5), Clock.systemUTC()),
				new BackendTokens(SigningKeys.load(null), "http://gateway.test", Clock.systemUTC()), 64 * 1024);
		this.gateway = TestEndpoints.serve(endpoint, "local");
		this.web = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.gateway.port()).build();
	}

	@AfterEach
	void stop() {
		this.gateway.disposeNow();
		this.registry.close();
		this.keyed.close();
		this.machine.close();
		this.open.close();
		this.idp.shutdown();
	}

	@Test
	void eachBackendGetsItsDeclaredCredentialAndNeverTheClients() {
		String session = this.web.post().uri("/mcp").contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
					+ "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}")
			.exchange().expectStatus().isOk().returnResult(String.class).getResponseHeaders().getFirst("Mcp-Session-Id");

		call(session, "keyed_search");
		call(session, "machine_lookup");
		call(session, "open_ping");

		assertThat(this.keyed.toolCallAuthorization()).isEqualTo("Bearer static-s3cret");
		assertThat(this.machine.toolCallAuthorization()).startsWith("Bearer ey").doesNotContain("client-token");
		assertThat(this.open.toolCallAuthorization()).isEmpty();
	}

	private void call(String session, String tool) {
		this.web.post().uri("/mcp").header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25")
			.header("Authorization", "Bearer client-token")
			.contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
					+ "\",\"arguments\":{}}}")
			.exchange().expectStatus().isOk().expectBody(String.class)
			.value(body -> assertThat(body).doesNotContain("\"error\"").doesNotContain("isError\":true"));
	}

	private static BackendDefinition backend(String name, String url, BackendAuth auth) {
		return new BackendDefinition(name, URI.create(url), name, true, Duration.ofSeconds(2), null, BackendAccess.EVERYONE,
				auth, "test:1");
	}

}
