package io.github.mcpplatform.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import tools.jackson.databind.JsonNode;

/**
 * APIs that answer what a model must not get (HTML, binary data, 10 MB, nothing, a redirect elsewhere) and
 * documents that must not become tools: each a clear error, and the backend's other tools unaffected.
 */
class OpenApiFaultsTests {

	@TempDir
	Path root;

	private TestPetstore service;

	private OpenApiBackends backends;

	@BeforeEach
	void start() throws Exception {
		this.service = new TestPetstore();
		this.backends = TestOpenApi.backends();
	}

	@AfterEach
	void stop() {
		this.service.close();
		this.backends.close();
	}

	private BackendDefinition faults() {
		return TestOpenApi.load(TestOpenApi.repo(this.root, """
				name: faults
				transport: openapi
				url: %s
				timeout: 1s
				auth: {type: header, name: Authorization, value: "${BEARER}"}
				openapi: {spec: openapi/faults.yaml}
				""".formatted(this.service.faults())));
	}

	private String error(String tool) {
		JsonNode result = TestOpenApi.call(this.backends, faults(), tool, Map.of());
		assertThat(result.get("isError").asBoolean()).as(tool).isTrue();
		return TestOpenApi.text(result);
	}

	@Test
	void htmlIsAnErrorThatSaysItIsAPage() {
		assertThat(error("html")).startsWith("The API answered GET /faults/html with an HTML page");
	}

	@Test
	void binaryDataIsNotPassedOn() {
		assertThat(error("binary")).isEqualTo("The API answered GET /faults/binary with application/octet-stream (5 bytes), "
				+ "which is not passed on: only JSON and text are.");
	}

	@Test
	void aTenMegabyteAnswerIsAnErrorAtTheSizeLimit() {
		assertThat(error("huge")).startsWith("The API's answer to GET /faults/huge is larger than 4096 KB");
	}

	@Test
	void anApiThatNeverAnswersTimesOut() {
		assertThat(error("silent")).startsWith("The API did not answer GET /faults/silent within 1000 ms");
	}

	@Test
	void aRedirectIsNotFollowed() {
		assertThat(error("redirect")).contains("HTTP 302 Found", "a redirect, which the gateway does not follow");
		assertThat(this.service.seen).noneMatch(seen -> seen.rawPath().contains("steal"));
	}

	@Test
	void anErrorBodyThatEchoesTheCredentialDoesNotShowIt() {
		String text = error("echoAuth");

		assertThat(text).startsWith("The API answered HTTP 401 Unauthorized").doesNotContain("secret-api-key-0123456789")
			.contains("(credential)");
	}

	@Test
	void aLongListIsCutAtAWholeItemWithANote() {
		JsonNode result = TestOpenApi.call(this.backends, faults(), "many", Map.of());

		String text = TestOpenApi.text(result);
		assertThat(text.length()).isLessThanOrEqualTo(Answers.CHARACTER_LIMIT);
		assertThat(text).containsPattern("\\[Cut: [0-9]+ of 2000 items shown");
		int shown = result.get("structuredContent").get("items").size();
		assertThat(shown).isBetween(100, 1999);
		assertThat(result.get("structuredContent").get("items").get(shown - 1).get("id").asInt()).isEqualTo(shown - 1);
		assertThat(result.get("structuredContent").get("total").asInt()).isEqualTo(2000);
	}

	@Test
	void aDocumentThatIsNotOpenApiIsRefusedWithWhy() throws Exception {
		Files.writeString(TestOpenApi.repo(this.root, backend("openapi/swagger.yaml")).resolve("openapi/swagger.yaml"),
				"swagger: '2.0'\npaths: {}\n");

		assertThat(problem(TestOpenApi.load(this.root))).isEqualTo("OpenAPI document: openapi/swagger.yaml is not an "
				+ "OpenAPI 3.0, 3.1 or 3.2 document (it is Swagger 2.0: convert it to OpenAPI 3 first)");
	}

