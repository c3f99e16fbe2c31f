package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.ToolHarness.structured;
import static io.github.mcpplatform.cnpg.tools.ToolHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/** get_postgres_cluster_health and list_postgres_cluster_events against the sandbox's Kubernetes API. */
class DiagnosisToolsTests {

	private final ToolHarness tools = new ToolHarness("diagnosis");

	@Test
	@SuppressWarnings("unchecked")
	void healthWhenAReplicaCrashesThenShowsEachInstanceAndTheProblems() {
		this.tools.givenCluster("pg", 3, Map.of("instances", 3, "readyInstances", 2, "phase", "Cluster in healthy state",
				"currentPrimary", "pg-1", "targetPrimary", "pg-1",
				"instancesStatus", Map.of("healthy", List.of("pg-1", "pg-2"), "failed", List.of("pg-3")),
				"instancesReportedState", Map.of("pg-1", Map.of("isPrimary", true, "timeLineID", 2), "pg-2",
						Map.of("isPrimary", false, "timeLineID", 2)),
				"conditions", List.of(Map.of("type", "Ready", "status", "False", "reason", "ClusterIsNotReady", "message",
						"Cluster Is Not Ready"))));
		givenPod("pg-1", "pg", "primary", true, 0, null);
		givenPod("pg-2", "pg", "replica", true, 0, null);
		givenPod("pg-3", "pg", "replica", false, 4, "CrashLoopBackOff");
		this.tools.client.pods().inNamespace(this.tools.namespace).resource(new PodBuilder().withNewMetadata()
			.withName("pg-pooler-rw-abc")
			.addToLabels("cnpg.io/cluster", "pg")
			.addToLabels("cnpg.io/podRole", "pooler")
			.endMetadata()
			.build()).create();

		CallToolResult result = this.tools.callNow("get_postgres_cluster_health", Map.of("cluster_name", "pg"));

		assertThat(result.isError()).as(text(result)).isFalse();
		assertThat(text(result)).contains("pg (namespace " + this.tools.namespace + "): 2/3 ready, Cluster in healthy state, primary pg-1")
			.contains("replication: 2 replica(s), asynchronous")
			.contains("- pg-1: primary, Running, ready, 0 restart(s), healthy, timeline 2, node node-a")
			.contains("- pg-3: replica, Running, NOT ready, waiting: CrashLoopBackOff, 4 restart(s), last ended: Error (exit 1), failed")
			.contains("condition Ready=False (ClusterIsNotReady): Cluster Is Not Ready")
			.contains("- pg-3 is not ready (CrashLoopBackOff).")
			.contains("- pg-3 restarted 4 time(s), last ended Error (exit 1): get_postgres_instance_logs with previous=true")
			.doesNotContain("pooler");
		List<Map<String, Object>> instances = (List<Map<String, Object>>) structured(result).get("instances");
		assertThat(instances).extracting(i -> i.get("name")).containsExactly("pg-1", "pg-2", "pg-3");
		assertThat(instances.get(0)).containsEntry("reportedPrimary", true).containsEntry("ready", true);
	}

	@Test
	void healthWhenHibernatedAndFencedThenSaysWhyNothingRuns() {
		this.tools.givenCluster("sleepy", 2, Map.of("instances", 2, "readyInstances", 0, "phase", "Cluster in healthy state",
				"conditions", List.of(Map.of("type", "cnpg.io/hibernation", "status", "True"))));

		CallToolResult result = this.tools.callNow("get_postgres_cluster_health", Map.of("cluster_name", "sleepy"));

		assertThat(text(result)).contains("instances: none found (no pod carries the label cnpg.io/cluster=sleepy)")
			.contains("The cluster is hibernated: its instances are shut down on purpose");
		assertThat(structured(result)).containsEntry("hibernated", true);
	}

