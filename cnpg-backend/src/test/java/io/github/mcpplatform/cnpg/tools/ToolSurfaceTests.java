package io.github.mcpplatform.cnpg.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.mcp.client.webflux.transport.WebClientStreamableHttpTransport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.reactive.function.client.WebClient;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.github.mcpplatform.cnpg.cnpg.CnpgKinds;
import io.github.mcpplatform.cnpg.kube.KubernetesConnection;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;

/**
 * The tool surface's second spellings and numeric versions, through the assembled server in sandbox mode and
 * the Java SDK client. Changes happen in a namespace of their own; the sample cluster is only read.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "cnpg.kubernetes.mode=sandbox", "cnpg.tools.wait-poll-interval=100ms",
				"logging.structured.format.console=" })
class ToolSurfaceTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	@Autowired
	KubernetesConnection kubernetes;

	private McpAsyncClient client;

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
		this.namespace = "surface-" + Long.toHexString(System.nanoTime());
	}

	@AfterEach
	void disconnect() {
		this.client.closeGracefully().block(TIMEOUT);
	}

	@Test
	void clusterToolsWhenTheClusterIsGivenAsClusterNameThenUseIt() {
		CallToolResult status = call("get_cluster_status", Map.of("cluster_name", "pg-sample"));

		assertThat(status.isError()).as(text(status)).isFalse();
		assertThat(text(status)).startsWith("pg-sample (namespace default): 3/3 ready");
	}

	@Test
	void clusterToolsWhenBothSpellingsAgreeThenAcceptThem() {
		CallToolResult status = call("get_cluster_status", Map.of("name", "pg-sample", "cluster_name", "pg-sample"));

		assertThat(status.isError()).as(text(status)).isFalse();
	}

	@Test
	void clusterToolsWhenBothSpellingsDifferThenRefuseNamingBoth() {
		CallToolResult status = call("get_cluster_status", Map.of("name", "pg-sample", "cluster_name", "pg-other"));

		assertThat(status.isError()).isTrue();
		assertThat(text(status)).contains("name and cluster_name are two spellings of one parameter and were given "
				+ "different values ('pg-sample' and 'pg-other'): give one of them");
	}

	@Test
	void clusterToolsWhenNeitherSpellingIsGivenThenSayEitherWillDo() {
		CallToolResult status = call("get_cluster_status", Map.of());

		assertThat(status.isError()).isTrue();
		assertThat(text(status)).contains("name or cluster_name is required");
	}

	@Test
	void getClusterStatusWhenDetailedThenTheSampleShowsWhatDetailAdds() {
		CallToolResult detailed = call("get_cluster_status", Map.of("cluster_name", "pg-sample", "detail_level", "detailed"));

		assertThat(text(detailed)).contains("instances: healthy=[pg-sample-1, pg-sample-2, pg-sample-3]")
			.contains("condition Ready=True: Cluster is Ready")
			.containsPattern("parameters: .*max_connections=100")
			.contains("managed roles: none");
	}

	@Test
	void deleteClusterWhenConfirmedWithConfirmThenDeletes() {
		created("pg-confirm");

		CallToolResult deleted = call("delete_postgres_cluster", Map.of("cluster_name", "pg-confirm", "confirm", true,
				"namespace", this.namespace));

		assertThat(deleted.isError()).as(text(deleted)).isFalse();
		assertThat(cluster("pg-confirm")).isNull();
	}

	@Test
	void deleteClusterWhenTheTwoConfirmationsDifferThenRefusesAndKeepsTheCluster() {
		created("pg-kept");

		CallToolResult refused = call("delete_postgres_cluster", Map.of("name", "pg-kept", "confirm", true,
				"confirm_deletion", false, "namespace", this.namespace));

		assertThat(refused.isError()).isTrue();
		assertThat(text(refused)).contains("confirm and confirm_deletion are two spellings of one parameter and were "
				+ "given different values ('true' and 'false')");
		assertThat(cluster("pg-kept")).isNotNull();
	}

	@Test
	void deleteRoleAndDatabaseWhenConfirmedWithConfirmDeletionThenDelete() {
		created("pg-owned");
		succeeded(call("create_postgres_role", Map.of("cluster_name", "pg-owned", "role_name", "reader", "namespace",
				this.namespace)));
		succeeded(call("create_postgres_database", Map.of("cluster_name", "pg-owned", "database_name", "orders", "owner",
				"reader", "namespace", this.namespace)));

		CallToolResult database = call("delete_postgres_database", Map.of("cluster_name", "pg-owned", "database_name",
				"orders", "confirm_deletion", true, "namespace", this.namespace));
		CallToolResult role = call("delete_postgres_role", Map.of("cluster_name", "pg-owned", "role_name", "reader",
				"confirm_deletion", true, "namespace", this.namespace));

		assertThat(text(database)).startsWith("Deleted Database object 'pg-owned-orders'.");
		assertThat(text(role)).startsWith("Role 'reader' of cluster 'pg-owned' is marked 'ensure: absent'");
	}

	@Test
	void createClusterWhenThePostgresVersionIsANumberThenUsesThatMajor() {
		CallToolResult preview = call("create_postgres_cluster", Map.of("name", "pg-numeric", "postgres_version", 17,
				"dry_run", true, "namespace", this.namespace));

		assertThat(preview.isError()).as(text(preview)).isFalse();
		assertThat(text(preview)).contains("major: 17");
	}

	@Test
	void createClusterWhenThePostgresVersionIsAStringThenUsesThatMajorToo() {
		CallToolResult created = call("create_postgres_cluster", Map.of("cluster_name", "pg-text", "postgres_version",
				"16", "instances", 1, "namespace", this.namespace));

		assertThat(created.isError()).as(text(created)).isFalse();
		assertThat(cluster("pg-text").<Integer>get("spec", "imageCatalogRef", "major")).isEqualTo(16);
	}

	@Test
	void createClusterWhenThePostgresVersionIsUnknownThenRefusesListingTheChoices() {
		CallToolResult refused = call("create_postgres_cluster", Map.of("name", "pg-old", "postgres_version", 9,
				"namespace", this.namespace));

		assertThat(refused.isError()).isTrue();
		assertThat(text(refused)).contains("postgres_version must be one of 14, 15, 16, 17, 18");
		assertThat(cluster("pg-old")).isNull();
	}

	@Test
	void diagnosticsAreServedByDefaultAndTheSqlToolsetIsNot() {
		List<String> names = this.client.listTools().block(TIMEOUT).tools().stream().map(Tool::name).toList();
		CallToolResult info = call("get_postgres_connection_info", Map.of("cluster_name", "pg-sample"));

		assertThat(names).contains("get_postgres_cluster_health", "list_postgres_cluster_events",
				"get_postgres_instance_logs", "get_postgres_connection_info")
			.doesNotContain("run_postgres_query", "run_postgres_diagnostic");
		assertThat(info.isError()).as(text(info)).isFalse();
		assertThat(text(info)).contains("uri: postgresql://app@pg-sample-rw.default.svc:5432/app?sslmode=require");
	}

	private void created(String name) {
		succeeded(call("create_postgres_cluster", Map.of("name", name, "instances", 1, "namespace", this.namespace)));
	}

	private static void succeeded(CallToolResult result) {
		assertThat(result.isError()).as(text(result)).isFalse();
	}

	private CallToolResult call(String tool, Map<String, Object> arguments) {
		return this.client.callTool(new CallToolRequest(tool, new HashMap<>(arguments))).block(TIMEOUT);
	}

	private GenericKubernetesResource cluster(String name) {
		return this.kubernetes.client()
			.genericKubernetesResources(CnpgKinds.CLUSTER)
			.inNamespace(this.namespace)
			.withName(name)
			.get();
	}

	static String text(CallToolResult result) {
		return ((TextContent) result.content().get(0)).text();
	}

}
