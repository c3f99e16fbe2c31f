package io.github.mcpplatform.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import tools.jackson.databind.JsonNode;

/**
 * The Swagger Petstore 3 document, declared in a config repo and served by a real HTTP service: the tools it gives
 * (read-only by default), their schemas and annotations, and calls that reach the service exactly as declared.
 */
class OpenApiPetstoreTests {

	@TempDir
	Path root;

	private TestPetstore petstore;

	private OpenApiBackends backends;

	@BeforeEach
	void start() throws Exception {
		this.petstore = new TestPetstore();
		this.backends = TestOpenApi.backends();
	}

	@AfterEach
	void stop() {
		this.petstore.close();
		this.backends.close();
	}

	private BackendDefinition declare(String openapi) {
		return TestOpenApi.load(TestOpenApi.repo(this.root, """
				name: petstore
				transport: openapi
				url: %s
				auth: {type: header, name: api_key, value: "${API_KEY}"}
				openapi:
				%s
				""".formatted(this.petstore.base(), openapi.indent(2))));
	}

	private List<String> toolNames(BackendDefinition backend) {
		JsonNode tools = TestOpenApi.send(this.backends, backend, TestOpenApi.request(1, "tools/list", Map.of()))
			.get("result").get("tools");
		return tools.values().stream().map(tool -> tool.get("name").asString()).toList();
	}

	private JsonNode tool(BackendDefinition backend, String name) {
		JsonNode tools = TestOpenApi.send(this.backends, backend, TestOpenApi.request(1, "tools/list", Map.of()))
			.get("result").get("tools");
		return tools.values().stream().filter(tool -> tool.get("name").asString().equals(name)).findFirst().orElseThrow();
	}

	@Test
	void byDefaultOnlyTheReadOperationsAreToolsAndNoWriteEverReachesTheList() {
		BackendDefinition backend = declare("spec: openapi/petstore.yaml");

		assertThat(toolNames(backend)).containsExactly("findPetsByStatus", "findPetsByTags", "getPetById", "getInventory",
				"getOrderById", "loginUser", "logoutUser", "getUserByName");
	}

	@Test
	void writesAddsPostPutAndPatchAndDestructiveAddsDelete() {
		BackendDefinition writes = declare("spec: openapi/petstore.yaml\nwrites: true");
		assertThat(toolNames(writes)).contains("addPet", "updatePet", "placeOrder", "createUser")
			.doesNotContain("deletePet", "deleteOrder", "deleteUser");
		assertThat(tool(writes, "uploadFile").get("inputSchema").get("properties").has("body"))
			.as("an optional body that is not JSON is not offered").isFalse();

		BackendDefinition destructive = declare("spec: openapi/petstore.yaml\nwrites: true\ndestructive: true");
		assertThat(toolNames(destructive)).contains("deletePet", "deleteOrder", "deleteUser");
	}

	@Test
	void includeAndExcludeSelectByTagOperationPathAndMethod() {
		BackendDefinition backend = declare("""
				spec: openapi/petstore.yaml
				include: [{tag: pet}, {operation: getInventory}]
				exclude: [{path: /pet/findBy*}]""");

		assertThat(toolNames(backend)).containsExactly("getPetById", "getInventory");
	}

	@Test
	void toolsCarrySchemasWithRequiredFieldsEnumsAndFormatsAndAnnotationsFromTheMethod() {
		BackendDefinition backend = declare("spec: openapi/petstore.yaml\nwrites: true\ndestructive: true");

		JsonNode get = tool(backend, "getPetById");
		assertThat(get.get("inputSchema").get("required").values()).extracting(JsonNode::asString).containsExactly("petId");
		assertThat(get.get("inputSchema").get("properties").get("petId").get("format").asString()).isEqualTo("int64");
		assertThat(get.get("inputSchema").get("additionalProperties").asBoolean()).isFalse();
		assertThat(get.get("description").asString()).startsWith("Find pet by ID.").endsWith("HTTP: GET /pet/{petId}");
		assertThat(get.get("annotations").toString()).contains("\"readOnlyHint\":true", "\"destructiveHint\":false",
				"\"idempotentHint\":true", "\"openWorldHint\":true");

		JsonNode status = tool(backend, "findPetsByStatus").get("inputSchema").get("properties").get("status");
		assertThat(status.get("enum").values()).extracting(JsonNode::asString).containsExactly("available", "pending", "sold");

		JsonNode add = tool(backend, "addPet");
		assertThat(add.get("inputSchema").get("required").values()).extracting(JsonNode::asString).containsExactly("body");
		assertThat(add.get("inputSchema").get("properties").get("body").get("required").values()).extracting(JsonNode::asString)
			.containsExactly("name", "photoUrls");
		assertThat(add.get("annotations").toString()).contains("\"readOnlyHint\":false", "\"destructiveHint\":false",
				"\"idempotentHint\":false");
		assertThat(tool(backend, "updatePet").get("annotations").toString()).contains("\"idempotentHint\":true",
				"\"destructiveHint\":false");
		assertThat(tool(backend, "deletePet").get("annotations").toString()).contains("\"destructiveHint\":true");
	}

	@Test
	void aGetReturnsTheJsonAsStructuredContentAndTextWithTheCredentialSent() {
		BackendDefinition backend = declare("spec: openapi/petstore.yaml");

		JsonNode result = TestOpenApi.call(this.backends, backend, "getPetById", Map.of("petId", 1));

		assertThat(result.get("isError").asBoolean()).isFalse();
		assertThat(result.get("structuredContent").get("name").asString()).isEqualTo("doggie");
		assertThat(TestOpenApi.text(result)).contains("\"name\":\"doggie\"");
		assertThat(this.petstore.last().rawPath()).isEqualTo("/api/v3/pet/1");
		assertThat(this.petstore.last().headers().get("Api_key")).containsExactly("secret-api-key-0123456789");
	}

