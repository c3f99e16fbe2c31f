package io.github.mcpplatform.cnpg.tools;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

import io.github.mcpplatform.cnpg.cnpg.ClusterManifests;
import io.github.mcpplatform.cnpg.cnpg.CnpgKinds;
import io.github.mcpplatform.cnpg.kube.Impersonation;
import io.github.mcpplatform.cnpg.kube.KubeCalls;
import io.github.mcpplatform.cnpg.kube.KubernetesConnection;
import io.github.mcpplatform.cnpg.kube.KubernetesMode;
import io.github.mcpplatform.cnpg.kube.TestSandbox;
import io.github.mcpplatform.cnpg.output.ToolResults;
import io.github.mcpplatform.cnpg.sql.PostgresQueries;
import io.github.mcpplatform.cnpg.sql.ServiceAddress;
import io.github.mcpplatform.cnpg.sql.SqlProperties;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import reactor.core.publisher.Mono;

/** Calls the real tool specifications, as the MCP server does, against the shared test sandbox. */
final class ToolHarness {

	final String namespace;

	final KubernetesClient client;

	private final Map<String, AsyncToolSpecification> tools;

	ToolHarness(String namespacePrefix) {
		this(namespacePrefix, new ToolsProperties(Duration.ofMillis(50), false, ToolsProperties.DEFAULT_IMAGE_CATALOG));
	}

	/** Tools configured with {@code properties}, in a namespace of their own of the shared sandbox. */
	ToolHarness(String namespacePrefix, ToolsProperties properties) {
		this(TestSandbox.get().client(), TestSandbox.uniqueNamespace(namespacePrefix), Duration.ofSeconds(5), properties);
	}

	ToolHarness(KubernetesClient client, String namespace, Duration timeout) {
		this(client, namespace, timeout, new ToolsProperties(Duration.ofMillis(50), false, ToolsProperties.DEFAULT_IMAGE_CATALOG));
	}

	ToolHarness(KubernetesClient client, String namespace, Duration timeout, ToolsProperties properties) {
		this(client, namespace, timeout, properties, KubernetesMode.SANDBOX);
	}

	/** Tools as they run with a connection of {@code mode}: the sandbox previews dry runs, other modes send them. */
	ToolHarness(KubernetesClient client, String namespace, Duration timeout, ToolsProperties properties, KubernetesMode mode) {
		this(client, namespace, timeout, properties, mode, Impersonation.off());
	}

	/** Tools whose calls act in Kubernetes as {@code impersonation} says (the caller's token is in the call's context). */
	ToolHarness(KubernetesClient client, String namespace, Duration timeout, ToolsProperties properties,
			KubernetesMode mode, Impersonation impersonation) {
		this(client, namespace, timeout, properties, mode, impersonation,
				new PostgresQueries(SqlProperties.defaults(), ServiceAddress.clusterDns()));
	}

	/** Tools whose SQL goes through {@code queries} (e.g. to the tests' own PostgreSQL). */
	ToolHarness(String namespacePrefix, PostgresQueries queries) {
		this(TestSandbox.get().client(), TestSandbox.uniqueNamespace(namespacePrefix), Duration.ofSeconds(5),
				new ToolsProperties(Duration.ofMillis(50), false, ToolsProperties.DEFAULT_IMAGE_CATALOG),
				KubernetesMode.SANDBOX, Impersonation.off(), queries);
	}

	/**
	 * Tools whose calls act in Kubernetes as {@code impersonation} says (the caller's token is in the call's context),
	 * and whose SQL goes through {@code queries}.
	 */
	ToolHarness(KubernetesClient client, String namespace, Duration timeout, ToolsProperties properties,
			KubernetesMode mode, Impersonation impersonation, PostgresQueries queries) {
		this.namespace = namespace;
		this.client = client;
		KubernetesConnection connection = new KubernetesConnection(client, mode, namespace, "test", null);
		KubeCalls kube = new KubeCalls(4, timeout, impersonation.enabled());
		this.tools = ToolSpecifications
			.of(ToolsConfiguration.tools(connection, kube, properties, queries), new ToolResults(), namespace,
					ActingUser.of(impersonation))
			.stream()
			.collect(Collectors.toMap(spec -> spec.tool().name(), spec -> spec));
	}

	/**
	 * fabric8's mock API server without CRUD, on loopback: it answers only what a test scripts, and records every
	 * request, for what the CRUD sandbox cannot show (server-side dry runs, status patches, headers, errors).
	 */
	static KubernetesMockServer scriptedApiServer() {
		KubernetesMockServer server = new KubernetesMockServer(false);
		server.init(InetAddress.getLoopbackAddress(), 0);
		return server;
	}

	/** Tools in namespace {@code db} of a scripted API server, connected as to a real cluster: dry runs are sent. */
	static ToolHarness connectedTo(KubernetesMockServer server) {
		return new ToolHarness(server.createClient(), "db", Duration.ofSeconds(5),
				new ToolsProperties(Duration.ofMillis(50), false, ToolsProperties.DEFAULT_IMAGE_CATALOG), KubernetesMode.KUBECONFIG);
	}

	Mono<CallToolResult> call(String tool, Map<String, Object> arguments) {
		return this.tools.get(tool).callHandler().apply(null, new CallToolRequest(tool, new HashMap<>(arguments)));
	}

	/** Calls a tool and waits; for set-up steps and assertions on state, not for the behaviour under test. */
	CallToolResult callNow(String tool, Map<String, Object> arguments) {
		return call(tool, arguments).block(Duration.ofSeconds(10));
	}

	static String text(CallToolResult result) {
		return result.content().stream().map(c -> ((TextContent) c).text()).collect(Collectors.joining("\n"));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> structured(CallToolResult result) {
		return (Map<String, Object>) result.structuredContent();
	}

	/** Stores a cluster as the operator would have it, status included. */
	GenericKubernetesResource givenCluster(String name, int instances, Map<String, Object> status) {
		GenericKubernetesResource cluster = ClusterManifests.cluster(this.namespace, name, instances, ToolsProperties.DEFAULT_IMAGE_CATALOG, 16, "1Gi", null);
		GenericKubernetesResource created = this.client.genericKubernetesResources(CnpgKinds.CLUSTER)
			.inNamespace(this.namespace)
			.resource(cluster)
			.create();
		if (!status.isEmpty()) {
			created.setAdditionalProperty("status", status);
			created = this.client.genericKubernetesResources(CnpgKinds.CLUSTER)
				.inNamespace(this.namespace)
				.resource(created)
				.updateStatus();
		}
		return created;
	}

	static Map<String, Object> healthy(String name, int instances) {
		return Map.of("instances", instances, "readyInstances", instances, "phase", "Cluster in healthy state",
				"currentPrimary", name + "-1");
	}

	GenericKubernetesResource cluster(String name) {
		return this.client.genericKubernetesResources(CnpgKinds.CLUSTER).inNamespace(this.namespace).withName(name).get();
	}

	List<GenericKubernetesResource> clusters() {
		return this.client.genericKubernetesResources(CnpgKinds.CLUSTER).inNamespace(this.namespace).list().getItems();
	}

}
