package io.github.mcpplatform.gateway.configrepo;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import io.github.mcpplatform.gateway.configrepo.BackendEntries.Entry;
import io.github.mcpplatform.gateway.configrepo.BackendTransport.OpenApi;
import io.github.mcpplatform.gateway.configrepo.BackendTransport.OperationRule;

/**
 * Checks the {@code openapi} mapping of a {@code transport: openapi} backend:
 *
 * <pre>
 * transport: openapi
 * url: http://petstore.shop.svc:8080/api/v3     # the API's base URL: the only origin ever contacted
 * openapi:
 *   spec: openapi/petstore.yaml                 # a file of this repo under openapi/, or an http(s) URL
 *   include: [{tag: pet}, {operation: getInventory}]
 *   exclude: [{path: /pet/*&#47;uploadImage}]
 *   writes: false                               # the default: GET and HEAD only
 *   destructive: false                          # DELETE needs this and writes
 *   open-world: true
 *   refresh: 10m                                # how often a spec at a URL is read again
 * </pre>
 *
 * The document itself is read and converted by the gateway when it connects the backend, so that a URL spec and
 * a file spec fail the same way: the last good tools stay, and the backend's status says why.
 */
final class OpenApiEntries {

	static final String FIELD = "openapi";

	private static final Set<String> FIELDS = Set.of("spec", "include", "exclude", "writes", "destructive", "open-world",
			"refresh");

	private static final Set<String> RULE_FIELDS = Set.of("operation", "tag", "path", "method");

	private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE");

	/** Where the config repo keeps OpenAPI documents. */
	static final String DIRECTORY = "openapi";

	static final Duration DEFAULT_REFRESH = Duration.ofMinutes(10);

	/** Whole minutes (1 to 1440) or hours (1 to 24). */
	private static final Pattern REFRESH = Pattern.compile("([1-9][0-9]{0,3})m|([1-9]|1[0-9]|2[0-4])h");

	private final BackendEntries entries;

	private final Map<String, String> documents;

	/** @param documents the repo's {@code openapi/} files by path, e.g. {@code openapi/petstore.yaml} */
	OpenApiEntries(BackendEntries entries, Map<String, String> documents) {
		this.entries = entries;
		this.documents = Map.copyOf(documents);
	}

	@Nullable OpenApi validate(Entry entry, @Nullable Node node, List<ConfigProblem> problems) {
		if (node == null) {
			problems.add(problem(entry, entry.node(), "", "is required for transport openapi: at least the document, "
					+ "e.g. openapi: {spec: openapi/petstore.yaml}"));
			return null;
		}
		if (!(node instanceof MappingNode mapping)) {
			problems.add(problem(entry, node, "", "must be a mapping, e.g. openapi: {spec: openapi/petstore.yaml}"));
			return null;
		}
		int before = problems.size();
		String spec = null;
		List<OperationRule> include = List.of();
		List<OperationRule> exclude = List.of();
		boolean writes = false;
		boolean destructive = false;
		boolean openWorld = true;
		Duration refresh = DEFAULT_REFRESH;
		for (NodeTuple tuple : mapping.getValue()) {
			String key = ((ScalarNode) tuple.getKeyNode()).getValue();
			Node value = tuple.getValueNode();
			switch (FIELDS.contains(key) ? key : "") {
				case "spec" -> spec = spec(entry, value, problems);
				case "include" -> include = rules(entry, "include", value, problems);
				case "exclude" -> exclude = rules(entry, "exclude", value, problems);
				case "writes" -> writes = bool(entry, "writes", value, problems);
				case "destructive" -> destructive = bool(entry, "destructive", value, problems);
				case "open-world" -> openWorld = bool(entry, "open-world", value, problems);
				case "refresh" -> refresh = refresh(entry, value, problems);
				default -> problems.add(problem(entry, tuple.getKeyNode(), key, "unknown field (allowed: destructive, "
						+ "exclude, include, open-world, refresh, spec, writes)"));
			}
		}
		if (spec == null && problems.size() == before) {
			problems.add(problem(entry, node, "spec", "is required: a file of this repo under openapi/ or an http(s) URL"));
		}
		if (destructive && !writes) {
			problems.add(problem(entry, node, "destructive", "needs writes: true as well: DELETE is a write"));
		}
		if (problems.size() > before || spec == null) {
			return null;
		}
		return new OpenApi(spec, spec.startsWith("http") ? Map.of() : this.documents, include, exclude, writes, destructive,
				openWorld, refresh);
	}

