package io.github.mcpplatform.cnpg;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The CloudNativePG MCP backend: PostgreSQL clusters, roles and databases as MCP tools. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CnpgBackendApplication {

	public static void main(String[] args) {
		SpringApplication.run(CnpgBackendApplication.class, args);
	}

}
