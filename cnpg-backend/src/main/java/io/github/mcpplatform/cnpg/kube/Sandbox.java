package io.github.mcpplatform.cnpg.kube;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.github.mcpplatform.cnpg.cnpg.CnpgKinds;

/**
 * An in-memory Kubernetes API server (fabric8's mock server in CRUD mode) with the CloudNativePG CRDs
 * installed and the discovery documents generic clients need ({@link SandboxDiscovery}), bound to loopback on a
 * free port.
 *
 * <p>
 * It stores, lists, patches and deletes objects like an API server, but runs no controllers: no CNPG
 * operator reconciles what is created, so new clusters keep an empty status. The tests use the same
 * class, so the sandbox is exercised on every build.
 */
public final class Sandbox implements AutoCloseable {

	/** Where the sample cluster lives and what tool calls default to in the sandbox. */
	public static final String NAMESPACE = "default";

	/** The sample cluster's name. */
	public static final String SAMPLE_CLUSTER = "pg-sample";

	/** The sample cluster's instances, the first one its primary. */
	static final List<String> SAMPLE_INSTANCES = List.of(SAMPLE_CLUSTER + "-1", SAMPLE_CLUSTER + "-2",
			SAMPLE_CLUSTER + "-3");

	/** The plugin the sample cluster archives WAL and takes backups with (no plugin runs in the sandbox). */
	static final String SAMPLE_BACKUP_PLUGIN = "barman-cloud.cloudnative-pg.io";

	static final List<String> CRDS = List.of("crds/clusters.postgresql.cnpg.io.yaml",
			"crds/databases.postgresql.cnpg.io.yaml", "crds/clusterimagecatalogs.postgresql.cnpg.io.yaml",
			"crds/backups.postgresql.cnpg.io.yaml", "crds/scheduledbackups.postgresql.cnpg.io.yaml",
			"crds/poolers.postgresql.cnpg.io.yaml");

	/** CNPG's official image catalog, which create_postgres_cluster takes images from by default. */
	static final String IMAGE_CATALOG = "sandbox/catalog-standard-trixie.yaml";

	private final KubernetesMockServer server;

	private final KubernetesClient client;

	private Sandbox(KubernetesMockServer server) {
		this.server = server;
		this.client = server.createClient();
	}

