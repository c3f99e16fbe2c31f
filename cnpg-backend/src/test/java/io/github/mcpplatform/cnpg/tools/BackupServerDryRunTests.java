package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.ToolHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.github.mcpplatform.cnpg.cnpg.BackupManifests;
import io.github.mcpplatform.cnpg.cnpg.BackupManifests.How;
import io.github.mcpplatform.cnpg.cnpg.ClusterManifests;
import reactor.test.StepVerifier;

/**
 * Against a real API server, the backup tools' dry runs are server-side ({@code ?dryRun=All}), as the other tools'
 * are: the API server is scripted, and the recorded requests show that no other write was sent.
 */
class BackupServerDryRunTests {

	private static final String API = "/apis/postgresql.cnpg.io/v1/namespaces/db/";

	private static final String DRY_RUN = "?dryRun=All";

	private KubernetesMockServer server;

	private ToolHarness tools;

	@BeforeEach
	void startServer() {
		this.server = ToolHarness.scriptedApiServer();
		this.tools = ToolHarness.connectedTo(this.server);
		GenericKubernetesResource cluster = ClusterManifests.cluster("db", "pg", 3, ToolsProperties.DEFAULT_IMAGE_CATALOG,
				16, "1Gi", null);
		cluster.setAdditionalProperty("spec", Map.of("instances", 3, "storage", Map.of("size", "1Gi"), "imageName",
				"ghcr.io/cloudnative-pg/postgresql:16.9", "plugins", TestBackups.PLUGIN_SPEC.get("plugins")));
		this.server.expect().get().withPath(API + "clusters/pg").andReturn(200, cluster).always();
	}

	@AfterEach
	void stopServer() {
		this.tools.client.close();
		this.server.destroy();
	}

	@Test
	void createBackupWhenDryRunThenOnlyADryRunCreateIsSent() throws Exception {
		this.server.expect().post().withPath(API + "backups" + DRY_RUN)
			.andReturn(201, BackupManifests.backup("db", "pg-now", "pg", new How("plugin", TestBackups.BARMAN_CLOUD, null)))
			.once();

		StepVerifier.create(this.tools.call("create_postgres_backup", Map.of("cluster_name", "pg", "backup_name",
				"pg-now", "dry_run", true)))
			.assertNext(result -> assertThat(text(result)).startsWith("Dry run, nothing was stored").contains("pg-now"))
			.verifyComplete();
		assertThat(writes()).containsExactly("POST " + API + "backups" + DRY_RUN);
	}

	@Test
	void restoreWhenDryRunThenTheApiServerChecksTheNewClusterAndNothingElseIsSent() throws Exception {
		GenericKubernetesResource backup = BackupManifests.backup("db", "pg-1", "pg",
				new How("plugin", TestBackups.BARMAN_CLOUD, null));
		backup.setAdditionalProperty("status", TestBackups.completed("plugin", "2026-12-01T00:00:00Z",
				"2026-12-01T00:00:09Z"));
		this.server.expect().get().withPath(API + "backups/pg-1").andReturn(200, backup).always();
		this.server.expect().post().withPath(API + "clusters" + DRY_RUN)
			.andReturn(201, ClusterManifests.cluster("db", "pg-restore", 3, "c", 16, "1Gi", null)).once();

		StepVerifier.create(this.tools.call("restore_postgres_cluster", Map.of("name", "pg-restore", "backup_name",
				"pg-1", "dry_run", true)))
			.assertNext(result -> {
				assertThat(result.isError()).as(text(result)).isFalse();
				assertThat(text(result)).startsWith("Dry run, nothing was stored: the API server and CloudNativePG's "
						+ "webhooks accepted it. This would create cluster 'pg-restore'")
					.contains("image ghcr.io/cloudnative-pg/postgresql:16.9 (as the source)");
			})
			.verifyComplete();
		assertThat(writes()).containsExactly("POST " + API + "clusters" + DRY_RUN);
	}

	/** Every write the API server received (reads left out), as "METHOD path?query". */
	private List<String> writes() throws InterruptedException {
		List<String> writes = new ArrayList<>();
		int count = this.server.getRequestCount();
		for (int i = 0; i < count; i++) {
			RecordedRequest request = this.server.takeRequest(1, TimeUnit.SECONDS);
			if (!request.getMethod().equals("GET")) {
				writes.add(request.getMethod() + " " + request.getPath());
			}
		}
		return writes;
	}

}
