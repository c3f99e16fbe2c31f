package io.github.mcpplatform.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.mcpplatform.gateway.openapi.OpenApiTool.Location;
import io.github.mcpplatform.gateway.openapi.OpenApiTool.Parameter;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import tools.jackson.databind.JsonNode;

/**
 * The request a call's arguments make, in every parameter style OpenAPI defines for query, path and header
 * parameters, on the API's base URL and nowhere else.
 *
 * @see <a href="https://spec.openapis.org/oas/v3.1.0#style-examples">OpenAPI: style examples</a>
 */
class RequestBuilderTests {

	private static final URI BASE = URI.create("http://api.example:8080/v1/");

	private static RestRequest build(List<Parameter> parameters, Map<String, Object> arguments) {
		OpenApiTool tool = new OpenApiTool("t", JsonRpc.JSON.createObjectNode().set("inputSchema", JsonRpc.JSON.createObjectNode()),
				"GET", "/items/{id}", parameters, null);
		return RequestBuilder.build(BASE, tool, JsonRpc.JSON.valueToTree(arguments));
	}

	private static Parameter query(String name, String style, boolean explode) {
		return new Parameter(name, name, Location.QUERY, style, explode, false);
	}

	private static final Parameter ID = new Parameter("id", "id", Location.PATH, "simple", false, false);

	@Test
	void queryParametersFollowTheirStyleAndExplode() {
		List<String> colors = List.of("blue", "black", "brown");
		Map<String, Object> point = new java.util.LinkedHashMap<>(Map.of("R", 100));
		point.put("G", 200);

		assertThat(build(List.of(ID, query("color", "form", true)), Map.of("id", 1, "color", colors)).uri().getRawQuery())
			.isEqualTo("color=blue&color=black&color=brown");
		assertThat(build(List.of(ID, query("color", "form", false)), Map.of("id", 1, "color", colors)).uri().getRawQuery())
			.isEqualTo("color=blue,black,brown");
		assertThat(build(List.of(ID, query("color", "spaceDelimited", false)), Map.of("id", 1, "color", colors)).uri()
			.getRawQuery()).isEqualTo("color=blue%20black%20brown");
		assertThat(build(List.of(ID, query("color", "pipeDelimited", false)), Map.of("id", 1, "color", colors)).uri()
			.getRawQuery()).isEqualTo("color=blue%7Cblack%7Cbrown");
		assertThat(build(List.of(ID, query("point", "form", true)), Map.of("id", 1, "point", point)).uri().getRawQuery())
			.isEqualTo("R=100&G=200");
		assertThat(build(List.of(ID, query("point", "form", false)), Map.of("id", 1, "point", point)).uri().getRawQuery())
			.isEqualTo("point=R,100,G,200");
		assertThat(build(List.of(ID, query("point", "deepObject", true)), Map.of("id", 1, "point", point)).uri().getRawQuery())
			.isEqualTo("point%5BR%5D=100&point%5BG%5D=200");
	}

	@Test
	void aQueryValueCannotAddParametersOrReachAnotherHost() {
		RestRequest request = build(List.of(ID, query("q", "form", true)),
				Map.of("id", 1, "q", "x&admin=true#http://evil.example/"));

		assertThat(request.uri().getRawQuery()).isEqualTo("q=x%26admin%3Dtrue%23http%3A%2F%2Fevil.example%2F");
		assertThat(request.uri().getHost()).isEqualTo("api.example");
		assertThat(request.uri().getRawPath()).isEqualTo("/v1/items/1");
	}

	@Test
	void pathValuesAreOneEncodedSegmentAndTraversalIsRefused() {
		assertThat(build(List.of(ID), Map.of("id", "a b%2F")).uri().getRawPath()).isEqualTo("/v1/items/a%20b%252F");
		assertThat(build(List.of(ID), Map.of("id", List.of(3, 4, 5))).uri().getRawPath()).isEqualTo("/v1/items/3%2C4%2C5");
		for (String traversal : List.of("..", ".", "../../admin", "a\\b", "")) {
			assertThatThrownBy(() -> build(List.of(ID), Map.of("id", traversal))).as(traversal)
				.isInstanceOf(RequestBuilder.ArgumentException.class)
				.hasMessageContaining("must be one path segment");
		}
	}

	@Test
	void headerValuesAreSimpleStyleAndControlCharactersAreRefused() {
		Parameter header = new Parameter("trace", "X-Trace", Location.HEADER, "simple", false, false);

		assertThat(build(List.of(ID, header), Map.of("id", 1, "trace", List.of("a", "b"))).headers())
			.containsExactly(Map.entry("X-Trace", "a,b"));
		for (String injected : List.of("a\r\nX-Admin: 1", "a\nb", "a\u0000b")) {
			assertThatThrownBy(() -> build(List.of(ID, header), Map.of("id", 1, "trace", injected)))
				.hasMessageContaining("'trace' is a header value: it must not contain line breaks");
		}
	}

	@Test
	void aParameterDeclaredWithContentIsSentAsJson() {
		Parameter filter = new Parameter("filter", "filter", Location.QUERY, "form", true, true);

		JsonNode arguments = JsonRpc.JSON.valueToTree(Map.of("id", 1, "filter", Map.of("a", 1)));
		OpenApiTool tool = new OpenApiTool("t", JsonRpc.JSON.createObjectNode().set("inputSchema", JsonRpc.JSON.createObjectNode()),
				"GET", "/items/{id}", List.of(ID, filter), null);

		assertThat(RequestBuilder.build(BASE, tool, arguments).uri().getRawQuery()).isEqualTo("filter=%7B%22a%22%3A1%7D");
	}

}