	/** Starts an empty API server with the CNPG CRDs installed. */
	public static Sandbox start() {
		KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
				new SandboxDiscovery(), false);
		server.init(InetAddress.getLoopbackAddress(), 0);
		Sandbox sandbox = new Sandbox(server);
		try {
			sandbox.installCrds();
			sandbox.installImageCatalog();
		}
		catch (RuntimeException e) {
			sandbox.close();
			throw e;
		}
		return sandbox;
	}

	private void installCrds() {
		for (String path : CRDS) {
			try (InputStream in = Sandbox.class.getClassLoader().getResourceAsStream(path)) {
				if (in == null) {
					throw new IllegalStateException("missing CRD resource " + path);
				}
				CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
				this.client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}
	}

	private void installImageCatalog() {
		try (InputStream in = Sandbox.class.getClassLoader().getResourceAsStream(IMAGE_CATALOG)) {
			if (in == null) {
				throw new IllegalStateException("missing sandbox resource " + IMAGE_CATALOG);
			}
			GenericKubernetesResource catalog = Serialization.unmarshal(in, GenericKubernetesResource.class);
			this.client.genericKubernetesResources(CnpgKinds.CLUSTER_IMAGE_CATALOG).resource(catalog).create();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/**
	 * Adds a healthy-looking three-instance cluster, as the CNPG operator would report it, with its instances' pods,
	 * its application secret and a completed backup.
	 */
	public void seedSampleCluster(String namespace) {
		this.client.namespaces()
			.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
			.createOr(existing -> existing.update());
		GenericKubernetesResource cluster = new GenericKubernetesResource();
		cluster.setApiVersion(CnpgKinds.API_VERSION);
		cluster.setKind(CnpgKinds.CLUSTER.getKind());
		cluster.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(SAMPLE_CLUSTER)
			.withNamespace(namespace)
			.build());
		// What CNPG reports of a healthy cluster, so that detail_level=detailed has something to show here too.
		cluster.setAdditionalProperty("spec", Map.of("instances", 3, "imageCatalogRef", Map.of("apiGroup", CnpgKinds.GROUP,
				"kind", "ClusterImageCatalog", "name", "postgresql-standard-trixie", "major", 17), "storage",
				Map.of("size", "1Gi"), "postgresql", Map.of("parameters", Map.of("max_connections", "100",
						"shared_buffers", "256MB")), "plugins", List.of(Map.of("name", SAMPLE_BACKUP_PLUGIN,
								"isWALArchiver", true, "parameters", Map.of("barmanObjectName", SAMPLE_CLUSTER + "-store")))));
		GenericKubernetesResource created = this.client.genericKubernetesResources(CnpgKinds.CLUSTER)
			.inNamespace(namespace)
			.resource(cluster)
			.create();
		created.setAdditionalProperty("status", Map.of("instances", 3, "readyInstances", 3, "phase",
				"Cluster in healthy state", "currentPrimary", SAMPLE_CLUSTER + "-1", "targetPrimary", SAMPLE_CLUSTER + "-1",
				"instanceNames", SAMPLE_INSTANCES, "instancesStatus", Map.of("healthy", SAMPLE_INSTANCES),
				"conditions", List.of(Map.of("type", "Ready", "status", "True", "reason", "ClusterIsReady", "message",
						"Cluster is Ready"))));
		this.client.genericKubernetesResources(CnpgKinds.CLUSTER).inNamespace(namespace).resource(created).updateStatus();
		SAMPLE_INSTANCES.forEach(instance -> seedInstancePod(namespace, instance));
		seedApplicationSecret(namespace);
		seedSampleBackup(namespace);
	}

	/**
	 * The application user's secret CNPG writes at bootstrap ({@code pkg/specs/secrets.go}, CreateSecret): owner
	 * {@code app} of database {@code app}, with a random password of this process's own, as the operator generates
	 * one. No PostgreSQL checks it unless {@code cnpg.sandbox.postgres-port} points at one that has this login.
	 */
	private void seedApplicationSecret(String namespace) {
		String password = randomPassword();
		String host = SAMPLE_CLUSTER + "-rw";
		Map<String, String> data = new LinkedHashMap<>();
		data.put("username", "app");
		data.put("user", "app");
		data.put("password", password);
		data.put("dbname", "app");
		data.put("host", host);
		data.put("port", "5432");
		data.put("uri", "postgresql://app:" + password + "@" + host + "." + namespace + ":5432/app");
		data.put("jdbc-uri", "jdbc:postgresql://" + host + "." + namespace + ":5432/app?password=" + password + "&user=app");
		data.put("pgpass", host + ":5432:app:app:" + password + "\n");
		this.client.secrets()
			.inNamespace(namespace)
			.resource(new SecretBuilder().withNewMetadata()
				.withName(SAMPLE_CLUSTER + "-app")
				.withNamespace(namespace)
				.addToLabels(CnpgKinds.CLUSTER_LABEL, SAMPLE_CLUSTER)
				.addToLabels("cnpg.io/reload", "true")
				.endMetadata()
				.withType("kubernetes.io/basic-auth")
				.withData(base64(data))
				.build())
			.create();
	}

	/** The values as an API server stores and returns them. */
	private static Map<String, String> base64(Map<String, String> values) {
		Map<String, String> encoded = new LinkedHashMap<>();
		values.forEach((key, value) -> encoded.put(key,
				Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
		return encoded;
	}

	/** 64 letters and digits, as CNPG's password generator makes them. */
	private static String randomPassword() {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
		SecureRandom random = new SecureRandom();
		StringBuilder password = new StringBuilder(64);
		for (int i = 0; i < 64; i++) {
			password.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return password.toString();
	}

	/**
	 * The pod the operator runs an instance in, labelled as CNPG labels it ({@code pkg/specs/pods.go}), running and
	 * ready, so that the operations on one instance (switchover, restart, fencing) find it. Nothing runs in it.
	 */
	private void seedInstancePod(String namespace, String instance) {
		String role = instance.equals(SAMPLE_CLUSTER + "-1") ? "primary" : "replica";
		Pod pod = new PodBuilder().withNewMetadata()
			.withName(instance)
			.withNamespace(namespace)
			.addToLabels(CnpgKinds.CLUSTER_LABEL, SAMPLE_CLUSTER)
			.addToLabels("cnpg.io/instanceName", instance)
			.addToLabels("cnpg.io/podRole", "instance")
			.addToLabels("cnpg.io/instanceRole", role)
			.endMetadata()
			.withNewSpec()
			.addNewContainer()
			.withName("postgres")
			.withImage("ghcr.io/cloudnative-pg/postgresql:17.11-202608310816-standard-trixie")
			.endContainer()
			.endSpec()
			.build();
		Pod created = this.client.pods().inNamespace(namespace).resource(pod).create();
		created.setStatus(new PodStatusBuilder().withPhase("Running")
			.addNewCondition()
			.withType("Ready")
			.withStatus("True")
			.endCondition()
			.addNewContainerStatus()
			.withName("postgres")
			.withReady(true)
			.withRestartCount(0)
			.withNewState()
			.withNewRunning()
			.endRunning()
			.endState()
			.endContainerStatus()
			.build());
		this.client.pods().inNamespace(namespace).resource(created).updateStatus();
	}

	/**
	 * A backup of the sample cluster that completed a day ago, as the Barman Cloud plugin reports one, so that the
	 * backup tools and a restore to a point in time since then have something to work with.
	 */
	private void seedSampleBackup(String namespace) {
		Instant started = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
		String id = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC).format(started);
		GenericKubernetesResource backup = new GenericKubernetesResource();
		backup.setApiVersion(CnpgKinds.API_VERSION);
		backup.setKind(CnpgKinds.BACKUP.getKind());
		backup.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
			.withName(SAMPLE_CLUSTER + "-" + id.replace("T", ""))
			.withNamespace(namespace)
			.addToLabels(CnpgKinds.CLUSTER_LABEL, SAMPLE_CLUSTER)
			.build());
		backup.setAdditionalProperty("spec", Map.of("cluster", Map.of("name", SAMPLE_CLUSTER), "method", "plugin",
				"pluginConfiguration", Map.of("name", SAMPLE_BACKUP_PLUGIN)));
		GenericKubernetesResource created = this.client.genericKubernetesResources(CnpgKinds.BACKUP)
			.inNamespace(namespace)
			.resource(backup)
			.create();
		created.setAdditionalProperty("status", Map.ofEntries(Map.entry("phase", "completed"), Map.entry("method", "plugin"),
				Map.entry("backupId", id), Map.entry("startedAt", started.toString()),
				Map.entry("stoppedAt", started.plusSeconds(95).toString()), Map.entry("beginLSN", "0/6000028"),
				Map.entry("endLSN", "0/6000120"), Map.entry("beginWal", "000000010000000000000006"),
				Map.entry("endWal", "000000010000000000000006"), Map.entry("majorVersion", 17), Map.entry("online", true)));
		this.client.genericKubernetesResources(CnpgKinds.BACKUP).inNamespace(namespace).resource(created).updateStatus();
	}

	/** A client for this API server. */
	public KubernetesClient client() {
		return this.client;
	}

	/** The API server itself, whose request log tests read. */
	KubernetesMockServer server() {
		return this.server;
	}

	public String url() {
		return this.server.url("/");
	}

	@Override
	public void close() {
		this.client.close();
		this.server.destroy();
	}

}
