package io.github.mcpplatform.idpsetup.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The values file fits the chart: valid against its values.schema.json over its defaults, and free of secrets. */
class HelmValuesTests {

	private static final Path CHART = Path.of(System.getProperty("chart.dir", "../chart/mcp-platform"));

	private static final YAMLMapper YAML = YAMLMapper.builder().build();

	private static final UpstreamClient CLIENT = new UpstreamClient("https://example.eu.auth0.com/", "GwClient1",
			"the-client-secret", "https://mcp.example.com/api", "groups");

	private static final GatewaySecrets.Names SECRETS = new GatewaySecrets.Names("mcp", "mcp-idp", "mcp-gateway-keys");

	@TempDir
	Path work;

	@Test
	void theValuesAreValidAgainstTheChartsSchemaAndHoldNoSecret() throws Exception {
		String values = HelmValues.render("https://mcp.example.com", CLIENT, SECRETS);

		ObjectNode merged = (ObjectNode) YAML.readTree(Files.readString(CHART.resolve("values.yaml")));
		merge(merged, YAML.readTree(values));
		Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
			.getSchema(Files.readString(CHART.resolve("values.schema.json")), InputFormat.JSON);
		assertThat(schema.validate(merged)).isEmpty();
		assertThat(values).doesNotContain("the-client-secret");
		assertThat(merged.at("/gateway/auth/upstream/clientSecret")).isEqualTo(YAML.valueToTree(
				Map.of("existingSecret", "mcp-idp", "key", "client-secret", "value", "")));
	}

	@Test
	void aReRunReadsTheUpstreamBackFromTheFile() {
		Path file = this.work.resolve("values-idp.yaml");
		HelmValues.write(file, HelmValues.render("https://mcp.example.com", CLIENT, SECRETS));

		JsonNode upstream = HelmValues.previousUpstream(file).orElseThrow();

		assertThat(upstream.path("clientId").asString()).isEqualTo("GwClient1");
		assertThat(upstream.path("issuerUri").asString()).isEqualTo("https://example.eu.auth0.com/");
		assertThat(HelmValues.previousUpstream(this.work.resolve("absent.yaml"))).isEmpty();
	}

	private static void merge(ObjectNode into, JsonNode from) {
		from.properties().forEach(field -> {
			if (field.getValue().isObject() && into.path(field.getKey()).isObject()) {
				merge((ObjectNode) into.get(field.getKey()), field.getValue());
			}
			else {
				into.set(field.getKey(), field.getValue());
			}
		});
	}

}
