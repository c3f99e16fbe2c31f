package io.github.mcpplatform.cnpg.tools;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.mcpplatform.cnpg.cnpg.BackupRepository;
import io.github.mcpplatform.cnpg.cnpg.ClusterDependents;
import io.github.mcpplatform.cnpg.cnpg.ClusterRepository;
import io.github.mcpplatform.cnpg.cnpg.DatabaseRepository;
import io.github.mcpplatform.cnpg.cnpg.ImageCatalogRepository;
import io.github.mcpplatform.cnpg.cnpg.InstancePods;
import io.github.mcpplatform.cnpg.cnpg.InstanceRepository;
import io.github.mcpplatform.cnpg.cnpg.PoolerRepository;
import io.github.mcpplatform.cnpg.cnpg.ScheduledBackupRepository;
import io.github.mcpplatform.cnpg.cnpg.SecretRepository;
import io.github.mcpplatform.cnpg.kube.Impersonation;
import io.github.mcpplatform.cnpg.kube.KubeCalls;
import io.github.mcpplatform.cnpg.kube.KubernetesConnection;
import io.github.mcpplatform.cnpg.output.ToolResults;
import io.github.mcpplatform.cnpg.sql.PostgresQueries;
import io.github.mcpplatform.cnpg.sql.ServiceAddress;
import io.github.mcpplatform.cnpg.sql.SqlProperties;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;

/** Registers the tools with the MCP server (Spring AI picks up the specification list). */
@Configuration(proxyBeanMethods = false)
class ToolsConfiguration {

	@Bean
	List<AsyncToolSpecification> cnpgTools(KubernetesConnection connection, KubeCalls kube, ToolsProperties properties,
			Impersonation impersonation, PostgresQueries queries) {
		return ToolSpecifications.of(tools(connection, kube, properties, queries), new ToolResults(),
				connection.defaultNamespace(), ActingUser.of(impersonation));
	}

	/** The sql toolset's one blocking adapter; {@link ServiceAddressConfiguration} says where Services answer. */
	@Bean(destroyMethod = "close")
	PostgresQueries postgresQueries(SqlProperties properties, ServiceAddress addresses) {
		return new PostgresQueries(properties, addresses);
	}

	/** The tools with the sql toolset's default settings, reaching clusters by their in-cluster DNS names. */
	static List<CnpgTool> tools(KubernetesConnection connection, KubeCalls kube, ToolsProperties properties) {
		return tools(connection, kube, properties, new PostgresQueries(SqlProperties.defaults(), ServiceAddress.clusterDns()));
	}

	/**
	 * The tools the settings let this server offer, in the order clients list them: those of the enabled
	 * toolsets and, in read-only mode, only those that change nothing.
	 */
	static List<CnpgTool> tools(KubernetesConnection connection, KubeCalls kube, ToolsProperties properties,
			PostgresQueries queries) {
		List<CnpgTool> offered = new ArrayList<>();
		allTools(connection, kube, properties, queries).forEach((toolset, tools) -> {
			if (properties.toolsets().contains(toolset)) {
				tools.stream().filter(tool -> !properties.readOnly() || tool.hints().readOnlyHint()).forEach(offered::add);
			}
		});
		return offered;
	}

