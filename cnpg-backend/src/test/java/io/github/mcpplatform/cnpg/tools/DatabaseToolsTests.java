package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.ToolHarness.structured;
import static io.github.mcpplatform.cnpg.tools.ToolHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.github.mcpplatform.cnpg.cnpg.CnpgKinds;
import io.github.mcpplatform.cnpg.cnpg.DatabaseManifests;
import reactor.test.StepVerifier;

class DatabaseToolsTests {

	private final ToolHarness tools = new ToolHarness("databases");

	@BeforeEach
	void givenAClusterWithARole() {
		this.tools.givenCluster("pg", 1, Map.of());
		this.tools.callNow("create_postgres_role", Map.of("cluster_name", "pg", "role_name", "shop"));
	}

	@Test
	void createThenDeclaresTheDatabaseWithRetainByDefault() {
		StepVerifier.create(this.tools.call("create_postgres_database",
				Map.of("cluster_name", "pg", "database_name", "order_items", "owner", "shop")))
			.assertNext(result -> {
				assertThat(result.isError()).isFalse();
				assertThat(text(result)).startsWith("Declared database 'order_items' owned by 'shop'")
					.doesNotContain("Note:");
			})
			.verifyComplete();
		GenericKubernetesResource db = database("pg-order-items");
		assertThat((Map<String, Object>) db.get("spec")).containsEntry("name", "order_items")
			.containsEntry("owner", "shop")
			.containsEntry("cluster", Map.of("name", "pg"))
			.containsEntry("ensure", "present")
			.containsEntry("databaseReclaimPolicy", "retain");
	}

	@Test
	void createWhenTheOwnerIsNotAManagedRoleThenWarns() {
		StepVerifier.create(this.tools.call("create_postgres_database",
				Map.of("cluster_name", "pg", "database_name", "x", "owner", "nobody")))
			.assertNext(result -> assertThat(text(result)).contains("Note: 'nobody' is not a managed role"))
			.verifyComplete();
	}

	@Test
	void createWhenTheOwnerIsTheBootstrapOwnerThenDoesNotWarnButWarnsForApp() {
		this.tools.client.genericKubernetesResources(CnpgKinds.CLUSTER).inNamespace(this.tools.namespace).withName("pg")
			.patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
					"{\"spec\":{\"bootstrap\":{\"initdb\":{\"database\":\"shop\",\"owner\":\"shop_owner\"}}}}");

