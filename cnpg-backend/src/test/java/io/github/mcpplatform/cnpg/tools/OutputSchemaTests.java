package io.github.mcpplatform.cnpg.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.mcp.client.webflux.transport.WebClientStreamableHttpTransport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.reactive.function.client.WebClient;

import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.mcpplatform.cnpg.cnpg.CnpgKinds;
import io.github.mcpplatform.cnpg.kube.KubernetesConnection;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tools that declare an {@code outputSchema} answer every successful call with structured content
 * that conforms to it, checked here with an independent JSON Schema validator (networknt, draft 2020-12,
 * MCP's default dialect) on what the client receives, over every successful path of those tools.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "cnpg.kubernetes.mode=sandbox", "cnpg.tools.wait-poll-interval=100ms",
				"logging.structured.format.console=" })
class OutputSchemaTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final List<String> WITH_SCHEMA = List.of("list_postgres_clusters", "get_cluster_status",
			"scale_postgres_cluster", "list_postgres_roles", "list_postgres_databases", "list_postgres_backups",
			"list_postgres_scheduled_backups");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

	@LocalServerPort
	int port;

	@Autowired
	KubernetesConnection kubernetes;

	private McpAsyncClient client;

	private Map<String, Tool> tools;

	private String namespace;

	@BeforeEach
	void connect() {
		this.client = McpClient
			.async(WebClientStreamableHttpTransport.builder(WebClient.builder().baseUrl("http://127.0.0.1:" + this.port))
				.endpoint("/mcp")
				.build())
			.requestTimeout(TIMEOUT)
			.build();
		this.client.initialize().block(TIMEOUT);
		this.tools = this.client.listTools()
			.block(TIMEOUT)
			.tools()
			.stream()
			.collect(Collectors.toMap(Tool::name, tool -> tool));
		this.namespace = "schemas-" + Long.toHexString(System.nanoTime());
	}

	@AfterEach
	void disconnect() {
		this.client.closeGracefully().block(TIMEOUT);
	}

	@Test
	void toolsListDeclaresAnOutputSchemaExactlyForTheToolsWithOneShape() {
		assertThat(this.tools.values()).filteredOn(tool -> tool.outputSchema() != null)
			.extracting(Tool::name)
			.containsExactlyInAnyOrderElementsOf(WITH_SCHEMA);
		assertThat(WITH_SCHEMA).allSatisfy(name -> assertThat(this.tools.get(name).outputSchema())
			.containsEntry("type", "object")
			.containsKey("required"));
	}

	@Test
	void clusterReadsConformInEveryDetailLevelAndFormat() {
		for (String detail : List.of("concise", "detailed")) {
			conforms("list_postgres_clusters", Map.of("detail_level", detail));
			conforms("list_postgres_clusters", Map.of("detail_level", detail, "all_namespaces", true, "format", "json"));
			conforms("get_cluster_status", Map.of("name", "pg-sample", "detail_level", detail));
		}
		conforms("list_postgres_clusters", Map.of("namespace", this.namespace));
	}

	@Test
	void clusterReadsOfAClusterWithRolesAndNoStatusConform() {
		givenClusterWithRoleAndDatabase("pg-read");

		conforms("get_cluster_status", Map.of("name", "pg-read", "detail_level", "detailed", "namespace", this.namespace));
		conforms("list_postgres_clusters", Map.of("detail_level", "detailed", "namespace", this.namespace));
	}

	@Test
	void roleAndDatabaseListsConformEmptyAndFull() {
		succeeded(call("create_postgres_cluster", Map.of("name", "pg-empty", "instances", 1, "namespace", this.namespace)));
		conforms("list_postgres_roles", Map.of("cluster_name", "pg-empty", "namespace", this.namespace));
		conforms("list_postgres_databases", Map.of("cluster_name", "pg-empty", "namespace", this.namespace));

		givenClusterWithRoleAndDatabase("pg-full");
		succeeded(call("delete_postgres_role", Map.of("cluster_name", "pg-full", "role_name", "gone", "confirm", true,
				"namespace", this.namespace)));

		assertThat(conforms("list_postgres_roles", Map.of("cluster_name", "pg-full", "namespace", this.namespace)))
			.containsEntry("count", 2);
		assertThat(conforms("list_postgres_databases", Map.of("cluster_name", "pg-full", "namespace", this.namespace)))
			.containsEntry("count", 1);
	}

	@Test
	void backupListsConformEmptyAndFullAndForADeletedCluster() {
		succeeded(call("create_postgres_cluster", Map.of("name", "pg-backed", "instances", 1, "namespace", this.namespace)));
		conforms("list_postgres_backups", Map.of("cluster_name", "pg-backed", "namespace", this.namespace));
		conforms("list_postgres_scheduled_backups", Map.of("cluster_name", "pg-backed", "namespace", this.namespace));

		this.kubernetes.client().genericKubernetesResources(CnpgKinds.CLUSTER).inNamespace(this.namespace)
			.withName("pg-backed")
			.patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("spec", TestBackups.PLUGIN_SPEC)));
		succeeded(call("create_postgres_backup", Map.of("cluster_name", "pg-backed", "namespace", this.namespace)));
		succeeded(call("create_postgres_scheduled_backup", Map.of("cluster_name", "pg-backed", "scheduled_backup_name",
				"pg-backed-daily", "schedule", "@daily", "namespace", this.namespace)));
		GenericKubernetesResource backup = this.kubernetes.client().genericKubernetesResources(CnpgKinds.BACKUP)
			.inNamespace(this.namespace).list().getItems().get(0);
		backup.setAdditionalProperty("status", TestBackups.completed("plugin", "2026-12-01T00:00:00Z", "2026-12-01T00:00:09Z"));
		this.kubernetes.client().genericKubernetesResources(CnpgKinds.BACKUP).inNamespace(this.namespace).resource(backup)
			.updateStatus();

		assertThat(conforms("list_postgres_backups", Map.of("cluster_name", "pg-backed", "namespace", this.namespace)))
			.containsEntry("count", 1);
		assertThat(conforms("list_postgres_scheduled_backups", Map.of("cluster_name", "pg-backed", "namespace",
				this.namespace))).containsEntry("count", 1);
		succeeded(call("delete_postgres_cluster", Map.of("name", "pg-backed", "confirm", true, "namespace", this.namespace)));
		assertThat(conforms("list_postgres_backups", Map.of("cluster_name", "pg-backed", "namespace", this.namespace)))
			.doesNotContainKey("recoveryWindow");
	}

	@Test
	void scaleConformsWhenItChangesNothingPreviewsAndScales() {
		succeeded(call("create_postgres_cluster", Map.of("name", "pg-scale", "instances", 1, "namespace", this.namespace)));
		Map<String, Object> scale = Map.of("name", "pg-scale", "namespace", this.namespace);

		assertThat(conforms("scale_postgres_cluster", with(scale, "instances", 1))).containsEntry("changed", false);
		assertThat(conforms("scale_postgres_cluster", with(with(scale, "instances", 2), "dry_run", true)))
			.containsEntry("dryRun", true);
		assertThat(conforms("scale_postgres_cluster", with(scale, "instances", 2))).containsEntry("changed", true);
	}

	@Test
	void failuresOfToolsWithAnOutputSchemaCarryNoStructuredContentToMismatchIt() {
		Map<String, Map<String, Object>> failingCalls = Map.of("list_postgres_clusters", Map.of("namespace", "Not_A_Name"),
				"get_cluster_status", Map.of("name", "pg-missing", "namespace", this.namespace), "scale_postgres_cluster",
				Map.of("name", "pg-missing", "instances", 2, "namespace", this.namespace), "list_postgres_roles",
				Map.of("cluster_name", "pg-missing", "namespace", this.namespace), "list_postgres_databases",
				Map.of("cluster_name", "pg-missing", "namespace", this.namespace), "list_postgres_backups",
				Map.of("cluster_name", "pg-missing", "namespace", this.namespace), "list_postgres_scheduled_backups",
				Map.of("cluster_name", "pg-missing", "namespace", this.namespace));
		assertThat(failingCalls).containsOnlyKeys(WITH_SCHEMA);

		failingCalls.forEach((tool, arguments) -> {
			CallToolResult failed = call(tool, arguments);

			assertThat(failed.isError()).as(tool).isTrue();
			assertThat(failed.structuredContent()).as(tool).isNull();
		});
	}

	private void givenClusterWithRoleAndDatabase(String cluster) {
		succeeded(call("create_postgres_cluster", Map.of("name", cluster, "instances", 1, "namespace", this.namespace)));
		for (String role : List.of("reader", "gone")) {
			succeeded(call("create_postgres_role", Map.of("cluster_name", cluster, "role_name", role, "createdb", true,
					"namespace", this.namespace)));
		}
		succeeded(call("create_postgres_database", Map.of("cluster_name", cluster, "database_name", "orders", "owner",
				"reader", "namespace", this.namespace)));
	}

	/** Calls a tool that must succeed and checks its structured content against the schema it declared. */
	private Map<String, Object> conforms(String tool, Map<String, Object> arguments) {
		CallToolResult result = call(tool, arguments);
		succeeded(result);
		JsonNode schema = JSON.valueToTree(this.tools.get(tool).outputSchema());
		JsonNode content = JSON.valueToTree(result.structuredContent());
		List<Error> errors = SCHEMAS.getSchema(schema).validate(content);
		assertThat(errors).as("%s %s: %s", tool, arguments, result.structuredContent()).isEmpty();
		@SuppressWarnings("unchecked")
		Map<String, Object> structured = (Map<String, Object>) result.structuredContent();
		return structured;
	}

	private CallToolResult call(String tool, Map<String, Object> arguments) {
		return this.client.callTool(new CallToolRequest(tool, new HashMap<>(arguments))).block(TIMEOUT);
	}

	private static void succeeded(CallToolResult result) {
		assertThat(result.isError()).as(result.content().toString()).isFalse();
	}

	private static Map<String, Object> with(Map<String, Object> arguments, String name, Object value) {
		Map<String, Object> more = new HashMap<>(arguments);
		more.put(name, value);
		return more;
	}

}