	private @Nullable String spec(Entry entry, Node node, List<ConfigProblem> problems) {
		if (!(node instanceof ScalarNode scalar) || !BackendEntries.isText(scalar)) {
			problems.add(problem(entry, node, "spec", "must be a string: a file of this repo under openapi/ or an http(s) URL"));
			return null;
		}
		String text = scalar.getValue();
		if (text.contains("${") && !text.startsWith(DIRECTORY + "/")) {
			// A URL may come from the environment, as a backend's url may; messages quote it as written.
			String resolved = this.entries.resolved(entry, scalar, BackendEntries.path(entry, FIELD + ".spec"), problems);
			if (resolved == null) {
				return null;
			}
			if (!resolved.startsWith("http://") && !resolved.startsWith("https://")) {
				problems.add(problem(entry, node, "spec", "'" + text + "' must resolve to an http(s) URL"));
				return null;
			}
			text = resolved;
		}
		if (text.startsWith("http://") || text.startsWith("https://")) {
			try {
				URI uri = new URI(text);
				if (uri.getHost() == null || uri.getUserInfo() != null || uri.getFragment() != null) {
					problems.add(problem(entry, node, "spec", "'" + scalar.getValue() + "' must be an absolute http(s) URL with a "
							+ "host, without credentials or #fragment"));
					return null;
				}
				return text;
			}
			catch (URISyntaxException e) {
				problems.add(problem(entry, node, "spec", "'" + scalar.getValue() + "' is not a URL: " + e.getReason()));
				return null;
			}
		}
		if (!text.startsWith(DIRECTORY + "/") || text.contains("..") || text.contains("\\") || text.contains("${")) {
			problems.add(problem(entry, node, "spec", "'" + text + "' must be an http(s) URL or a file of this repo under "
					+ DIRECTORY + "/, e.g. openapi/petstore.yaml (no '..')"));
			return null;
		}
		if (!this.documents.containsKey(text)) {
			problems.add(problem(entry, node, "spec", "'" + text + "' is not in this commit (files under " + DIRECTORY
					+ "/ ending .yaml, .yml or .json are read)"));
			return null;
		}
		return text;
	}

	private static List<OperationRule> rules(Entry entry, String field, Node node, List<ConfigProblem> problems) {
		if (!(node instanceof SequenceNode sequence)) {
			problems.add(problem(entry, node, field, "must be a list of rules, e.g. [{tag: pet}, {operation: getInventory}]"));
			return List.of();
		}
		List<OperationRule> rules = new ArrayList<>();
		for (int i = 0; i < sequence.getValue().size(); i++) {
			String at = field + "[" + i + "]";
			Node item = sequence.getValue().get(i);
			if (!(item instanceof MappingNode rule) || rule.getValue().isEmpty()) {
				problems.add(problem(entry, item, at, "must be a mapping of at least one of operation, tag, path, method"));
				continue;
			}
			String operation = null;
			String tag = null;
			String path = null;
			String method = null;
			for (NodeTuple tuple : rule.getValue()) {
				String key = ((ScalarNode) tuple.getKeyNode()).getValue();
				if (!RULE_FIELDS.contains(key)) {
					problems.add(problem(entry, tuple.getKeyNode(), at + "." + key, "unknown field (allowed: method, "
							+ "operation, path, tag)"));
					continue;
				}
				if (!(tuple.getValueNode() instanceof ScalarNode scalar) || !BackendEntries.isText(scalar)
						|| scalar.getValue().isBlank()) {
					problems.add(problem(entry, tuple.getValueNode(), at + "." + key, "must be a non-empty string"));
					continue;
				}
				String value = scalar.getValue();
				switch (key) {
					case "operation" -> operation = value;
					case "tag" -> tag = value;
					case "path" -> {
						if (!value.startsWith("/")) {
							problems.add(problem(entry, scalar, at + ".path", "'" + value + "' must start with /, e.g. /pet/*"));
						}
						path = value;
					}
					default -> {
						if (!METHODS.contains(value.toUpperCase(java.util.Locale.ROOT))) {
							problems.add(problem(entry, scalar, at + ".method", "'" + value + "' is not an HTTP method"));
						}
						method = value.toUpperCase(java.util.Locale.ROOT);
					}
				}
			}
			rules.add(new OperationRule(operation, tag, path, method));
		}
		return rules;
	}

	private static boolean bool(Entry entry, String field, Node node, List<ConfigProblem> problems) {
		if (!(node instanceof ScalarNode scalar) || !Tag.BOOL.equals(scalar.getTag())
				|| !Set.of("true", "false").contains(scalar.getValue())) {
			problems.add(problem(entry, node, field, "must be true or false"));
			return false;
		}
		return Boolean.parseBoolean(scalar.getValue());
	}

	private static Duration refresh(Entry entry, Node node, List<ConfigProblem> problems) {
		if (!(node instanceof ScalarNode scalar) || !BackendEntries.isText(scalar)
				|| !REFRESH.matcher(scalar.getValue()).matches()) {
			problems.add(problem(entry, node, "refresh", "must be whole minutes or hours from 1m to 24h, e.g. 10m"));
			return DEFAULT_REFRESH;
		}
		String text = scalar.getValue();
		long amount = Long.parseLong(text.substring(0, text.length() - 1));
		return text.endsWith("h") ? Duration.ofHours(amount) : Duration.ofMinutes(amount);
	}

	private static ConfigProblem problem(Entry entry, Node node, String field, String message) {
		String path = BackendEntries.path(entry, field.isEmpty() ? FIELD : FIELD + "." + field);
		return new ConfigProblem(entry.file(), ConfigRepoLoader.line(node), path, message);
	}

}
