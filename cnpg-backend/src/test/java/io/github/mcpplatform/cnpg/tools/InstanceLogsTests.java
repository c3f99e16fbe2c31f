package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.ToolHarness.structured;
import static io.github.mcpplatform.cnpg.tools.ToolHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/**
 * get_postgres_instance_logs. The mock API server keeps pods in CRUD mode but serves no {@code pods/log}: an
 * expectation answers the exact log request the tool must send (container, tail, window, byte limit), so an
 * unexpected request finds nothing.
 */
class InstanceLogsTests {

	private static final String NAMESPACE = "logs";

	private static final String LOG = "/api/v1/namespaces/" + NAMESPACE + "/pods/%s/log?pretty=false&container=postgres";

	private KubernetesMockServer server;

	private ToolHarness tools;

	@BeforeEach
	void start() {
		Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
		this.server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
				new KubernetesMixedDispatcher(responses), false);
		this.server.init();
		this.tools = new ToolHarness(this.server.createClient(), NAMESPACE, Duration.ofSeconds(5));
		givenPod("pg-1", "pg", "instance");
		givenPod("pg-pooler-rw-1", "pg", "pooler");
		givenPod("other-1", "other", "instance");
	}

	/** The client first, as the other scripted-server tests do: the server's shutdown waits for open connections. */
	@AfterEach
	void stop() {
		this.tools.client.close();
		this.server.destroy();
	}

	@Test
	void logsAreTheLastLinesOfTheInstancesPostgresContainerInTheWindowAsked() {
		this.server.expect().get().withPath(String.format(LOG, "pg-1") + "&sinceSeconds=600&tailLines=2&limitBytes=1048576")
			.andReturn(200, "{\"level\":\"info\",\"msg\":\"ready\"}\n{\"level\":\"error\",\"msg\":\"boom\"}\n")
			.once();

		CallToolResult result = this.tools.callNow("get_postgres_instance_logs", Map.of("cluster_name", "pg", "instance",
				"pg-1", "lines", 2, "since_seconds", 600));

		assertThat(result.isError()).as(text(result)).isFalse();
		assertThat(text(result)).startsWith("Last 2 log line(s) of pg-1 from the last 600 s (asked for 2):\n")
			.endsWith("{\"level\":\"error\",\"msg\":\"boom\"}\n");
		assertThat(structured(result)).containsEntry("lines", 2L).containsEntry("container", "postgres");
	}

	@Test
	void thePreviousRunsLogIsAskedForAfterACrash() {
		this.server.expect().get().withPath(String.format(LOG, "pg-1") + "&previous=true&tailLines=100")
			.andReturn(200, "FATAL: could not start\n")
			.once();

		CallToolResult result = this.tools.callNow("get_postgres_instance_logs", Map.of("cluster_name", "pg", "instance",
				"pg-1", "previous", true));

		assertThat(text(result)).contains("of pg-1 of the previous run").endsWith("FATAL: could not start\n");
	}

	@Test
	void aLongLogKeepsItsNewestLinesWithinTheOutputLimit() {
		String line = "x".repeat(99) + "\n";
		this.server.expect().get().withPath(String.format(LOG, "pg-1") + "&tailLines=1000&limitBytes=1048576")
			.andReturn(200, line.repeat(999) + "the newest line\n")
			.once();

		CallToolResult result = this.tools.callNow("get_postgres_instance_logs", Map.of("cluster_name", "pg", "instance",
				"pg-1", "lines", 1000));

		assertThat(text(result)).hasSizeLessThan(25_000).endsWith("the newest line\n")
			.contains("older characters left out at the output limit");
		assertThat((String) structured(result).get("log")).hasSizeLessThanOrEqualTo(InstanceDiagnosis.MAX_LOG_CHARACTERS);
	}

	@Test
	void aPodThatIsNotAnInstanceOfTheClusterIsRefusedAndItsLogNeverRead() {
		int before = this.server.getRequestCount();

		CallToolResult other = this.tools.callNow("get_postgres_instance_logs", Map.of("cluster_name", "pg", "instance",
				"other-1"));
		CallToolResult pooler = this.tools.callNow("get_postgres_instance_logs", Map.of("cluster_name", "pg", "instance",
				"pg-pooler-rw-1"));
		CallToolResult missing = this.tools.callNow("get_postgres_instance_logs", Map.of("cluster_name", "pg", "instance",
				"pg-9"));

		assertThat(text(other)).contains("'other-1' is not an instance of cluster 'pg' in namespace 'logs': its instances "
				+ "are pg-1. Only the logs of a cluster's own instance pods are shown.");
		assertThat(pooler.isError()).isTrue();
		assertThat(text(missing)).contains("'pg-9' is not an instance of cluster 'pg'");
		// each refusal: one GET of the pod and one LIST of the cluster's pods, never a log request
		assertThat(this.server.getRequestCount() - before).isEqualTo(6);
	}

	private void givenPod(String name, String cluster, String podRole) {
		this.tools.client.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata()
			.withName(name)
			.addToLabels("cnpg.io/cluster", cluster)
			.addToLabels("cnpg.io/podRole", podRole)
			.endMetadata()
			.build()).create();
	}

}
