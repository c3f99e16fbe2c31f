package io.github.mcpplatform.gateway.configrepo;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a config repo checkout (or a plain directory) into a validated {@link ConfigSnapshot}.
 *
 * <p>
 * Backends come from {@code backends.yaml} (a {@code backends:} list) and/or {@code backends/*.yaml} (one
 * backend per file). Everything is checked before anything is used, and every problem is reported with
 * its file, line and field, so a bad commit is rejected as a whole with one message that says how to fix it.
 */
public final class ConfigRepoLoader {

	static final String BACKENDS_FILE = "backends.yaml";

	static final String BACKENDS_DIRECTORY = "backends";

	private final Function<String, String> environment;

	private final boolean stdioEnabled;

	/** A loader that refuses stdio backends. */
	public ConfigRepoLoader(Function<String, String> environment) {
		this(environment, false);
	}

	/**
	 * @param environment resolves {@code ${NAME}} references, e.g. {@code System::getenv}
	 * @param stdioEnabled whether stdio backends are taken ({@code gateway.backends.stdio.enabled}); otherwise a
	 *     repo that declares one is refused, naming the setting
	 */
	public ConfigRepoLoader(Function<String, String> environment, boolean stdioEnabled) {
		this.environment = environment;
		this.stdioEnabled = stdioEnabled;
	}

	/** @throws ConfigRejectedException listing every problem found */
	public ConfigSnapshot load(Path root) {
		List<ConfigProblem> problems = new ArrayList<>();
		List<BackendEntries.Entry> entries = new ArrayList<>();
		Path file = root.resolve(BACKENDS_FILE);
		Path directory = root.resolve(BACKENDS_DIRECTORY);
		if (!Files.isRegularFile(file) && !Files.isDirectory(directory)) {
			throw new ConfigRejectedException(List.of(new ConfigProblem(root.toString(), 0, "",
					"no " + BACKENDS_FILE + " and no " + BACKENDS_DIRECTORY + "/ directory: declare backends in one of "
							+ "them (see config-repo/README.md)")));
		}
		if (Files.isRegularFile(file)) {
			readList(root, file, entries, problems);
		}
		if (Files.isDirectory(directory)) {
			try (Stream<Path> files = Files.list(directory)) {
				files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
					.sorted()
					.forEach(f -> readSingle(root, f, entries, problems));
			}
			catch (IOException e) {
				problems.add(new ConfigProblem(BACKENDS_DIRECTORY, 0, "", "cannot list the directory: " + e.getMessage()));
			}
		}
		Map<String, String> documents = OpenApiDocuments.read(root, problems);
		List<BackendDefinition> backends = new BackendEntries(this.environment, this.stdioEnabled, documents)
			.validate(entries, problems);
		rejectDuplicates(backends, problems);
		if (!problems.isEmpty()) {
			throw new ConfigRejectedException(problems);
		}
		return new ConfigSnapshot(backends);
	}

	private void readList(Path root, Path file, List<BackendEntries.Entry> entries, List<ConfigProblem> problems) {
		String name = relative(root, file);
		Node document = parse(root, file, problems);
		if (document == null) {
			return;
		}
		if (!(document instanceof MappingNode mapping)) {
			problems.add(new ConfigProblem(name, line(document), "", "must be a mapping with a 'backends' list"));
			return;
		}
		Node list = null;
		for (NodeTuple tuple : mapping.getValue()) {
			String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
			if (!key.equals("backends")) {
				problems.add(new ConfigProblem(name, line(tuple.getKeyNode()), key, "unknown key (allowed: backends)"));
			}
			else {
				list = tuple.getValueNode();
			}
		}
		if (!(list instanceof SequenceNode sequence)) {
			problems.add(new ConfigProblem(name, list == null ? 1 : line(list), "backends", "must be a list of backends"));
			return;
		}
		for (int i = 0; i < sequence.getValue().size(); i++) {
			entries.add(new BackendEntries.Entry(name, "backends[" + i + "]", sequence.getValue().get(i)));
		}
	}

	private void readSingle(Path root, Path file, List<BackendEntries.Entry> entries, List<ConfigProblem> problems) {
		Node document = parse(root, file, problems);
		if (document != null) {
			entries.add(new BackendEntries.Entry(relative(root, file), "", document));
		}
	}

	private static @Nullable Node parse(Path root, Path file, List<ConfigProblem> problems) {
		String name = relative(root, file);
		try (Reader reader = Files.newBufferedReader(file)) {
			Node node = new Yaml(new LoaderOptions()).compose(reader);
			if (node == null) {
				problems.add(new ConfigProblem(name, 0, "", "the file is empty"));
			}
			return node;
		}
		catch (MarkedYAMLException e) {
			int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
			problems.add(new ConfigProblem(name, line, "", "YAML syntax: " + e.getProblem()));
		}
		catch (IOException | RuntimeException e) {
			problems.add(new ConfigProblem(name, 0, "", "cannot read: " + e.getMessage()));
		}
		return null;
	}

	private static void rejectDuplicates(List<BackendDefinition> backends, List<ConfigProblem> problems) {
		Map<String, BackendDefinition> names = new HashMap<>();
		Map<String, BackendDefinition> prefixes = new HashMap<>();
		for (BackendDefinition backend : backends) {
			BackendDefinition sameName = names.putIfAbsent(backend.name(), backend);
			if (sameName != null) {
				problems.add(problem(backend, "name", "'" + backend.name() + "' is already used at " + sameName.source()));
			}
			BackendDefinition samePrefix = prefixes.putIfAbsent(backend.prefix(), backend);
			if (samePrefix != null && sameName == null) {
				problems.add(problem(backend, "prefix", "'" + backend.prefix() + "' is already the prefix of backend '"
						+ samePrefix.name() + "' (" + samePrefix.source() + "); tool names would collide"));
			}
		}
	}

	private static ConfigProblem problem(BackendDefinition backend, String field, String message) {
		int colon = backend.source().lastIndexOf(':');
		return new ConfigProblem(backend.source().substring(0, colon), Integer.parseInt(backend.source().substring(colon + 1)),
				field, message);
	}

	static int line(Node node) {
		return node.getStartMark().getLine() + 1;
	}

	private static String relative(Path root, Path file) {
		return root.relativize(file).toString();
	}

}