	@Test
	@SuppressWarnings("unchecked")
	void eventsAreThoseOfTheClusterAndItsInstancesNewestFirst() {
		givenEvent("e1", "Cluster", "pg", "Normal", "CreatingInstance", "2026-01-01T10:00:00Z");
		givenEvent("e2", "Pod", "pg-1", "Warning", "BackOff", "2026-01-01T10:05:00Z");
		givenEvent("e3", "PersistentVolumeClaim", "pg-2", "Warning", "ProvisioningFailed", "2026-01-01T10:03:00Z");
		givenEvent("e4", "Pod", "pg-1-initdb-x7k2p", "Normal", "Started", "2026-01-01T10:01:00Z");
		givenEvent("e5", "Pod", "pg-main-1", "Warning", "BackOff", "2026-01-01T10:06:00Z");
		givenEvent("e6", "Cluster", "pg-main", "Normal", "Other", "2026-01-01T10:07:00Z");
		givenEvent("e7", "Pod", "web-1", "Warning", "Failed", "2026-01-01T10:08:00Z");

		CallToolResult all = this.tools.callNow("list_postgres_cluster_events", Map.of("cluster_name", "pg"));
		CallToolResult warnings = this.tools.callNow("list_postgres_cluster_events", Map.of("cluster_name", "pg", "type",
				"Warning", "limit", 1));

		assertThat((List<Map<String, Object>>) structured(all).get("events")).extracting(e -> e.get("object"))
			.containsExactly("Pod/pg-1", "PersistentVolumeClaim/pg-2", "Pod/pg-1-initdb-x7k2p", "Cluster/pg");
		assertThat(text(all)).startsWith("4 event(s) of cluster 'pg', newest first:\n- 2026-01-01T10:05:00Z Warning BackOff "
				+ "Pod/pg-1: message of e2");
		assertThat((List<Map<String, Object>>) structured(warnings).get("events")).extracting(e -> e.get("reason"))
			.containsExactly("BackOff");
	}

	@Test
	@SuppressWarnings("unchecked")
	void connectionInfoShowsServicesAndAUriWithoutThePassword() {
		this.tools.givenCluster("pg", 3, ToolHarness.healthy("pg", 3));
		givenService("pg-rw");
		givenService("pg-ro");
		ConnectionInfoTests.givenAppSecret(this.tools, "pg-app", "hunter2-never-shown");

		CallToolResult result = this.tools.callNow("get_postgres_connection_info", Map.of("cluster_name", "pg"));

		assertThat(result.isError()).as(text(result)).isFalse();
		assertThat(structured(result)).containsEntry("uri", "postgresql://app@pg-rw." + this.tools.namespace
				+ ".svc:5432/app?sslmode=require")
			.containsEntry("user", "app")
			.containsEntry("database", "app")
			.containsEntry("applicationSecret", "pg-app")
			.doesNotContainKeys("password", "superuserSecret");
		assertThat((List<Map<String, Object>>) structured(result).get("services")).extracting(s -> s.get("name") + "="
				+ s.get("exists")).containsExactly("pg-rw=true", "pg-ro=true", "pg-r=false");
		assertThat(text(result)).contains("pg-r." + this.tools.namespace + ".svc:5432 (r: any instance, for reads) - no such Service")
			.doesNotContain("hunter2");
	}

	private void givenPod(String name, String cluster, String role, boolean ready, int restarts, String waiting) {
		PodBuilder pod = new PodBuilder().withNewMetadata()
			.withName(name)
			.addToLabels("cnpg.io/cluster", cluster)
			.addToLabels("cnpg.io/podRole", "instance")
			.addToLabels("cnpg.io/instanceRole", role)
			.endMetadata()
			.withNewSpec()
			.withNodeName("node-a")
			.endSpec();
		Pod created = this.tools.client.pods().inNamespace(this.tools.namespace).resource(pod.build()).create();
		var status = new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running")
			.addNewContainerStatus()
			.withName("postgres")
			.withReady(ready)
			.withRestartCount(restarts);
		if (waiting != null) {
			status = status.withNewState().withNewWaiting().withReason(waiting).endWaiting().endState()
				.withNewLastState().withNewTerminated().withReason("Error").withExitCode(1).endTerminated().endLastState();
		}
		created.setStatus(status.endContainerStatus().build());
		this.tools.client.pods().inNamespace(this.tools.namespace).resource(created).updateStatus();
	}

	private void givenEvent(String name, String kind, String object, String type, String reason, String time) {
		this.tools.client.v1().events().inNamespace(this.tools.namespace).resource(new EventBuilder().withNewMetadata()
			.withName(name)
			.endMetadata()
			.withNewInvolvedObject()
			.withKind(kind)
			.withName(object)
			.withApiVersion("Cluster".equals(kind) ? "postgresql.cnpg.io/v1" : "v1")
			.endInvolvedObject()
			.withType(type)
			.withReason(reason)
			.withMessage("message of " + name)
			.withLastTimestamp(time)
			.build()).create();
	}

	private void givenService(String name) {
		this.tools.client.services().inNamespace(this.tools.namespace).resource(new ServiceBuilder().withNewMetadata()
			.withName(name)
			.endMetadata()
			.withNewSpec()
			.addNewPort()
			.withPort(5432)
			.endPort()
			.endSpec()
			.build()).create();
	}

}