	/** Every tool, by toolset. */
	private static Map<Toolset, List<CnpgTool>> allTools(KubernetesConnection connection, KubeCalls kube,
			ToolsProperties properties, PostgresQueries queries) {
		ClusterRepository clusters = new ClusterRepository(connection.client(), kube);
		DatabaseRepository databases = new DatabaseRepository(connection.client(), kube);
		SecretRepository secrets = new SecretRepository(connection.client(), kube);
		PasswordSecrets passwords = new PasswordSecrets(secrets);
		// The sandbox's mock API server would store dry-run writes: there, dry runs are previews.
		DryRun dryRuns = new DryRun(!connection.isSandbox());
		ClusterCreation creation = new ClusterCreation(clusters, new ImageCatalogRepository(connection.client(), kube),
				properties.imageCatalog(), properties.waitPollInterval(), dryRuns);
		Map<Toolset, List<CnpgTool>> tools = new EnumMap<>(Toolset.class);
		List<CnpgTool> clusterTools = new ArrayList<>(new ClusterTools(clusters, creation, dryRuns).tools());
		clusterTools.add(new ClusterDeletion(clusters, secrets, databases, new ClusterDependents(connection.client(), kube)).tool());
		clusterTools.addAll(new ParameterTools(clusters, dryRuns).tools());
		tools.put(Toolset.CLUSTERS, clusterTools);
		List<CnpgTool> roleTools = new ArrayList<>(new RoleTools(clusters, passwords, properties.allowPrivilegedRoles(), dryRuns).tools());
		roleTools.addAll(new RoleChanges(clusters, passwords, properties.allowPrivilegedRoles(), dryRuns).tools());
		tools.put(Toolset.ROLES, roleTools);
		tools.put(Toolset.DATABASES, new DatabaseTools(clusters, databases, dryRuns).tools());
		tools.put(Toolset.BACKUPS, backupTools(connection, kube, clusters, creation, properties, dryRuns));
		tools.put(Toolset.POOLERS, poolerTools(connection, kube, clusters, dryRuns));
		tools.put(Toolset.OPERATIONS, operationTools(connection, kube, clusters, dryRuns));
		InstanceRepository instances = new InstanceRepository(connection.client(), kube);
		List<CnpgTool> diagnosticTools = new ArrayList<>(List.of(new ClusterHealth(clusters, instances).tool()));
		diagnosticTools.addAll(new InstanceDiagnosis(instances).tools());
		diagnosticTools.add(new ConnectionInfo(clusters, instances, secrets).tool());
		tools.put(Toolset.DIAGNOSTICS, diagnosticTools);
		tools.put(Toolset.SQL, new QueryTools(new QueryTargets(clusters, secrets), queries).tools());
		return tools;
	}

	private static List<CnpgTool> backupTools(KubernetesConnection connection, KubeCalls kube, ClusterRepository clusters,
			ClusterCreation creation, ToolsProperties properties, DryRun dryRuns) {
		BackupRepository backups = new BackupRepository(connection.client(), kube);
		Clock clock = Clock.systemUTC();
		List<CnpgTool> tools = new ArrayList<>(new BackupTools(clusters, backups, dryRuns, clock).tools());
		tools.addAll(new ScheduledBackupTools(clusters, new ScheduledBackupRepository(connection.client(), kube), backups,
				dryRuns, clock).tools());
		tools.add(new RestoreTool(clusters, backups, creation, new RestorePlans(clock), properties.imageCatalog(), dryRuns)
			.tool());
		return tools;
	}

	private static List<CnpgTool> poolerTools(KubernetesConnection connection, KubeCalls kube, ClusterRepository clusters,
			DryRun dryRuns) {
		PoolerRepository poolers = new PoolerRepository(connection.client(), kube);
		return new PoolerTools(poolers, new PoolerCreation(clusters, poolers, dryRuns), dryRuns).tools();
	}

	private static List<CnpgTool> operationTools(KubernetesConnection connection, KubeCalls kube,
			ClusterRepository clusters, DryRun dryRuns) {
		InstancePods pods = new InstancePods(connection.client(), kube);
		Clock clock = Clock.systemUTC();
		List<CnpgTool> all = new ArrayList<>();
		all.add(new Switchover(clusters, pods, dryRuns, clock).tool());
		all.addAll(new RestartTools(clusters, pods, dryRuns, clock).tools());
		all.addAll(new HibernationTools(clusters, dryRuns).tools());
		all.addAll(new FencingTools(clusters, dryRuns).tools());
		return all;
	}

}
