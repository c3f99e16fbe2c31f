package io.github.mcpplatform.chart;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart under test, run through Helm (helm-java embeds Helm's Go library): rendered, linted, installed as a
 * client-side dry run. Every scenario renders once per test JVM.
 *
 * <p>
 * helm-java's {@code template} leaves hook objects out (the Helm CLI appends them after the manifest) and
 * evaluates {@code lookup} against a cluster. Tests therefore render a copy of the chart whose hook annotations
 * are renamed {@code test.mcp-platform.io/hook*}: the hooks (the helm test pod, the Redis password) render as
 * plain objects that still say they were hooks.
 */
public final class Charts {

	public static final String RELEASE = "mcp";

	public static final String NAMESPACE = "mcp";

	/** The oldest Kubernetes the chart supports (Chart.yaml kubeVersion): preStop sleep actions. */
	static final String KUBE_VERSION = "v1.30.0";

	public static final Path SOURCE = Path.of(System.getProperty("chart.dir", "mcp-platform"));

	private static final Path SCENARIOS = Path.of("src", "test", "resources", "scenarios");

	private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

	private static final Map<Scenario, Rendered> RENDERED = new ConcurrentHashMap<>();

	private static Path copy;

	private static final List<Path> COPIES = new ArrayList<>();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> COPIES.forEach(Charts::deleteQuietly)));
	}

	private Charts() {
	}

	/** Renders the scenario, or throws {@link IllegalStateException} with Helm's message. */
	public static Rendered render(Scenario scenario) {
		return RENDERED.computeIfAbsent(scenario, s -> parse(template(s)));
	}

	/** Helm's message when the scenario does not render (a schema violation or a {@code fail}). */
	public static String refusal(Scenario scenario) {
		try {
			template(scenario);
		}
		catch (IllegalStateException refused) {
			return refused.getMessage();
		}
		throw new AssertionError("the chart rendered " + scenario + " without complaint");
	}

	/** {@code helm lint --strict} with the scenario's values merged into the chart's values.yaml. */
	public static LintResult lint(Scenario scenario) {
		Path chart = copyOfChart(values(scenario), false);
		return new Helm(chart).lint().strict().call();
	}

	/** What {@code helm install} prints (NOTES.txt included), as a client-side dry run. */
	public static String installOutput(Scenario scenario) {
		InstallCommand install = new Helm(chartForTests()).install()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			.withKubeVersion(KUBE_VERSION)
			.dryRun()
			.withDryRunOption(DryRun.CLIENT)
			.clientOnly();
		for (Path file : files(scenario)) {
			install = install.withValuesFile(file);
		}
		for (Map.Entry<String, Object> set : scenario.sets().entrySet()) {
			install = install.set(set.getKey(), set.getValue());
		}
		return install.call().getOutput();
	}

	private static String template(Scenario scenario) {
		TemplateCommand template = new Helm(chartForTests()).template()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			.withKubeVersion(KUBE_VERSION);
		for (Path file : files(scenario)) {
			template = template.withValuesFile(file);
		}
		for (Map.Entry<String, Object> set : scenario.sets().entrySet()) {
			template = template.set(set.getKey(), set.getValue());
		}
		return template.call();
	}

	private static Rendered parse(String manifest) {
		List<HasMetadata> objects = new ArrayList<>();
		for (String document : manifest.split("(?m)^---\\s*$")) {
			if (document.lines().anyMatch(line -> line.startsWith("kind:"))) {
				objects.add(SERIALIZATION.unmarshal(document));
			}
		}
		return new Rendered(manifest, List.copyOf(objects));
	}

	private static List<Path> files(Scenario scenario) {
		return scenario.files().stream().map(SCENARIOS::resolve).map(Path::toAbsolutePath).toList();
	}

	/** The chart's values.yaml with the scenario's values coalesced over it, as Helm merges them. */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> values(Scenario scenario) {
		Yaml yaml = new Yaml();
		Map<String, Object> values = read(yaml, SOURCE.resolve("values.yaml"));
		for (Path file : files(scenario)) {
			merge(values, read(yaml, file));
		}
		for (Map.Entry<String, Object> set : scenario.sets().entrySet()) {
			String[] path = set.getKey().split("\\.");
			Map<String, Object> at = values;
			for (int i = 0; i < path.length - 1; i++) {
				at = (Map<String, Object>) at.computeIfAbsent(path[i], k -> new LinkedHashMap<>());
			}
			at.put(path[path.length - 1], set.getValue());
		}
		return values;
	}

	@SuppressWarnings("unchecked")
	private static void merge(Map<String, Object> into, Map<String, Object> from) {
		from.forEach((key, value) -> {
			if (value instanceof Map<?, ?> map && into.get(key) instanceof Map<?, ?> existing) {
				merge((Map<String, Object>) existing, (Map<String, Object>) map);
			}
			else {
				into.put(key, value);
			}
		});
	}

	private static Map<String, Object> read(Yaml yaml, Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			Map<String, Object> values = yaml.load(in);
			return values == null ? new LinkedHashMap<>() : values;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static void deleteQuietly(Path directory) {
		try (Stream<Path> files = Files.walk(directory)) {
			files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
		}
		catch (IOException ignored) {
			// a temporary directory the system cleans up anyway
		}
	}

	/** The copy of the chart tests render: hook annotations renamed (see the class comment). */
	static synchronized Path chartForTests() {
		if (copy == null) {
			copy = copyOfChart(null, true);
		}
		return copy;
	}

	private static Path copyOfChart(Map<String, Object> values, boolean hooksAsPlainObjects) {
		try {
			Path parent = Files.createTempDirectory("mcp-platform-chart-");
			synchronized (COPIES) {
				COPIES.add(parent);
			}
			Path target = parent.resolve("mcp-platform");
			try (Stream<Path> files = Files.walk(SOURCE)) {
				for (Path file : files.toList()) {
					Path to = target.resolve(SOURCE.relativize(file).toString());
					if (Files.isDirectory(file)) {
						Files.createDirectories(to);
					}
					else if (hooksAsPlainObjects && file.startsWith(SOURCE.resolve("templates"))) {
						Files.writeString(to, Files.readString(file).replace("helm.sh/hook", "test.mcp-platform.io/hook"));
					}
					else {
						Files.copy(file, to);
					}
				}
			}
			if (values != null) {
				Files.writeString(target.resolve("values.yaml"), new Yaml().dump(values), StandardCharsets.UTF_8);
			}
			return target;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}
