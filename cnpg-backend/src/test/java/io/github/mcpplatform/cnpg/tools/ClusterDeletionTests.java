package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.ToolHarness.structured;
import static io.github.mcpplatform.cnpg.tools.ToolHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import reactor.test.StepVerifier;

class ClusterDeletionTests {

	private final ToolHarness tools = new ToolHarness("deletion");

	@BeforeEach
	void givenAClusterWithARoleADatabaseAndAForeignSecret() {
		this.tools.givenCluster("pg", 2, Map.of());
		this.tools.callNow("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "app_rw"));
		this.tools.callNow("create_postgres_database", Map.of("cluster_name", "pg", "database_name", "orders", "owner", "app"));
		// A secret a person made for the cluster, labelled like CNPG's: never ours to delete.
		this.tools.client.secrets()
			.inNamespace(this.tools.namespace)
			.resource(new SecretBuilder().withNewMetadata().withName("pg-backup-creds").addToLabels("cnpg.io/cluster", "pg")
				.endMetadata().build())
			.create();
	}

	@Test
	void deleteWithoutConfirmationThenRefusesAndSaysWhatWouldGo() {
		StepVerifier.create(this.tools.call("delete_postgres_cluster", Map.of("name", "pg"))).assertNext(result -> {
			assertThat(result.isError()).isTrue();
			assertThat(text(result)).startsWith("Not deleted: deletion needs confirm=true (or confirm_deletion=true).")
				.contains("removes its 2 instance(s)")
				.contains("cnpg-pg-user-app-rw");
		}).verifyComplete();
		assertThat(this.tools.cluster("pg")).isNotNull();
	}

	@Test
	void deleteWhenDryRunThenListsOwnSecretsAndDatabasesLeftBehind() {
		StepVerifier.create(this.tools.call("delete_postgres_cluster", Map.of("name", "pg", "dry_run", true, "confirm_deletion", true)))
			.assertNext(result -> {
				assertThat(text(result)).startsWith("Dry run, nothing was deleted.");
				assertThat(structured(result)).containsEntry("roleSecrets", List.of("cnpg-pg-user-app-rw"))
					.containsEntry("databaseObjectsLeft", List.of("pg-orders"));
			})
			.verifyComplete();
		assertThat(this.tools.cluster("pg")).isNotNull();
	}

	@Test
	void deleteWhenDryRunThenWarnsAboutPoolersScheduledBackupsAndBackupsThatStay() {
		givenObjectOfCluster("Pooler", "poolers", "pg-pooler-rw", "pg");
		givenObjectOfCluster("ScheduledBackup", "scheduledbackups", "pg-nightly", "pg");
		givenObjectOfCluster("Backup", "backups", "pg-20260101", "pg");
		givenObjectOfCluster("Pooler", "poolers", "other-pooler", "other");

		StepVerifier.create(this.tools.call("delete_postgres_cluster", Map.of("name", "pg", "dry_run", true)))
			.assertNext(result -> {
				assertThat(text(result)).contains("Poolers left in place: pg-pooler-rw (they keep running")
					.contains("ScheduledBackups left in place: pg-nightly (they keep creating Backup objects that never "
							+ "run: delete them first)")
					.contains("Backups left in place: pg-20260101 (kept for a later recovery")
					.contains("a new cluster of the same name would create their databases again")
					.doesNotContain("other-pooler");
				assertThat(structured(result)).containsEntry("otherObjectsLeft", Map.of("Pooler", List.of("pg-pooler-rw"),
						"ScheduledBackup", List.of("pg-nightly"), "Backup", List.of("pg-20260101")));
			})
			.verifyComplete();
	}

	@Test
	void deleteWhenConfirmedThenRemovesTheClusterAndOnlyItsOwnSecrets() {
		StepVerifier.create(this.tools.call("delete_postgres_cluster", Map.of("name", "pg", "confirm_deletion", true)))
			.assertNext(result -> {
				assertThat(result.isError()).isFalse();
				assertThat(text(result)).contains("Deleted cluster 'pg'").contains("pg-orders");
			})
			.verifyComplete();
		assertThat(this.tools.cluster("pg")).isNull();
		assertThat(this.tools.client.secrets().inNamespace(this.tools.namespace).withName("cnpg-pg-user-app-rw").get()).isNull();
		assertThat(this.tools.client.secrets().inNamespace(this.tools.namespace).withName("pg-backup-creds").get()).isNotNull();
	}

	/** A CNPG object of another kind that names its cluster in spec.cluster.name. */
	private void givenObjectOfCluster(String kind, String plural, String name, String cluster) {
		GenericKubernetesResource object = new GenericKubernetesResource();
		object.setApiVersion("postgresql.cnpg.io/v1");
		object.setKind(kind);
		object.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(this.tools.namespace).build());
		object.setAdditionalProperty("spec", Map.of("cluster", Map.of("name", cluster)));
		this.tools.client.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("postgresql.cnpg.io")
			.withVersion("v1").withKind(kind).withPlural(plural).withNamespaced(true).build())
			.inNamespace(this.tools.namespace)
			.resource(object)
			.create();
	}

	@Test
	void deleteWhenTheClusterIsMissingThenNotFound() {
		StepVerifier.create(this.tools.call("delete_postgres_cluster", Map.of("name", "ghost", "confirm_deletion", true)))
			.assertNext(result -> assertThat(text(result)).contains("cluster 'ghost' not found"))
			.verifyComplete();
	}

}
