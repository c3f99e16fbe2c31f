package io.github.mcpplatform.gateway.configrepo;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

import io.github.mcpplatform.gateway.policy.BackendAccess;

/** Checks the fields of backend entries and turns the valid ones into {@link BackendDefinition}s. */
final class BackendEntries {

	/** A backend entry as found in a file, not yet checked. */
	record Entry(String file, String path, Node node) {
	}

	static final Set<String> FIELDS = Set.of("name", "url", "prefix", "enabled", "timeout", "description", "access", "auth",
			"transport", "command", "args", "env", "sharing", "max-processes", "idle-timeout", LongCallEntries.MAX,
			LongCallEntries.PER_TOOL, OpenApiEntries.FIELD);

	/** Fields whose value is a list or a mapping. */
	private static final Set<String> STRUCTURED = Set.of("access", "auth", "args", "env", LongCallEntries.PER_TOOL,
			OpenApiEntries.FIELD);

	static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

	static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);

	static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

	private static final Pattern RFC_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

	/** Short enough that {@code <prefix>_<tool>} leaves room for the tool name within MCP's 64 characters. */
	private static final Pattern PREFIX = Pattern.compile("[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?");

	/** Whole milliseconds, seconds or minutes, as the JSON Schema allows: no other units, no sign. */
	private static final Pattern DURATION = Pattern.compile("[0-9]+(ms|s|m)");

	/**
	 * The booleans every YAML version and JSON agree on. YAML 1.1's yes, no, on and off (and True, FALSE...) read
	 * as text to editors and to the JSON Schema, and yes used to read as false here.
	 */
	private static final Set<String> BOOLEANS = Set.of("true", "false");

	private static final Pattern ENVIRONMENT_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

	private final Function<String, String> environment;

	private final AccessEntries access = new AccessEntries(this);

	private final AuthEntries auth = new AuthEntries(this);

	private final TransportEntries transports;

	private final LongCallEntries longCalls = new LongCallEntries(this);

	/** @param stdioEnabled whether this gateway runs stdio backends ({@code gateway.backends.stdio.enabled}) */
	BackendEntries(Function<String, String> environment, boolean stdioEnabled) {
		this(environment, stdioEnabled, Map.of());
	}

	/** @param openApiDocuments the repo's {@code openapi/} files by path, for backends whose spec is one of them */
	BackendEntries(Function<String, String> environment, boolean stdioEnabled, Map<String, String> openApiDocuments) {
		this.environment = environment;
		this.transports = new TransportEntries(this, stdioEnabled, openApiDocuments);
	}

	List<BackendDefinition> validate(List<Entry> entries, List<ConfigProblem> problems) {
		List<BackendDefinition> backends = new ArrayList<>();
		for (Entry entry : entries) {
			int before = problems.size();
			BackendDefinition backend = validate(entry, problems);
			if (backend != null && problems.size() == before) {
				backends.add(backend);
			}
		}
		return backends;
	}

	private @Nullable BackendDefinition validate(Entry entry, List<ConfigProblem> problems) {
		if (!(entry.node() instanceof MappingNode mapping)) {
			problems.add(new ConfigProblem(entry.file(), ConfigRepoLoader.line(entry.node()), entry.path(),
					"a backend must be a mapping with at least name and url"));
			return null;
		}
		Map<String, ScalarNode> fields = new HashMap<>();
		Map<String, Node> structured = new HashMap<>();
		for (NodeTuple tuple : mapping.getValue()) {
			String key = ((ScalarNode) tuple.getKeyNode()).getValue();
			if (fields.containsKey(key) || structured.containsKey(key)) {
				problems.add(at(entry, tuple.getKeyNode(), key, "appears more than once"));
			}
			else if (!FIELDS.contains(key)) {
				problems.add(at(entry, tuple.getKeyNode(), key, "unknown field (allowed: access, auth, description, "
						+ "enabled, max-call-duration, max-call-duration-per-tool, name, prefix, timeout, transport, url; "
						+ "with transport stdio: args, command, env, idle-timeout, max-processes, sharing; with transport "
						+ "openapi: openapi)"));
			}
			else if (STRUCTURED.contains(key)) {
				structured.put(key, tuple.getValueNode());
			}
			else if (!(tuple.getValueNode() instanceof ScalarNode scalar)) {
				problems.add(at(entry, tuple.getValueNode(), key, "must be a single value, not a list or mapping"));
			}
			else {
				fields.put(key, scalar);
			}
		}
		String name = text(entry, fields, "name", true, problems);
		BackendTransport transport = this.transports.validate(entry, fields, structured, problems);
		boolean stdio = transport instanceof BackendTransport.Stdio || TransportEntries.isStdio(fields);
		if (stdio && fields.containsKey("url")) {
			problems.add(at(entry, fields.get("url"), "url", "a stdio backend has no url: the gateway starts its command"));
		}
		String url = stdio ? null : text(entry, fields, "url", true, problems);
		String prefix = text(entry, fields, "prefix", false, problems);
		String description = text(entry, fields, "description", false, problems);
		String timeout = text(entry, fields, "timeout", false, problems);
		if (name != null && !RFC_1123_LABEL.matcher(name).matches()) {
			problems.add(at(entry, fields.get("name"), "name", "'" + fields.get("name").getValue() + "' is not an RFC 1123 label: at most 63 "
					+ "lowercase letters, digits and '-', starting and ending with a letter or digit"));
		}
		if (prefix != null && !PREFIX.matcher(prefix).matches()) {
			problems.add(at(entry, fields.get("prefix"), "prefix", "'" + fields.get("prefix").getValue() + "' must be at most 32 lowercase "
					+ "letters, digits and '-', starting and ending with a letter or digit"));
		}
		// A stdio backend is named by its process, in messages and the status page, as stdio:<name>.
		URI uri = stdio ? (name == null ? null : URI.create("stdio:" + name))
				: url == null ? null : uri(entry, fields.get("url"), url, problems);
		Duration duration = timeout == null ? DEFAULT_TIMEOUT : duration(entry, fields.get("timeout"), timeout, problems);
		boolean enabled = enabled(entry, fields.get("enabled"), problems);
		Node accessNode = structured.get("access");
		BackendAccess access = accessNode == null ? BackendAccess.EVERYONE : this.access.validate(entry, accessNode, problems);
		Node authNode = structured.get("auth");
		if (stdio && authNode != null) {
			problems.add(at(entry, authNode, "auth", "a stdio backend takes no auth: nothing travels over a network; "
					+ "give the process its credentials through env"));
			return null;
		}
		BackendAuth auth = authNode == null ? BackendAuth.GATEWAY_JWT : this.auth.validate(entry, authNode, problems);
		LongCalls longCalls = this.longCalls.validate(entry, fields.get(LongCallEntries.MAX),
				structured.get(LongCallEntries.PER_TOOL), problems);
		if (name == null || uri == null || duration == null || access == null || auth == null || longCalls == null
				|| transport == null) {
			return null;
		}
		return new BackendDefinition(name, uri, prefix != null ? prefix : name, enabled, duration, longCalls, description,
				access, auth, transport, entry.file() + ":" + ConfigRepoLoader.line(mapping));
	}

	private @Nullable String text(Entry entry, Map<String, ScalarNode> fields, String field, boolean required,
			List<ConfigProblem> problems) {
		ScalarNode node = fields.get(field);
		if (node == null) {
			if (required) {
				problems.add(new ConfigProblem(entry.file(), ConfigRepoLoader.line(entry.node()), path(entry, field),
						"is required"));
			}
			return null;
		}
		return resolved(entry, node, path(entry, field), problems);
	}

	/** A value with its {@code ${NAME}} references resolved; null (and a problem) when one is not set. */
	@Nullable String resolved(Entry entry, ScalarNode node, String path, List<ConfigProblem> problems) {
		if (!isText(node)) {
			problems.add(notText(entry, node, path));
			return null;
		}
		Matcher references = ENVIRONMENT_REFERENCE.matcher(node.getValue());
		StringBuilder resolved = new StringBuilder();
		while (references.find()) {
			String value = this.environment.apply(references.group(1));
			if (value == null) {
				problems.add(new ConfigProblem(entry.file(), ConfigRepoLoader.line(node), path, "references environment "
						+ "variable " + references.group(1) + ", which is not set"));
				return null;
			}
			references.appendReplacement(resolved, Matcher.quoteReplacement(value));
		}
		references.appendTail(resolved);
		return resolved.toString();
	}

	/**
	 * Whether YAML reads the scalar as a string. A number, boolean or null is refused rather than read as its
	 * text: editors (and the JSON Schema) see {@code 0123} as 123 and {@code description:} as null.
	 */
	static boolean isText(ScalarNode node) {
		return Tag.STR.equals(node.getTag());
	}

	static ConfigProblem notText(Entry entry, ScalarNode node, String path) {
		return new ConfigProblem(entry.file(), ConfigRepoLoader.line(node), path, node.getValue().isEmpty() ? "is empty"
				: "'" + node.getValue() + "' reads as a number or boolean in YAML: put it in quotes");
	}

	// Messages quote the text as written, never with ${NAME} resolved: resolved values may be secrets, and
	// messages go to logs and the status endpoint.
	private static @Nullable URI uri(Entry entry, ScalarNode node, String url, List<ConfigProblem> problems) {
		try {
			URI uri = new URI(url);
			if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
				problems.add(at(entry, node, "url", "'" + node.getValue() + "' must be an absolute http or https URL, e.g. "
						+ "http://cnpg-backend.mcp.svc:8081/mcp"));
				return null;
			}
			if (uri.getUserInfo() != null) {
				problems.add(at(entry, node, "url", "must not carry credentials: secrets never live in the config repo"));
				return null;
			}
			return uri;
		}
		catch (URISyntaxException e) {
			problems.add(at(entry, node, "url", "'" + node.getValue() + "' is not a URL: " + e.getReason()));
			return null;
		}
	}

	private static @Nullable Duration duration(Entry entry, ScalarNode node, String text, List<ConfigProblem> problems) {
		try {
			Duration duration = DurationStyle.SIMPLE.parse(text);
			if (duration.compareTo(MIN_TIMEOUT) < 0 || duration.compareTo(MAX_TIMEOUT) > 0) {
				problems.add(at(entry, node, "timeout", "'" + node.getValue() + "' is out of range: use 1s to 5m"));
				return null;
			}
			if (!DURATION.matcher(text).matches()) {
				problems.add(at(entry, node, "timeout", "'" + node.getValue() + "' must be a whole number of ms, s or m "
						+ "(lowercase, no sign), e.g. 1500ms, 30s or 2m"));
				return null;
			}
			return duration;
		}
		catch (IllegalArgumentException e) {
			problems.add(at(entry, node, "timeout", "'" + node.getValue() + "' is not a duration: write e.g. 1500ms, 30s or 2m"));
			return null;
		}
	}

	private static boolean enabled(Entry entry, @Nullable ScalarNode node, List<ConfigProblem> problems) {
		if (node == null) {
			return true;
		}
		if (!Tag.BOOL.equals(node.getTag()) || !BOOLEANS.contains(node.getValue())) {
			problems.add(at(entry, node, "enabled", "'" + node.getValue() + "' must be true or false"));
			return false;
		}
		return Boolean.parseBoolean(node.getValue());
	}

	static ConfigProblem at(Entry entry, Node node, String field, String message) {
		return new ConfigProblem(entry.file(), ConfigRepoLoader.line(node), path(entry, field), message);
	}

	static String path(Entry entry, String field) {
		return entry.path().isEmpty() ? field : entry.path() + "." + field;
	}

}
