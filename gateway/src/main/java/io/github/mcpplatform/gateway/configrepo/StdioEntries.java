package io.github.mcpplatform.gateway.configrepo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import io.github.mcpplatform.gateway.configrepo.BackendTransport.EnvValue;
import io.github.mcpplatform.gateway.configrepo.BackendTransport.Sharing;
import io.github.mcpplatform.gateway.configrepo.BackendTransport.Stdio;

/**
 * Checks the fields of a {@code transport: stdio} backend:
 *
 * <pre>
 * transport: stdio
 * sharing: shared                      # or per-user (then max-processes, idle-timeout)
 * command: node                        # no shell: run as written
 * args: [/opt/mcp/everything/dist/index.js, stdio]
 * env:
 *   LOG_LEVEL: info                    # a literal, only when neither name nor value looks like a secret
 *   GITHUB_TOKEN: ${GITHUB_TOKEN}      # the gateway's environment variable, the whole value
 *   API_KEY: {file: /var/run/secrets/mcp/api-key}   # a file mounted into the pod, read at each start
 * </pre>
 *
 * A commit that declares a stdio backend becomes a command the gateway runs, so the gateway takes them only when
 * {@code gateway.backends.stdio.enabled=true}. The secret rules are written as patterns that the JSON Schema
 * ({@code config-repo/schema/backends.schema.json}) repeats word for word.
 */
final class StdioEntries {

	/** The fields only stdio backends take (besides {@code transport}). */
	static final Set<String> FIELDS = Set.of("command", "args", "env", "sharing", "max-processes", "idle-timeout");

	/** The fields only per-user processes take. */
	private static final List<String> PER_USER_FIELDS = List.of("max-processes", "idle-timeout");

	static final int DEFAULT_MAX_PROCESSES = 10;

	static final int MAX_PROCESSES = 100;

	static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(15);

	/** Whole minutes (1 to 1440) or hours (1 to 24), as the JSON Schema allows. */
	private static final Pattern IDLE_TIMEOUT = Pattern
		.compile("(([1-9]|[1-9][0-9]|[1-9][0-9]{2}|1[0-3][0-9]{2}|14[0-3][0-9]|1440)m|([1-9]|1[0-9]|2[0-4])h)");

	private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	/** Variables the gateway sets itself for per-user processes (the user's identity). */
	static final String RESERVED_PREFIX = "MCP_GATEWAY_";

	/** A variable whose name says it holds a secret takes no literal value. Any case. */
	static final Pattern SECRET_NAME = Pattern.compile(
			"TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|PWD|KEY|CREDENTIAL|AUTH|COOKIE|PRIVATE|BEARER|SESSION",
			Pattern.CASE_INSENSITIVE);

	/**
	 * A value (or, in {@code --option=value}, the part after the first {@code =}) that looks like a secret: a
	 * token with a well-known prefix (GitHub, GitLab, OpenAI/Stripe, Slack, AWS, Google, a JWT), a PEM block, or 32
	 * or more token characters mixing letters and digits (an API key, a hex or base64 secret). Paths (they start
	 * with {@code /}) and ordinary words pass.
	 */
	static final Pattern SECRET_VALUE = Pattern.compile("^([^=]*=)?((ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|glpat-|sk-|"
			+ "sk_live_|xox[abprs]-|AKIA|ASIA|AIza|eyJ)[A-Za-z0-9_.+/=-]{8,}|(?=[A-Za-z0-9_+/=-]*[0-9])"
			+ "(?=[A-Za-z0-9_+/=-]*[A-Za-z])[A-Za-z0-9_+=-][A-Za-z0-9_+/=-]{31,})$|-----BEGIN");

	private static final Pattern ONE_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

	private final BackendEntries entries;

	StdioEntries(BackendEntries entries) {
		this.entries = entries;
	}

