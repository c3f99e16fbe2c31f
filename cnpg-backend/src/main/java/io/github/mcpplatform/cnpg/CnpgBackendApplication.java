package io.github.mcpplatform.cnpg;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import io.github.mcpplatform.cnpg.server.Transport;

/** The CloudNativePG MCP backend: PostgreSQL clusters, roles and databases as MCP tools. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CnpgBackendApplication {

	public static void main(String[] args) {
		Transport transport;
		try {
			transport = Transport.fromArguments(args);
		}
		catch (IllegalArgumentException e) {
			System.err.println(e.getMessage());
			System.exit(2);
			return;
		}
		SpringApplication.run(CnpgBackendApplication.class, transport.arguments(Transport.withoutTransport(args)));
	}

}
