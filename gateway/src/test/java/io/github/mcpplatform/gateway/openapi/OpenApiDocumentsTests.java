package io.github.mcpplatform.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import tools.jackson.databind.JsonNode;

/**
 * Documents split over several files of the config repo, and the schema constructs a tool's input is built from:
 * relative {@code $ref}s within {@code openapi/} (and none outside it), {@code allOf}/{@code oneOf}, OpenAPI 3.0's
 * {@code nullable}, {@code readOnly} properties, header parameters and operations without an operationId.
 */
class OpenApiDocumentsTests {

	@TempDir
	Path root;

	private final OpenApiBackends backends = TestOpenApi.backends();

	@AfterEach
	void stop() {
		this.backends.close();
	}

	private BackendDefinition declare(String spec) {
		return TestOpenApi.load(TestOpenApi.repo(this.root, entry(spec)));
	}

	private static String entry(String spec) {
		return """
				name: split
				transport: openapi
				url: http://127.0.0.1:9/api
				auth: {type: none}
				openapi: {spec: %s, writes: true}
				""".formatted(spec);
	}

	private JsonNode tools(BackendDefinition backend) {
		return TestOpenApi.send(this.backends, backend, TestOpenApi.request(1, "tools/list", Map.of())).get("result").get("tools");
	}

	@Test
	void relativeReferencesToOtherFilesOfTheRepoAreFollowedAndTheSchemaConstructsKept() throws Exception {
		TestOpenApi.repo(this.root, entry("openapi/petstore.yaml"));
		Files.createDirectories(this.root.resolve("openapi/split/schemas"));
		Files.writeString(this.root.resolve("openapi/split/api.yaml"), """
				openapi: 3.0.3
				info: {title: split, version: "2"}
				paths:
				  /things/{id}:
				    parameters:
				      - $ref: 'schemas/common.yaml#/parameters/Id'
				    put:
				      parameters:
				        - {name: X-Request-Id, in: header, schema: {type: string, format: uuid}}
				      requestBody:
				        required: true
				        content:
				          application/json:
				            schema: {$ref: './schemas/thing.yaml#/Thing'}
				      responses: {"200": {description: ok}}
				""");
		Files.writeString(this.root.resolve("openapi/split/schemas/common.yaml"), """
				parameters:
				  Id: {name: id, in: path, required: true, schema: {type: integer, minimum: 1}}
				""");
		Files.writeString(this.root.resolve("openapi/split/schemas/thing.yaml"), """
				Thing:
				  allOf:
				    - $ref: '#/Named'
				    - type: object
				      required: [id, kind]
				      properties:
				        id: {type: integer, readOnly: true}
				        kind: {oneOf: [{type: string, enum: [a, b]}, {type: integer}]}
				        note: {type: string, nullable: true, example: hi}
				Named:
				  type: object
				  required: [name]
				  properties:
				    name: {type: string, maxLength: 40}
				""");
		Files.writeString(this.root.resolve("backends/api.yaml"), entry("openapi/split/api.yaml"));

		JsonNode tool = tools(TestOpenApi.load(this.root)).get(0);

		assertThat(tool.get("name").asString()).as("no operationId: method and path").isEqualTo("put_things_id");
		JsonNode properties = tool.get("inputSchema").get("properties");
		assertThat(properties.get("id").get("minimum").asInt()).isEqualTo(1);
		assertThat(properties.get("X-Request-Id").get("format").asString()).isEqualTo("uuid");
		JsonNode body = properties.get("body");
		assertThat(body.get("allOf").get(0).get("required").toString()).isEqualTo("[\"name\"]");
		JsonNode own = body.get("allOf").get(1);
		assertThat(own.get("properties").has("id")).as("readOnly is not sent").isFalse();
		assertThat(own.get("required").toString()).isEqualTo("[\"kind\"]");
		assertThat(own.get("properties").get("kind").get("oneOf")).hasSize(2);
		assertThat(own.get("properties").get("note").toString()).isEqualTo("{\"type\":[\"string\",\"null\"]}");
		assertThat(tool.get("annotations").get("idempotentHint").asBoolean()).isTrue();
	}

	@Test
	void aRelativeReferenceOutOfTheOpenapiDirectoryIsRefused() throws Exception {
		TestOpenApi.repo(this.root, entry("openapi/escape.yaml"));
		Files.writeString(this.root.resolve("openapi/escape.yaml"), """
				openapi: 3.1.0
				info: {title: escape, version: "1"}
				paths:
				  /a:
				    get:
				      parameters: [{$ref: '../backends/api.yaml#/name'}]
				""");
		BackendDefinition backend = TestOpenApi.load(this.root);

		assertThatThrownBy(() -> TestOpenApi.send(this.backends, backend, TestOpenApi.request(1, "tools/list", Map.of())))
			.hasMessageContaining("has a $ref to repo:/backends/api.yaml, outside the document's origin");
		assertThat(this.backends.problem("split")).contains("outside the document's origin");
	}

}
