package io.github.mcpplatform.cnpg.tools;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.mcpplatform.cnpg.cnpg.ClusterView;
import io.github.mcpplatform.cnpg.cnpg.RoleView;

/** Text renderings of clusters, for the text format. */
final class ClusterText {

	private ClusterText() {
	}

	static String list(String scope, List<ClusterView> clusters, boolean detailed) {
		if (clusters.isEmpty()) {
			return "No PostgreSQL clusters in " + scope + ". Create one with create_postgres_cluster.";
		}
		StringBuilder text = new StringBuilder(clusters.size() + " PostgreSQL cluster(s) in " + scope + ":\n");
		clusters.forEach(c -> text.append(cluster(c, detailed, "- ")).append('\n'));
		return text.toString().stripTrailing();
	}

	static String cluster(ClusterView c, boolean detailed, String bullet) {
		StringBuilder text = new StringBuilder(bullet).append(c.name())
			.append(" (namespace ")
			.append(c.namespace())
			.append("): ")
			.append(c.health());
		String indent = " ".repeat(bullet.length());
		if (c.image() != null || c.storageSize() != null) {
			text.append('\n').append(indent).append("image ").append(orUnknown(c.image()));
			text.append(", storage ").append(orUnknown(c.storageSize()));
			if (c.storageClass() != null) {
				text.append(" (class ").append(c.storageClass()).append(')');
			}
		}
		if (!detailed) {
			return text.toString();
		}
		if (c.phaseReason() != null) {
			text.append('\n').append(indent).append("phase reason: ").append(c.phaseReason());
		}
		if (c.instancesStatus() != null) {
			text.append('\n').append(indent).append("instances: ").append(inline(c.instancesStatus()));
		}
		if (c.conditions() != null) {
			c.conditions()
				.forEach(condition -> text.append('\n')
					.append(indent)
					.append("condition ")
					.append(condition.get("type"))
					.append('=')
					.append(condition.get("status"))
					.append(condition.get("message") == null ? "" : ": " + condition.get("message")));
		}
		if (c.parameters() != null && !c.parameters().isEmpty()) {
			text.append('\n').append(indent).append("parameters: ").append(inline(c.parameters()));
		}
		List<RoleView> roles = c.managedRoles();
		text.append('\n')
			.append(indent)
			.append("managed roles: ")
			.append(roles == null || roles.isEmpty() ? "none"
					: roles.stream().map(r -> r.name() + " (" + r.ensure() + ")").collect(Collectors.joining(", ")));
		return text.toString();
	}

	private static String inline(Map<String, Object> map) {
		return map.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
	}

	private static String orUnknown(Object value) {
		return value == null ? "unknown" : value.toString();
	}

}
