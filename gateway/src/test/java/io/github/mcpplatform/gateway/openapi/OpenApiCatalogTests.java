package io.github.mcpplatform.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.backend.BackendSettings;
import io.github.mcpplatform.gateway.backend.BackendStatus;
import io.github.mcpplatform.gateway.backend.BackendStatus.State;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.ConfigSnapshot;
import io.modelcontextprotocol.spec.McpSchema.Tool;

/**
 * OpenAPI backends in the gateway's catalog, through the MCP Java SDK client the registry keeps for every backend:
 * the merged tool names, a document at a URL read again with the change followed, and a document that cannot be
 * read marking the backend down with the reason.
 */
class OpenApiCatalogTests {

	private static final BackendSettings FAST = new BackendSettings(Duration.ofMillis(500), Duration.ofMillis(500),
			Duration.ofMillis(100), Duration.ofMillis(500));

	@TempDir
	Path root;

	private TestPetstore petstore;

	private OpenApiBackends backends;

	private BackendRegistry registry;

	@BeforeEach
	void start() throws Exception {
		this.petstore = new TestPetstore();
		this.backends = TestOpenApi.backends();
	}

	@AfterEach
	void stop() {
		if (this.registry != null) {
			this.registry.close();
		}
		this.petstore.close();
		this.backends.close();
	}

	private BackendDefinition declare(String spec) {
		return TestOpenApi.load(TestOpenApi.repo(this.root, """
				name: petstore
				prefix: pets
				transport: openapi
				url: %s
				auth: {type: none}
				openapi:
				  spec: %s
				  include: [{tag: pet}]
				""".formatted(this.petstore.base(), spec)));
	}

	private BackendRegistry registry(BackendDefinition backend) {
		return new BackendRegistry(new ConfigSnapshot(List.of(backend)), FAST, this.backends::catalogTransport).start();
	}

	@Test
	void theToolsOfADocumentInTheConfigRepoAreMergedUnderThePrefix() {
		this.registry = registry(declare("openapi/petstore.yaml"));

		// The merged list follows the backend's state: wait for the list itself.
		await().atMost(Duration.ofSeconds(30)).until(() -> state() == State.READY && !this.registry.catalog().tools().isEmpty());
		assertThat(this.registry.catalog().tools()).extracting(Tool::name)
			.containsExactly("pets_findPetsByStatus", "pets_findPetsByTags", "pets_getPetById");
		assertThat(this.registry.catalog().tools().get(2).annotations().readOnlyHint()).isTrue();
	}

	@Test
	void aDocumentAtAUrlIsReadAgainAndTheMergedListFollowsItsChange() {
		BackendDefinition backend = declare(this.petstore.base() + "/openapi.yaml");
		this.registry = registry(backend);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.registry.catalog().tools().size() == 3);

		this.petstore.document = this.petstore.document.replace("operationId: findPetsByTags", "operationId: petsTagged");
		this.backends.refresh(backend).block(Duration.ofSeconds(30));

		await().atMost(Duration.ofSeconds(30)).until(() -> this.registry.catalog().tools().stream()
			.anyMatch(tool -> tool.name().equals("pets_petsTagged")));
		assertThat(this.backends.problem("petstore")).isNull();
	}

	@Test
	void aDocumentThatCannotBeReadMarksTheBackendDownWithTheReason() {
		this.petstore.document = "openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths:\n  /a: {get: {parameters: [{$ref: 'https://elsewhere.invalid/p.yaml'}]}}\n";

		this.registry = registry(declare(this.petstore.base() + "/openapi.yaml"));

		await().atMost(Duration.ofSeconds(30)).until(() -> state() == State.DOWN);
		assertThat(status().map(BackendStatus::problem).orElse("")).contains("outside the document's origin");
	}

	private State state() {
		return status().map(BackendStatus::state).orElse(State.CONNECTING);
	}

	private Optional<BackendStatus> status() {
		return this.registry.statuses().stream().filter(status -> status.backend().equals("petstore")).findFirst();
	}

}