	@Test
	void aCircleOfReferencesIsRefused() throws Exception {
		TestOpenApi.repo(this.root, backend("openapi/cycle.yaml"));
		Files.writeString(this.root.resolve("openapi/cycle.yaml"), """
				openapi: 3.1.0
				info: {title: cycle, version: "1"}
				paths:
				  /a:
				    get:
				      operationId: a
				      parameters: [{name: q, in: query, schema: {$ref: '#/components/schemas/A'}}]
				components:
				  schemas:
				    A: {$ref: '#/components/schemas/B'}
				    B: {$ref: '#/components/schemas/A'}
				""");

		assertThat(problem(TestOpenApi.load(this.root))).contains("leads round in a circle of references");
	}

	@Test
	void aRecursiveSchemaIsCutWhereItRecurs() throws Exception {
		TestOpenApi.repo(this.root, backend("openapi/tree.yaml"));
		Files.writeString(this.root.resolve("openapi/tree.yaml"), """
				openapi: 3.1.0
				info: {title: tree, version: "1"}
				paths:
				  /a:
				    get:
				      operationId: a
				      parameters: [{name: q, in: query, content: {application/json: {schema: {$ref: '#/components/schemas/Node'}}}}]
				components:
				  schemas:
				    Node: {type: object, properties: {children: {type: array, items: {$ref: '#/components/schemas/Node'}}}}
				""");

		JsonNode tools = TestOpenApi.send(this.backends, TestOpenApi.load(this.root), TestOpenApi.request(1, "tools/list", Map.of()));
		assertThat(tools.toString()).contains("(the same structure again: Node)");
	}

	@Test
	void aRemoteReferenceOutsideTheOriginIsRefusedBeforeAnythingIsRead() throws Exception {
		TestOpenApi.repo(this.root, backend("openapi/remote.yaml"));
		Files.writeString(this.root.resolve("openapi/remote.yaml"), """
				openapi: 3.0.3
				info: {title: remote, version: "1"}
				paths:
				  /a:
				    get:
				      operationId: a
				      parameters: [{$ref: 'http://attacker.invalid/params.yaml#/q'}]
				""");

		assertThat(problem(TestOpenApi.load(this.root))).contains("outside the document's origin");
	}

	@Test
	void aDocumentOverTheSizeLimitIsRefused() {
		this.backends.close();
		this.backends = TestOpenApi.backends(new OpenApiSettings(org.springframework.util.unit.DataSize.ofKilobytes(10),
				org.springframework.util.unit.DataSize.ofMegabytes(4)));

		assertThat(problem(TestOpenApi.load(TestOpenApi.repo(this.root, backend("openapi/petstore.yaml")))))
			.contains("exceed 10240 characters");
	}

	@Test
	void aDocumentThatNoLongerReadsKeepsTheLastGoodToolsAndSaysWhy() throws Exception {
		BackendDefinition good = TestOpenApi.load(TestOpenApi.repo(this.root, backend("openapi/petstore.yaml")));
		assertThat(TestOpenApi.send(this.backends, good, TestOpenApi.request(1, "tools/list", Map.of())).toString())
			.contains("getPetById");
		Files.writeString(this.root.resolve("openapi/petstore.yaml"), "openapi: 3.0.3\npaths: [not, a, mapping");

		BackendDefinition broken = TestOpenApi.load(this.root);

		JsonNode tools = TestOpenApi.send(this.backends, broken, TestOpenApi.request(1, "tools/list", Map.of()));
		assertThat(tools.toString()).contains("getPetById");
		assertThat(this.backends.problem("api")).startsWith("OpenAPI document: openapi/petstore.yaml is not valid YAML");
	}

	private String backend(String spec) {
		return """
				name: api
				transport: openapi
				url: %s
				auth: {type: none}
				openapi: {spec: %s}
				""".formatted(this.service.base(), spec);
	}

	private String problem(BackendDefinition backend) {
		JsonNode answer = null;
		try {
			answer = TestOpenApi.send(this.backends, backend, TestOpenApi.request(1, "initialize", Map.of()));
		}
		catch (RuntimeException e) {
			// The document's problem fails the initialize; the status keeps the words.
		}
		assertThat(answer).as("no tools from a bad document").isNull();
		return this.backends.problem(backend.name());
	}


}
