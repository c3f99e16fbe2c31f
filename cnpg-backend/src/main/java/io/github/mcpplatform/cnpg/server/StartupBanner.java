package io.github.mcpplatform.cnpg.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;

import io.github.mcpplatform.cnpg.kube.KubernetesConnection;
import io.github.mcpplatform.cnpg.security.AuthProperties;

/** Logs where the MCP endpoint is and how to add it to Claude Code, once the server accepts requests. */
final class StartupBanner implements ApplicationListener<ApplicationReadyEvent> {

	private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

	private final KubernetesConnection connection;

	private final AuthProperties auth;

	StartupBanner(KubernetesConnection connection, AuthProperties auth) {
		this.connection = connection;
		this.auth = auth;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
			if (event.getApplicationContext().getEnvironment().getProperty("spring.ai.mcp.server.stdio", Boolean.class, false)) {
				log.info("CNPG MCP backend ready on stdio ({}). Add it to Claude Code with: claude mcp add cnpg -- java "
						+ "-jar cnpg-backend.jar --transport stdio", this.connection.description());
			}
			return;
		}
		String address = event.getApplicationContext().getEnvironment().getProperty("server.address", "0.0.0.0");
		String host = address.equals("0.0.0.0") || address.equals("::") ? "localhost" : address;
		String endpoint = event.getApplicationContext().getEnvironment().getProperty(
				"spring.ai.mcp.server.streamable-http.mcp-endpoint", "/mcp");
		String url = "http://" + host + ":" + web.getWebServer().getPort() + endpoint;
		if (this.auth.mode() == AuthProperties.Mode.GATEWAY) {
			// Clients reach it through the gateway; a direct connection would be refused.
			log.info("CNPG MCP backend ready at {} ({}), for the gateway only: it accepts the tokens the gateway "
					+ "mints for audience {}", url, this.connection.description(), this.auth.audience());
		}
		else {
			log.info("CNPG MCP backend ready at {} ({}). Add it to Claude Code with: claude mcp add --transport http cnpg {}",
					url, this.connection.description(), url);
		}
		if (this.auth.mode() == AuthProperties.Mode.NONE && !isLoopback(address) && !this.connection.isSandbox()) {
			log.warn("The MCP endpoint listens on {} without authentication: anyone who can reach port {} can manage "
					+ "these PostgreSQL clusters. Bind it to loopback (server.address=127.0.0.1) or allow only the "
					+ "gateway to reach it and set cnpg.auth.mode=gateway.", address,
					web.getWebServer().getPort());
		}
	}

	private static boolean isLoopback(String address) {
		return address.equals("127.0.0.1") || address.equals("::1") || address.equals("localhost");
	}

}
