package io.github.mcpplatform.cnpg.tools;

import java.util.ArrayList;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.mcpplatform.cnpg.cnpg.ClusterDependents;
import io.github.mcpplatform.cnpg.cnpg.ClusterRepository;
import io.github.mcpplatform.cnpg.cnpg.DatabaseRepository;
import io.github.mcpplatform.cnpg.cnpg.ImageCatalogRepository;
import io.github.mcpplatform.cnpg.cnpg.SecretRepository;
import io.github.mcpplatform.cnpg.kube.KubeCalls;
import io.github.mcpplatform.cnpg.kube.KubernetesConnection;
import io.github.mcpplatform.cnpg.output.ToolResults;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;

/** Registers the tools with the MCP server (Spring AI picks up the specification list). */
@Configuration(proxyBeanMethods = false)
class ToolsConfiguration {

	@Bean
	List<AsyncToolSpecification> cnpgTools(KubernetesConnection connection, KubeCalls kube, ToolsProperties properties) {
		return ToolSpecifications.of(tools(connection, kube, properties), new ToolResults(), connection.defaultNamespace());
	}

	/** All tools, in the order clients list them. */
	static List<CnpgTool> tools(KubernetesConnection connection, KubeCalls kube, ToolsProperties properties) {
		ClusterRepository clusters = new ClusterRepository(connection.client(), kube);
		DatabaseRepository databases = new DatabaseRepository(connection.client(), kube);
		SecretRepository secrets = new SecretRepository(connection.client(), kube);
		PasswordSecrets passwords = new PasswordSecrets(secrets);
		// The sandbox's mock API server would store dry-run writes: there, dry runs are previews.
		DryRun dryRuns = new DryRun(!connection.isSandbox());
		ClusterCreation creation = new ClusterCreation(clusters, new ImageCatalogRepository(connection.client(), kube),
				properties.imageCatalog(), properties.waitPollInterval(), dryRuns);
		List<CnpgTool> tools = new ArrayList<>(new ClusterTools(clusters, creation, dryRuns).tools());
		tools.add(new ClusterDeletion(clusters, secrets, databases, new ClusterDependents(connection.client(), kube)).tool());
		tools.addAll(new RoleTools(clusters, passwords, properties.allowPrivilegedRoles(), dryRuns).tools());
		tools.addAll(new RoleChanges(clusters, passwords, properties.allowPrivilegedRoles(), dryRuns).tools());
		tools.addAll(new DatabaseTools(clusters, databases, dryRuns).tools());
		return tools;
	}

}
