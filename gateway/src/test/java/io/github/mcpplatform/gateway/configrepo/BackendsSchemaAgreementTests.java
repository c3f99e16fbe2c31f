package io.github.mcpplatform.gateway.configrepo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.mcpplatform.gateway.configrepo.BackendsSchemaSamples.Sample;

/**
 * The JSON Schema editors check the config repo with ({@code config-repo/schema/backends.schema.json}) and the
 * gateway's loader accept and refuse the same files: the samples of {@link BackendsSchemaSamples}, the
 * repository's own {@code config-repo/backends.yaml} and {@code config-repo/examples/}, and every YAML example in {@code docs/backends.md}.
 */
class BackendsSchemaAgreementTests {

	private static final Path CONFIG_REPO = Path.of("..", "config-repo");

	private static final Path GUIDE = Path.of("..", "docs", "backends.md");

	/** A fenced YAML block; a first line {@code # backends/<file>.yaml} names the file it stands for. */
	private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL);

	private static final Pattern FILE_COMMENT = Pattern.compile("# (backends/[-a-z0-9]+\\.yaml)\n");

	private static final Schema SCHEMA = schema();

	/** Every referenced variable is set: what a value resolves to is the loader's business alone. */
	private static final Function<String, String> ENVIRONMENT = name -> Map
		.of("CNPG_BACKEND_URL", "http://127.0.0.1:8081/mcp", "TEAM", "billing", "TIMEOUT", "45s")
		.getOrDefault(name, name.endsWith("_URL") ? "https://" + name.toLowerCase().replace('_', '-') + ".example.com/x"
				: "value-of-" + name);

	@TempDir
	Path root;

	@ParameterizedTest(name = "{0}")
	@MethodSource("samples")
	void schemaAndLoaderGiveTheSameVerdict(Sample sample) throws IOException {
		List<Error> schemaErrors = SCHEMA.validate(sample.yaml(), InputFormat.YAML);
		String loaderProblems = loaderProblems(sample);

		assertThat(schemaErrors.isEmpty()).as("the schema accepts it (errors: %s)", schemaErrors).isEqualTo(sample.valid());
		assertThat(loaderProblems == null).as("the loader accepts it (problems: %s)", loaderProblems)
			.isEqualTo(sample.valid());
	}

	static Stream<Sample> samples() throws IOException {
		List<Sample> samples = new ArrayList<>(BackendsSchemaSamples.all());
		samples.addAll(StdioSchemaSamples.all());
		samples.add(new Sample("config-repo/backends.yaml", ConfigRepoLoader.BACKENDS_FILE,
				Files.readString(CONFIG_REPO.resolve(ConfigRepoLoader.BACKENDS_FILE)), true));
		samples.addAll(guideExamples());
		samples.addAll(repositoryExamples());
		return samples.stream();
	}

	/** {@code config-repo/examples/<name>.yaml}: each stands for {@code backends/<name>.yaml} and is valid. */
	static List<Sample> repositoryExamples() throws IOException {
		try (Stream<Path> files = Files.list(CONFIG_REPO.resolve("examples"))) {
			List<Sample> examples = new ArrayList<>();
			for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
				examples.add(new Sample("config-repo/examples/" + file.getFileName(), "backends/" + file.getFileName(),
						Files.readString(file), true));
			}
			assertThat(examples).as("YAML files in config-repo/examples").isNotEmpty();
			return examples;
		}
	}

	/** The guide's examples, each a whole file, all valid: the guide cannot drift from what the gateway takes. */
	static List<Sample> guideExamples() throws IOException {
		List<Sample> examples = new ArrayList<>();
		Matcher blocks = YAML_BLOCK.matcher(Files.readString(GUIDE));
		while (blocks.find()) {
			String yaml = blocks.group(1);
			Matcher file = FILE_COMMENT.matcher(yaml);
			String name = file.lookingAt() ? file.group(1) : ConfigRepoLoader.BACKENDS_FILE;
			examples.add(new Sample("docs/backends.md example " + (examples.size() + 1), name, yaml, true));
		}
		assertThat(examples).as("YAML examples in " + GUIDE).hasSizeGreaterThanOrEqualTo(5);
		return examples;
	}

	/** What the loader refuses the sample for; null when it accepts it. */
	private @Nullable String loaderProblems(Sample sample) throws IOException {
		Path file = this.root.resolve(sample.file());
		Files.createDirectories(file.getParent());
		Files.writeString(file, sample.yaml());
		try {
			new ConfigRepoLoader(ENVIRONMENT, true).load(this.root);
			return null;
		}
		catch (ConfigRejectedException ex) {
			return ex.getMessage();
		}
	}

	private static Schema schema() {
		try (InputStream json = Files.newInputStream(CONFIG_REPO.resolve("schema/backends.schema.json"))) {
			return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(json);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