	/** The process the entry declares; null, with the problems said, when it is not valid. */
	@Nullable Stdio validate(Entry entry, Map<String, ScalarNode> fields, Map<String, Node> structured,
			List<ConfigProblem> problems) {
		int before = problems.size();
		ScalarNode commandNode = fields.get("command");
		String command = null;
		if (commandNode == null) {
			problems.add(problem(entry, entry.node(), "command", "is required for transport stdio: the program to run, "
					+ "e.g. node or /usr/local/bin/my-mcp-server"));
		}
		else if (!BackendEntries.isText(commandNode)) {
			problems.add(BackendEntries.notText(entry, commandNode, BackendEntries.path(entry, "command")));
		}
		else if (commandNode.getValue().isEmpty() || !commandNode.getValue().matches("\\S+")
				|| commandNode.getValue().contains("${")) {
			problems.add(problem(entry, commandNode, "command", "must be one program name or path, without spaces or "
					+ "${...}: the gateway runs it without a shell, and arguments go in args"));
		}
		else {
			command = commandNode.getValue();
		}
		List<String> args = args(entry, structured.get("args"), problems);
		Map<String, EnvValue> env = env(entry, structured.get("env"), problems);
		Sharing sharing = sharing(entry, fields.get("sharing"), problems);
		int maxProcesses = DEFAULT_MAX_PROCESSES;
		Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
		if (sharing == Sharing.SHARED) {
			for (String field : PER_USER_FIELDS) {
				if (fields.containsKey(field)) {
					problems.add(problem(entry, fields.get(field), field, "applies only to sharing: per-user"));
				}
			}
		}
		ScalarNode max = fields.get("max-processes");
		if (max != null && sharing == Sharing.PER_USER) {
			if (!Tag.INT.equals(max.getTag()) || !max.getValue().matches("[1-9][0-9]{0,2}")
					|| Integer.parseInt(max.getValue()) > MAX_PROCESSES) {
				problems.add(problem(entry, max, "max-processes", "'" + max.getValue() + "' must be a whole number from 1 to "
						+ MAX_PROCESSES));
			}
			else {
				maxProcesses = Integer.parseInt(max.getValue());
			}
		}
		ScalarNode idle = fields.get("idle-timeout");
		if (idle != null && sharing == Sharing.PER_USER) {
			if (!BackendEntries.isText(idle) || !IDLE_TIMEOUT.matcher(idle.getValue()).matches()) {
				problems.add(problem(entry, idle, "idle-timeout", "'" + idle.getValue() + "' must be whole minutes or hours "
						+ "from 1m to 24h, e.g. 15m or 2h"));
			}
			else {
				String text = idle.getValue();
				long amount = Long.parseLong(text.substring(0, text.length() - 1));
				idleTimeout = text.endsWith("h") ? Duration.ofHours(amount) : Duration.ofMinutes(amount);
			}
		}
		if (problems.size() > before || command == null || sharing == null) {
			return null;
		}
		return new Stdio(command, args, env, sharing, maxProcesses, idleTimeout);
	}

	private static List<String> args(Entry entry, @Nullable Node node, List<ConfigProblem> problems) {
		List<String> args = new ArrayList<>();
		if (node == null) {
			return args;
		}
		String path = BackendEntries.path(entry, "args");
		if (!(node instanceof SequenceNode sequence)) {
			problems.add(new ConfigProblem(entry.file(), ConfigRepoLoader.line(node), path, "must be a list of strings, "
					+ "e.g. args: [server.js, --read-only]"));
			return args;
		}
		for (int i = 0; i < sequence.getValue().size(); i++) {
			Node item = sequence.getValue().get(i);
			String at = path + "[" + i + "]";
			if (!(item instanceof ScalarNode scalar) || !BackendEntries.isText(scalar)) {
				problems.add(item instanceof ScalarNode scalar ? BackendEntries.notText(entry, scalar, at)
						: new ConfigProblem(entry.file(), ConfigRepoLoader.line(item), at, "must be a string"));
			}
			else if (scalar.getValue().contains("${")) {
				problems.add(new ConfigProblem(entry.file(), ConfigRepoLoader.line(item), at, "takes no ${...}: arguments "
						+ "are visible to every process in the pod; pass values through env instead"));
			}
			else if (SECRET_VALUE.matcher(scalar.getValue()).find()) {
				problems.add(new ConfigProblem(entry.file(), ConfigRepoLoader.line(item), at, "looks like a secret: "
						+ "secrets never live in the config repo; pass it through env as ${VARIABLE} or {file: /path}"));
			}
			else {
				args.add(scalar.getValue());
			}
		}
		return args;
	}