		StepVerifier.create(this.tools.call("create_postgres_database",
				Map.of("cluster_name", "pg", "database_name", "a", "owner", "shop_owner", "dry_run", true)))
			.assertNext(result -> assertThat(text(result)).doesNotContain("Note:"))
			.verifyComplete();
		StepVerifier.create(this.tools.call("create_postgres_database",
				Map.of("cluster_name", "pg", "database_name", "b", "owner", "app", "dry_run", true)))
			.assertNext(result -> assertThat(text(result)).contains("Note: 'app' is not a managed role"))
			.verifyComplete();
	}

	@Test
	void createWhenDryRunThenCreatesNothing() {
		StepVerifier.create(this.tools.call("create_postgres_database",
				Map.of("cluster_name", "pg", "database_name", "dry", "owner", "app", "reclaim_policy", "delete", "dry_run", true)))
			.assertNext(result -> assertThat(text(result)).startsWith("Dry run, nothing was sent.")
				.contains("databaseReclaimPolicy: \"delete\""))
			.verifyComplete();
		assertThat(databases()).isEmpty();
	}

	@Test
	void createWhenTheNameIsASystemDatabaseThenRefuses() {
		for (String reserved : List.of("postgres", "template0", "template1")) {
			StepVerifier.create(this.tools.call("create_postgres_database",
					Map.of("cluster_name", "pg", "database_name", reserved, "owner", "app")))
				.assertNext(result -> {
					assertThat(result.isError()).isTrue();
					assertThat(text(result)).contains("'" + reserved + "' is a system database");
				})
				.verifyComplete();
		}
		assertThat(databases()).isEmpty();
	}

	@Test
	void createWhenTheNameHasAHyphenThenRefusesBecauseItWouldShareTheObjectOfTheUnderscoreName() {
		StepVerifier.create(this.tools.call("create_postgres_database",
				Map.of("cluster_name", "pg", "database_name", "my-db", "owner", "app")))
			.assertNext(result -> {
				assertThat(result.isError()).isTrue();
				assertThat(text(result)).contains("database_name 'my-db' is not a valid name").contains("(not '-')");
			})
			.verifyComplete();
		assertThat(databases()).isEmpty();
	}

	@Test
	void createWhenTheClusterIsMissingThenSaysSo() {
		StepVerifier.create(this.tools.call("create_postgres_database",
				Map.of("cluster_name", "ghost", "database_name", "x", "owner", "app")))
			.assertNext(result -> assertThat(text(result)).contains("cluster 'ghost' not found"))
			.verifyComplete();
	}

	@Test
	void createWhenItExistsThenRefusesNamingTheObject() {
		this.tools.callNow("create_postgres_database", Map.of("cluster_name", "pg", "database_name", "twice", "owner", "app"));

		StepVerifier.create(this.tools.call("create_postgres_database",
				Map.of("cluster_name", "pg", "database_name", "twice", "owner", "app")))
			.assertNext(result -> assertThat(text(result)).contains("Database object 'pg-twice' already declares database 'twice'"))
			.verifyComplete();
	}

	@Test
	void listThenShowsOnlyTheClustersDatabasesWithStatus() {
		this.tools.callNow("create_postgres_database", Map.of("cluster_name", "pg", "database_name", "b_db", "owner", "app"));
		this.tools.callNow("create_postgres_database", Map.of("cluster_name", "pg", "database_name", "a_db", "owner", "shop"));
		this.tools.givenCluster("other", 1, Map.of());
		this.tools.callNow("create_postgres_database", Map.of("cluster_name", "other", "database_name", "c_db", "owner", "app"));

		StepVerifier.create(this.tools.call("list_postgres_databases", Map.of("cluster_name", "pg"))).assertNext(result -> {
			assertThat(text(result)).contains("- a_db: owner shop, present, reclaim policy retain, object pg-a-db, not applied yet");
			assertThat(structured(result)).containsEntry("count", 2);
		}).verifyComplete();
	}

	@Test
	void listWhenTheClusterIsMissingThenSaysSo() {
		StepVerifier.create(this.tools.call("list_postgres_databases", Map.of("cluster_name", "ghost")))
			.assertNext(result -> assertThat(result.isError()).isTrue())
			.verifyComplete();
	}

	@Test
	void deleteWithoutConfirmThenExplainsTheReclaimPolicyAndKeepsIt() {
		this.tools.callNow("create_postgres_database",
				Map.of("cluster_name", "pg", "database_name", "d", "owner", "app", "reclaim_policy", "delete"));

		StepVerifier.create(this.tools.call("delete_postgres_database", Map.of("cluster_name", "pg", "database_name", "d")))
			.assertNext(result -> {
				assertThat(result.isError()).isTrue();
				assertThat(text(result)).contains("needs confirm=true").contains("drops PostgreSQL database 'd' and all its data");
			})
			.verifyComplete();
		assertThat(database("pg-d")).isNotNull();
	}

	@Test
	void deleteWhenDryRunThenDeletesNothing() {
		this.tools.callNow("create_postgres_database", Map.of("cluster_name", "pg", "database_name", "keep", "owner", "app"));

		StepVerifier.create(this.tools.call("delete_postgres_database",
				Map.of("cluster_name", "pg", "database_name", "keep", "dry_run", true, "confirm", true)))
			.assertNext(result -> assertThat(text(result)).startsWith("Dry run, nothing was deleted.").contains("keeps PostgreSQL database"))
			.verifyComplete();
		assertThat(database("pg-keep")).isNotNull();
	}

	@Test
	void deleteWhenConfirmedThenRemovesTheObject() {
		this.tools.callNow("create_postgres_database", Map.of("cluster_name", "pg", "database_name", "bye", "owner", "app"));

		StepVerifier.create(this.tools.call("delete_postgres_database",
				Map.of("cluster_name", "pg", "database_name", "bye", "confirm", true)))
			.assertNext(result -> assertThat(text(result)).contains("stays (reclaim policy retain)"))
			.verifyComplete();
		assertThat(database("pg-bye")).isNull();
	}

	@Test
	void deleteWhenTheDatabaseIsMissingThenErrorPointsToTheListTool() {
		StepVerifier.create(this.tools.call("delete_postgres_database",
				Map.of("cluster_name", "pg", "database_name", "ghost", "confirm", true)))
			.assertNext(result -> assertThat(text(result)).contains("database 'ghost' not found in cluster 'pg'")
				.contains("list_postgres_databases"))
			.verifyComplete();
	}

	@Test
	void deleteWhenTheConventionalObjectDeclaresAnotherDatabaseThenLeavesItAlone() {
		// Object 'pg-orders' manages 'orders_v2' and would drop it: a request for 'orders' must not find it.
		givenDatabaseObject("pg-orders", "orders_v2", "delete");

		StepVerifier.create(this.tools.call("delete_postgres_database",
				Map.of("cluster_name", "pg", "database_name", "orders", "confirm", true)))
			.assertNext(result -> {
				assertThat(result.isError()).isTrue();
				assertThat(text(result)).contains("database 'orders' not found in cluster 'pg'");
			})
			.verifyComplete();
		assertThat(database("pg-orders")).isNotNull();
	}

	@Test
	void deleteWhenTheObjectHasAnotherNameThenFindsItBySpecNameAndNamesThatDatabase() {
		givenDatabaseObject("pg-orders", "orders_v2", "delete");
		givenDatabaseObject("legacy-orders", "orders", "retain");

		StepVerifier.create(this.tools.call("delete_postgres_database",
				Map.of("cluster_name", "pg", "database_name", "orders", "confirm", true)))
			.assertNext(result -> assertThat(text(result))
				.isEqualTo("Deleted Database object 'legacy-orders'. PostgreSQL database 'orders' stays (reclaim policy retain)."))
			.verifyComplete();
		assertThat(database("legacy-orders")).isNull();
		assertThat(database("pg-orders")).isNotNull();
	}

	@Test
	void createWhenAnotherObjectAlreadyDeclaresTheDatabaseThenRefuses() {
		givenDatabaseObject("legacy-orders", "orders", "retain");

		StepVerifier.create(this.tools.call("create_postgres_database",
				Map.of("cluster_name", "pg", "database_name", "orders", "owner", "app")))
			.assertNext(result -> {
				assertThat(result.isError()).isTrue();
				assertThat(text(result)).contains("Database object 'legacy-orders' already declares database 'orders'");
			})
			.verifyComplete();
		assertThat(databases()).hasSize(1);
	}

	@Test
	void listWhenAnObjectIsBeingDeletedThenSaysItWaitsForThePrimary() {
		GenericKubernetesResource db = DatabaseManifests.database(this.tools.namespace, "pg", "going", "app", "delete");
		db.getMetadata().setFinalizers(java.util.List.of("cnpg.io/deleteDatabase"));
		this.tools.client.genericKubernetesResources(CnpgKinds.DATABASE).inNamespace(this.tools.namespace).resource(db).create();
		this.tools.client.genericKubernetesResources(CnpgKinds.DATABASE).inNamespace(this.tools.namespace).withName("pg-going").delete();

		StepVerifier.create(this.tools.call("list_postgres_databases", Map.of("cluster_name", "pg")))
			.assertNext(result -> assertThat(text(result)).contains("- going: owner app, present, reclaim policy delete, "
					+ "object pg-going, not applied yet, terminating (waits for the primary to finish the deletion)"))
			.verifyComplete();
	}

	/** A Database object as a person may have written it, with a name of their choice. */
	private void givenDatabaseObject(String objectName, String databaseName, String reclaimPolicy) {
		GenericKubernetesResource db = DatabaseManifests.database(this.tools.namespace, "pg", databaseName, "app", reclaimPolicy);
		db.getMetadata().setName(objectName);
		this.tools.client.genericKubernetesResources(CnpgKinds.DATABASE).inNamespace(this.tools.namespace).resource(db).create();
	}

	private GenericKubernetesResource database(String name) {
		return this.tools.client.genericKubernetesResources(CnpgKinds.DATABASE).inNamespace(this.tools.namespace).withName(name).get();
	}

	private List<GenericKubernetesResource> databases() {
		return this.tools.client.genericKubernetesResources(CnpgKinds.DATABASE).inNamespace(this.tools.namespace).list().getItems();
	}

}
