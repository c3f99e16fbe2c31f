package io.github.mcpplatform.gateway.configrepo;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import io.github.mcpplatform.gateway.configrepo.BackendEntries.Entry;

/**
 * Checks the fields that bound long calls:
 *
 * <pre>
 * max-call-duration: 15m                  # a call the backend accepted may run this long
 * max-call-duration-per-tool:
 *   create_postgres_cluster: 20m          # by the backend's own tool name
 * </pre>
 */
final class LongCallEntries {

	static final String MAX = "max-call-duration";

	static final String PER_TOOL = "max-call-duration-per-tool";

	static final Duration LEAST = Duration.ofSeconds(1);

	static final Duration MOST = Duration.ofHours(2);

	/** Whole milliseconds, seconds, minutes or hours, as the JSON Schema allows. */
	private static final Pattern DURATION = Pattern.compile("[0-9]+(ms|s|m|h)");

	/** MCP's tool name rule (SEP-986): what a backend may call a tool. */
	private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

	private final BackendEntries entries;

	LongCallEntries(BackendEntries entries) {
		this.entries = entries;
	}

	/** The bounds the entry declares (the defaults for what it leaves out); null, with problems said, if invalid. */
	@Nullable LongCalls validate(Entry entry, @Nullable ScalarNode max, @Nullable Node perTool, List<ConfigProblem> problems) {
		int before = problems.size();
		Duration all = max == null ? LongCalls.DEFAULT.max() : duration(entry, max, BackendEntries.path(entry, MAX), problems);
		Map<String, Duration> tools = new LinkedHashMap<>();
		if (perTool != null) {
			String path = BackendEntries.path(entry, PER_TOOL);
			if (!(perTool instanceof MappingNode mapping)) {
				problems.add(problem(entry, perTool, path, "must be a mapping of tool names (the backend's own) to durations, "
						+ "e.g. {create_postgres_cluster: 20m}"));
				return null;
			}
			for (NodeTuple tuple : mapping.getValue()) {
				String tool = ((ScalarNode) tuple.getKeyNode()).getValue();
				String field = path + "." + tool;
				if (!TOOL_NAME.matcher(tool).matches()) {
					problems.add(problem(entry, tuple.getKeyNode(), field, "'" + tool + "' is not a tool name: 1 to 128 "
							+ "letters, digits, '_', '-' and '.'"));
				}
				else if (tools.containsKey(tool)) {
					problems.add(problem(entry, tuple.getKeyNode(), field, "appears more than once"));
				}
				else if (!(tuple.getValueNode() instanceof ScalarNode value)) {
					problems.add(problem(entry, tuple.getValueNode(), field, "must be a single duration, e.g. 20m"));
				}
				else {
					Duration duration = duration(entry, value, field, problems);
					if (duration != null) {
						tools.put(tool, duration);
					}
				}
			}
		}
		return problems.size() == before && all != null ? new LongCalls(all, tools) : null;
	}

	private @Nullable Duration duration(Entry entry, ScalarNode node, String path, List<ConfigProblem> problems) {
		String text = this.entries.resolved(entry, node, path, problems);
		if (text == null) {
			return null;
		}
		if (!DURATION.matcher(text).matches()) {
			problems.add(problem(entry, node, path, "'" + node.getValue() + "' must be a whole number of ms, s, m or h "
					+ "(lowercase, no sign), e.g. 90s, 15m or 1h"));
			return null;
		}
		Duration duration = DurationStyle.SIMPLE.parse(text);
		if (duration.compareTo(LEAST) < 0 || duration.compareTo(MOST) > 0) {
			problems.add(problem(entry, node, path, "'" + node.getValue() + "' is out of range: use 1s to 2h"));
			return null;
		}
		return duration;
	}

	private static ConfigProblem problem(Entry entry, Node node, String path, String message) {
		return new ConfigProblem(entry.file(), ConfigRepoLoader.line(node), path, message);
	}

}
