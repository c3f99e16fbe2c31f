package io.github.mcpplatform.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The MCP gateway: one endpoint that merges and routes many MCP backends. So far only the application
 * shell with health probes; merging, routing, sign-in and the config repo come in their own issues.
 */
@SpringBootApplication
public class GatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(GatewayApplication.class, args);
	}

}
