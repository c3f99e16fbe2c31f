package io.github.mcpplatform.cnpg.tools;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.mcpplatform.cnpg.cnpg.BackupManifests;
import io.github.mcpplatform.cnpg.cnpg.BackupManifests.How;
import io.github.mcpplatform.cnpg.cnpg.CnpgKinds;

/** Clusters with backup configurations and Backups as the operator reports them, stored in a harness's namespace. */
final class TestBackups {

	static final String BARMAN_CLOUD = "barman-cloud.cloudnative-pg.io";

	/** The spec of a cluster that archives WAL and takes backups with the Barman Cloud plugin. */
	static final Map<String, Object> PLUGIN_SPEC = Map.of("plugins", List.of(Map.of("name", BARMAN_CLOUD,
			"isWALArchiver", true, "parameters", Map.of("barmanObjectName", "store"))));

	/** The spec of a cluster that takes volume snapshots and archives no WAL. */
	static final Map<String, Object> SNAPSHOT_SPEC = Map.of("backup", Map.of("volumeSnapshot",
			Map.of("className", "csi-snapclass")));

	private final ToolHarness tools;

	TestBackups(ToolHarness tools) {
		this.tools = tools;
	}

	/** A one-instance cluster whose spec also has {@code spec}, and whose status has {@code status}. */
	GenericKubernetesResource cluster(String name, Map<String, Object> spec, Map<String, Object> status) {
		this.tools.givenCluster(name, 1, status);
		if (!spec.isEmpty()) {
			this.tools.client.genericKubernetesResources(CnpgKinds.CLUSTER)
				.inNamespace(this.tools.namespace)
				.withName(name)
				.patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("spec", spec)));
		}
		return this.tools.cluster(name);
	}

	/** A Backup of {@code cluster} with the status the operator reported. */
	GenericKubernetesResource backup(String name, String cluster, String method, Map<String, Object> status) {
		GenericKubernetesResource backup = BackupManifests.backup(this.tools.namespace, name, cluster,
				new How(method, method.equals("plugin") ? BARMAN_CLOUD : null, null));
		GenericKubernetesResource created = this.tools.client.genericKubernetesResources(CnpgKinds.BACKUP)
			.inNamespace(this.tools.namespace)
			.resource(backup)
			.create();
		if (status.isEmpty()) {
			return created;
		}
		created.setAdditionalProperty("status", status);
		return this.tools.client.genericKubernetesResources(CnpgKinds.BACKUP)
			.inNamespace(this.tools.namespace)
			.resource(created)
			.updateStatus();
	}

	/** The status of a backup that completed, with its ID, times, LSNs and major version. */
	static Map<String, Object> completed(String method, String startedAt, String stoppedAt) {
		return Map.of("phase", "completed", "method", method, "backupId", "20261201T000000", "startedAt", startedAt,
				"stoppedAt", stoppedAt, "beginLSN", "0/2000028", "endLSN", "0/3000060", "majorVersion", 16);
	}

	List<GenericKubernetesResource> backups() {
		return this.tools.client.genericKubernetesResources(CnpgKinds.BACKUP).inNamespace(this.tools.namespace).list().getItems();
	}

	List<GenericKubernetesResource> scheduledBackups() {
		return this.tools.client.genericKubernetesResources(CnpgKinds.SCHEDULED_BACKUP)
			.inNamespace(this.tools.namespace)
			.list()
			.getItems();
	}

}
