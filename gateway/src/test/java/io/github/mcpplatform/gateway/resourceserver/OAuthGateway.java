package io.github.mcpplatform.gateway.resourceserver;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.github.mcpplatform.gateway.GatewayApplication;
import no.nav.security.mock.oauth2.MockOAuth2Server;

/**
 * The assembled gateway in {@code gateway.auth.mode=oauth} on a free loopback port, in front of an embedded
 * mock-oauth2-server as the company's identity provider (issuer {@code <idp>/idp}), with the OIDC test path on.
 */
public final class OAuthGateway implements AutoCloseable {

	public static final String UPSTREAM_AUDIENCE = "https://api.example.com/mcp";

	public final MockOAuth2Server idp;

	public final ConfigurableApplicationContext context;

	/** The public URL (the issuer), shared by every replica. */
	public final String baseUrl;

	/** Where this replica itself listens. */
	public final String localUrl;

	private OAuthGateway(MockOAuth2Server idp, ConfigurableApplicationContext context, String baseUrl, String localUrl) {
		this.idp = idp;
		this.context = context;
		this.baseUrl = baseUrl;
		this.localUrl = localUrl;
	}

	/** @param extraArguments more settings; a {@code --gateway.config-repo.uri} replaces the repository's example */
	public static OAuthGateway start(String... extraArguments) {
		MockOAuth2Server idp = new MockOAuth2Server();
		idp.start(java.net.InetAddress.getLoopbackAddress(), 0);
		return start(idp, null, extraArguments);
	}

	/**
	 * Another replica: the same identity provider, and {@code publicUrl} (the one every replica shares) when
	 * given; closing it leaves the identity provider running.
	 */
	public static OAuthGateway replica(OAuthGateway first, String... extraArguments) {
		OAuthGateway replica = start(first.idp, first.baseUrl, extraArguments);
		return new OAuthGateway(null, replica.context, replica.baseUrl, replica.localUrl);
	}

	private static OAuthGateway start(MockOAuth2Server idp, String publicUrl, String... extraArguments) {
		int port = freePort();
		String localUrl = "http://127.0.0.1:" + port;
		String baseUrl = publicUrl != null ? publicUrl : localUrl;
		List<String> arguments = new ArrayList<>(List.of("--server.port=" + port, "--gateway.public-url=" + baseUrl,
				"--gateway.auth.mode=oauth", "--gateway.auth.upstream.issuer-uri=" + idp.issuerUrl("idp"),
				"--gateway.auth.upstream.client-id=gateway", "--gateway.auth.upstream.client-secret=upstream-secret",
				"--gateway.auth.upstream.audience=" + UPSTREAM_AUDIENCE, "--gateway.auth.oidc-test.enabled=true",
				"--logging.level.root=WARN", "--logging.level.io.github.mcpplatform.gateway.auth=DEBUG",
				"--logging.structured.format.console="));
		arguments.addAll(List.of(extraArguments));
		if (arguments.stream().noneMatch(argument -> argument.startsWith("--gateway.config-repo.uri="))) {
			// The repository's example, whose backend is not running: enough for tests of signing in.
			arguments.addAll(List.of("--gateway.config-repo.uri=../config-repo", "--CNPG_BACKEND_URL=http://127.0.0.1:9/mcp"));
		}
		ConfigurableApplicationContext context = new SpringApplicationBuilder(GatewayApplication.class)
			.run(arguments.toArray(String[]::new));
		return new OAuthGateway(idp, context, baseUrl, localUrl);
	}

	public WebTestClient web() {
		return WebTestClient.bindToServer().baseUrl(this.localUrl).build();
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	@Override
	public void close() {
		this.context.close();
		if (this.idp != null) {
			try {
				this.idp.shutdown();
			}
			catch (RuntimeException alreadyStopped) {
				// a test stopped it itself
			}
		}
	}

}