	@Test
	void aListAnswerIsStructuredUnderResultAndQueryArraysAreExplodedFormStyle() {
		BackendDefinition backend = declare("spec: openapi/petstore.yaml");

		JsonNode result = TestOpenApi.call(this.backends, backend, "findPetsByTags", Map.of("tags", List.of("calm", "a b&c")));

		assertThat(this.petstore.last().rawQuery()).isEqualTo("tags=calm&tags=a%20b%26c");
		assertThat(result.get("structuredContent").get("result").values()).extracting(pet -> pet.get("name").asString())
			.containsExactly("kitty", "rex");
	}

	@Test
	void aWriteSendsItsBodyAsJson() {
		BackendDefinition backend = declare("spec: openapi/petstore.yaml\nwrites: true");

		JsonNode result = TestOpenApi.call(this.backends, backend, "addPet",
				Map.of("body", Map.of("id", 10, "name", "nemo", "photoUrls", List.of())));

		assertThat(result.get("isError").asBoolean()).isFalse();
		assertThat(this.petstore.last().method()).isEqualTo("POST");
		assertThat(this.petstore.last().headers().get("Content-type")).containsExactly("application/json");
		assertThat(JsonRpc.JSON.readTree(this.petstore.last().body()))
			.isEqualTo(JsonRpc.JSON.readTree("{\"id\":10,\"name\":\"nemo\",\"photoUrls\":[]}"));
	}

	@Test
	void anHttpErrorIsAnErrorResultWithTheStatusAndTheBody() {
		BackendDefinition backend = declare("spec: openapi/petstore.yaml");

		JsonNode result = TestOpenApi.call(this.backends, backend, "getPetById", Map.of("petId", 99));

		assertThat(result.get("isError").asBoolean()).isTrue();
		assertThat(TestOpenApi.text(result)).isEqualTo("The API answered HTTP 404 Not Found to GET /api/v3/pet/99: "
				+ "{\"code\":404,\"message\":\"Pet not found: 99\"}");
	}

	@Test
	void argumentsThatDoNotFitTheSchemaAreRefusedAndNothingIsSent() {
		BackendDefinition backend = declare("spec: openapi/petstore.yaml");
		int before = this.petstore.seen.size();

		JsonNode extra = TestOpenApi.call(this.backends, backend, "getPetById", Map.of("petId", 1, "admin", true));
		JsonNode wrongType = TestOpenApi.call(this.backends, backend, "getPetById", Map.of("petId", "one"));
		JsonNode missing = TestOpenApi.call(this.backends, backend, "getPetById", Map.of());
		JsonNode notInEnum = TestOpenApi.call(this.backends, backend, "findPetsByStatus", Map.of("status", "stolen"));

		for (JsonNode result : List.of(extra, wrongType, missing, notInEnum)) {
			assertThat(result.get("isError").asBoolean()).isTrue();
			assertThat(TestOpenApi.text(result)).startsWith("Invalid arguments for ").endsWith("Nothing was sent to the API.");
		}
		assertThat(TestOpenApi.text(extra)).contains("admin");
		assertThat(this.petstore.seen).hasSize(before);
	}

	@Test
	void aPathParameterThatWouldLeaveItsSegmentIsRefusedAndNothingIsSent() {
		BackendDefinition backend = declare("spec: openapi/petstore.yaml");
		int before = this.petstore.seen.size();

		for (String name : List.of("..", ".", "../store/inventory", "a/b")) {
			JsonNode result = TestOpenApi.call(this.backends, backend, "getUserByName", Map.of("username", name));
			assertThat(result.get("isError").asBoolean()).as(name).isTrue();
			assertThat(TestOpenApi.text(result)).contains("must be one path segment");
		}
		assertThat(this.petstore.seen).hasSize(before);

		TestOpenApi.call(this.backends, backend, "getUserByName", Map.of("username", "ann smith?x=1#y"));
		assertThat(this.petstore.last().rawPath()).isEqualTo("/api/v3/user/ann%20smith%3Fx%3D1%23y");
		assertThat(this.petstore.last().rawQuery()).isNull();
	}

	@Test
	void aHeaderParameterWithALineBreakIsRefusedAndNothingIsSent() {
		BackendDefinition backend = declare("spec: openapi/petstore.yaml\nwrites: true\ndestructive: true");
		int before = this.petstore.seen.size();

		JsonNode result = TestOpenApi.call(this.backends, backend, "deletePet",
				Map.of("petId", 1, "api_key", "x\r\nX-Admin: true"));

		assertThat(result.get("isError").asBoolean()).isTrue();
		assertThat(TestOpenApi.text(result)).contains("'api_key' is a header value: it must not contain line breaks");
		assertThat(this.petstore.seen).hasSize(before);
	}

	@Test
	void anUnknownToolIsAProtocolErrorAndAWriteNotOfferedCannotBeCalled() {
		BackendDefinition backend = declare("spec: openapi/petstore.yaml");

		JsonNode answer = TestOpenApi.send(this.backends, backend,
				TestOpenApi.request(3, "tools/call", Map.of("name", "deletePet", "arguments", Map.of("petId", 1))));

		assertThat(answer.get("error").get("code").asInt()).isEqualTo(-32602);
		assertThat(answer.get("error").get("message").asString()).isEqualTo("Unknown tool: deletePet");
		assertThat(this.petstore.seen).noneMatch(seen -> seen.method().equals("DELETE"));
	}

}
