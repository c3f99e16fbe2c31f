package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.ToolHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.github.mcpplatform.cnpg.cnpg.CnpgKinds;
import reactor.test.StepVerifier;

/** New clusters take a pinned image from a ClusterImageCatalog, never a floating tag. */
class ClusterImageTests {

	@Test
	void createThenReferencesTheCatalogForTheOperatorsDefaultMajor() {
		ToolHarness tools = new ToolHarness("images");

		StepVerifier.create(tools.call("create_postgres_cluster", Map.of("name", "pg")))
			.assertNext(result -> assertThat(text(result)).contains("PostgreSQL 18 (image ghcr.io/cloudnative-pg/postgresql:"
					+ "18.6-202608310817-standard-trixie@sha256:c2a773217853c6e0ffe7da9c37ea456466efb20cf844f27511a73fa6a81e3152)"))
			.verifyComplete();
		GenericKubernetesResource stored = tools.cluster("pg");
		assertThat((Object) stored.get("spec", "imageName")).isNull();
		assertThat((Object) stored.get("spec", "imageCatalogRef")).isEqualTo(Map.of("apiGroup", "postgresql.cnpg.io", "kind",
				"ClusterImageCatalog", "name", "postgresql-standard-trixie", "major", 18));
	}

	@Test
	void createWhenTheCatalogIsNotInstalledThenSaysHowToInstallItAndCreatesNothing() {
		ToolHarness tools = new ToolHarness("images", properties("not-installed"));

		StepVerifier.create(tools.call("create_postgres_cluster", Map.of("name", "pg", "dry_run", true)))
			.assertNext(result -> {
				assertThat(result.isError()).isTrue();
				assertThat(text(result)).contains("ClusterImageCatalog 'not-installed' is not installed")
					.contains("image-catalogs/catalog-standard-trixie.yaml")
					.contains("cnpg.tools.image-catalog");
			})
			.verifyComplete();
		StepVerifier.create(tools.call("create_postgres_cluster", Map.of("name", "pg")))
			.assertNext(result -> assertThat(result.isError()).isTrue())
			.verifyComplete();
		assertThat(tools.clusters()).isEmpty();
	}

	@Test
	void createWhenTheCatalogHasNoImageForTheMajorThenNamesTheMajorsItHas() {
		String catalog = "only-17-" + UUID.randomUUID().toString().substring(0, 8);
		ToolHarness tools = new ToolHarness("images", properties(catalog));
		GenericKubernetesResource only17 = new GenericKubernetesResource();
		only17.setApiVersion(CnpgKinds.API_VERSION);
		only17.setKind("ClusterImageCatalog");
		only17.setMetadata(new ObjectMetaBuilder().withName(catalog).build());
		only17.setAdditionalProperty("spec", Map.of("images", List.of(Map.of("major", 17, "image", "example/postgresql:17.11"))));
		tools.client.genericKubernetesResources(CnpgKinds.CLUSTER_IMAGE_CATALOG).resource(only17).create();

		StepVerifier.create(tools.call("create_postgres_cluster", Map.of("name", "pg", "postgres_version", "16")))
			.assertNext(result -> {
				assertThat(result.isError()).isTrue();
				assertThat(text(result)).contains("ClusterImageCatalog '" + catalog + "' has no image for PostgreSQL 16 "
						+ "(it has [17])");
			})
			.verifyComplete();
		assertThat(tools.clusters()).isEmpty();
	}

	private static ToolsProperties properties(String imageCatalog) {
		return new ToolsProperties(Duration.ofMillis(50), false, imageCatalog);
	}

}
