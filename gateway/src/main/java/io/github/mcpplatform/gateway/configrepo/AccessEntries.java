package io.github.mcpplatform.gateway.configrepo;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import io.github.mcpplatform.gateway.configrepo.BackendEntries.Entry;
import io.github.mcpplatform.gateway.policy.BackendAccess;

/**
 * Checks the {@code access} field of a backend entry:
 *
 * <pre>
 * access:
 *   groups: [dba, platform]        # members of any of these groups
 *   users: [alice@example.com]     # and these users, by e-mail address or subject
 * </pre>
 */
final class AccessEntries {

	private static final Set<String> FIELDS = Set.of("groups", "users");

	private static final int MAX_VALUE_LENGTH = 256;

	private final BackendEntries entries;

	AccessEntries(BackendEntries entries) {
		this.entries = entries;
	}

	/** The access the node declares; null, with the problems said, when it is not valid. */
	@Nullable BackendAccess validate(Entry entry, Node node, List<ConfigProblem> problems) {
		String path = BackendEntries.path(entry, "access");
		if (!(node instanceof MappingNode mapping)) {
			problems.add(problem(entry, node, path, "must be a mapping with groups, users or both, e.g. "
					+ "access: {groups: [dba]}; leave access out to let every signed-in user in"));
			return null;
		}
		int before = problems.size();
		Map<String, Set<String>> lists = new LinkedHashMap<>();
		for (NodeTuple tuple : mapping.getValue()) {
			String key = ((ScalarNode) tuple.getKeyNode()).getValue();
			String field = path + "." + key;
			if (!FIELDS.contains(key)) {
				problems.add(problem(entry, tuple.getKeyNode(), field, "unknown field (allowed: groups, users)"));
			}
			else if (lists.containsKey(key)) {
				problems.add(problem(entry, tuple.getKeyNode(), field, "appears more than once"));
			}
			else {
				lists.put(key, values(entry, tuple.getValueNode(), field, problems));
			}
		}
		Set<String> groups = lists.getOrDefault("groups", Set.of());
		Set<String> users = lists.getOrDefault("users", Set.of());
		if (problems.size() > before) {
			return null;
		}
		if (groups.isEmpty() && users.isEmpty()) {
			problems.add(problem(entry, node, path, "lets nobody in: list groups or users, leave access out to let "
					+ "every signed-in user in, or set enabled: false"));
			return null;
		}
		return new BackendAccess(groups, users);
	}

	private Set<String> values(Entry entry, Node node, String path, List<ConfigProblem> problems) {
		if (!(node instanceof SequenceNode sequence)) {
			problems.add(problem(entry, node, path, "must be a list, e.g. [dba, platform]"));
			return Set.of();
		}
		Set<String> values = new LinkedHashSet<>();
		for (int i = 0; i < sequence.getValue().size(); i++) {
			Node item = sequence.getValue().get(i);
			String itemPath = path + "[" + i + "]";
			if (!(item instanceof ScalarNode scalar)) {
				problems.add(problem(entry, item, itemPath, "must be a single name, not a list or mapping"));
				continue;
			}
			String value = this.entries.resolved(entry, scalar, itemPath, problems);
			if (value == null) {
				continue;
			}
			if (value.isBlank() || !value.strip().equals(value) || value.length() > MAX_VALUE_LENGTH) {
				problems.add(problem(entry, item, itemPath, "'" + scalar.getValue() + "' must be a name of 1 to "
						+ MAX_VALUE_LENGTH + " characters without surrounding spaces"));
			}
			else {
				values.add(value);
			}
		}
		return values;
	}

	private static ConfigProblem problem(Entry entry, Node node, String path, String message) {
		return new ConfigProblem(entry.file(), ConfigRepoLoader.line(node), path, message);
	}

}