	private Map<String, EnvValue> env(Entry entry, @Nullable Node node, List<ConfigProblem> problems) {
		Map<String, EnvValue> env = new LinkedHashMap<>();
		if (node == null) {
			return env;
		}
		String path = BackendEntries.path(entry, "env");
		if (!(node instanceof MappingNode mapping)) {
			problems.add(new ConfigProblem(entry.file(), ConfigRepoLoader.line(node), path, "must be a mapping of "
					+ "variable names to values, e.g. env: {LOG_LEVEL: info, API_KEY: ${SEARCH_API_KEY}}"));
			return env;
		}
		for (NodeTuple tuple : mapping.getValue()) {
			String name = ((ScalarNode) tuple.getKeyNode()).getValue();
			String at = path + "." + name;
			if (!VARIABLE.matcher(name).matches() || name.startsWith(RESERVED_PREFIX)) {
				problems.add(new ConfigProblem(entry.file(), ConfigRepoLoader.line(tuple.getKeyNode()), at, "'" + name
						+ "' is not a variable the gateway can set: letters, digits and '_', not starting with a digit "
						+ "or with " + RESERVED_PREFIX + " (the gateway's own)"));
			}
			else if (env.containsKey(name)) {
				problems.add(new ConfigProblem(entry.file(), ConfigRepoLoader.line(tuple.getKeyNode()), at,
						"appears more than once"));
			}
			else {
				EnvValue value = envValue(entry, name, tuple.getValueNode(), at, problems);
				if (value != null) {
					env.put(name, value);
				}
			}
		}
		return env;
	}

	private @Nullable EnvValue envValue(Entry entry, String name, Node node, String at, List<ConfigProblem> problems) {
		if (node instanceof MappingNode file) {
			if (file.getValue().size() != 1 || !"file".equals(((ScalarNode) file.getValue().get(0).getKeyNode()).getValue())
					|| !(file.getValue().get(0).getValueNode() instanceof ScalarNode pathNode)
					|| !BackendEntries.isText(pathNode) || !pathNode.getValue().startsWith("/")) {
				problems.add(new ConfigProblem(entry.file(), ConfigRepoLoader.line(node), at, "must be a string or "
						+ "{file: /absolute/path} (a file mounted into the gateway's pod)"));
				return null;
			}
			return new EnvValue.FromFile(Path.of(pathNode.getValue()));
		}
		if (!(node instanceof ScalarNode scalar) || !BackendEntries.isText(scalar)) {
			problems.add(node instanceof ScalarNode scalar ? BackendEntries.notText(entry, scalar, at)
					: new ConfigProblem(entry.file(), ConfigRepoLoader.line(node), at, "must be a string or {file: /path}"));
			return null;
		}
		String text = scalar.getValue();
		var reference = ONE_REFERENCE.matcher(text);
		if (reference.matches()) {
			String value = this.entries.resolved(entry, scalar, at, problems);
			return value == null ? null : new EnvValue.FromEnvironment(reference.group(1), value);
		}
		if (text.contains("${")) {
			problems.add(new ConfigProblem(entry.file(), ConfigRepoLoader.line(node), at, "a ${VARIABLE} reference must "
					+ "be the whole value"));
			return null;
		}
		if (SECRET_NAME.matcher(name).find() || SECRET_VALUE.matcher(text).find()) {
			// Said without the value: it may be a secret.
			problems.add(new ConfigProblem(entry.file(), ConfigRepoLoader.line(node), at, "looks like a secret ("
					+ (SECRET_NAME.matcher(name).find() ? "by its name" : "by its value") + "): secrets never live in the "
					+ "config repo; write ${VARIABLE} (the gateway's environment) or {file: /path} (a mounted file)"));
			return null;
		}
		return new EnvValue.Literal(text);
	}

	private static @Nullable Sharing sharing(Entry entry, @Nullable ScalarNode node, List<ConfigProblem> problems) {
		if (node == null) {
			problems.add(problem(entry, entry.node(), "sharing", "is required for transport stdio: shared (one process "
					+ "for every user, which then cannot tell users apart) or per-user (one process per user)"));
			return null;
		}
		return switch (node.getValue()) {
			case "shared" -> Sharing.SHARED;
			case "per-user" -> Sharing.PER_USER;
			default -> {
				problems.add(problem(entry, node, "sharing", "'" + node.getValue() + "' must be shared or per-user"));
				yield null;
			}
		};
	}

	private static ConfigProblem problem(Entry entry, Node node, String field, String message) {
		return new ConfigProblem(entry.file(), ConfigRepoLoader.line(node), BackendEntries.path(entry, field), message);
	}

}
