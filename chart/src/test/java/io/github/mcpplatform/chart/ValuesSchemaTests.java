package io.github.mcpplatform.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chart's {@code values.schema.json} as a standard JSON Schema validator reads it (networknt, which follows
 * the schema's own {@code $schema}): a dialect it knows, the chart's defaults valid, a typo refused. Helm is
 * lenient about {@code $schema}; editors and CI validators are not.
 */
class ValuesSchemaTests {

	private static final Path CHART = Path.of(System.getProperty("chart.dir", "mcp-platform"));

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void theSchemaDeclaresTheStandardDraft7MetaSchema() throws IOException {
		JsonNode schema = JSON.readTree(Files.readString(CHART.resolve("values.schema.json")));

		assertThat(schema.path("$schema").asString()).isEqualTo("http://json-schema.org/draft-07/schema#");
	}

	@Test
	void theDefaultValuesAreValid() throws IOException {
		assertThat(validate(values())).isEmpty();
	}

	@Test
	void theLocalProfileIsValidOverTheDefaults() throws IOException {
		Map<String, Object> values = values();
		merge(values, new Yaml().load(Files.readString(CHART.resolve("values-local.yaml"))));

		assertThat(validate(values)).isEmpty();
	}

	@Test
	void aMisspelledKeyIsRefused() throws IOException {
		Map<String, Object> values = values();
		values.put("gatway", Map.of());

		assertThat(validate(values)).extracting(Error::getMessage).anySatisfy(message -> assertThat(message).contains("gatway"));
	}

	private static List<Error> validate(Map<String, Object> values) throws IOException {
		// The registry resolves the dialect from the schema's $schema: an unknown meta-schema URL fails here.
		Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
			.getSchema(Files.readString(CHART.resolve("values.schema.json")), InputFormat.JSON);
		return schema.validate(JSON.valueToTree(values));
	}

	@SuppressWarnings("unchecked")
	private static void merge(Map<String, Object> into, Map<String, Object> from) {
		from.forEach((key, value) -> {
			if (value instanceof Map<?, ?> map && into.get(key) instanceof Map<?, ?> existing) {
				Map<String, Object> copy = new java.util.LinkedHashMap<>((Map<String, Object>) existing);
				merge(copy, (Map<String, Object>) map);
				into.put(key, copy);
			}
			else {
				into.put(key, value);
			}
		});
	}

	private static Map<String, Object> values() throws IOException {
		return new java.util.LinkedHashMap<>(new Yaml().<Map<String, Object>>load(Files.readString(CHART.resolve("values.yaml"))));
	}

}
