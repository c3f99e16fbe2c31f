package io.github.mcpplatform.gateway.configrepo;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

import io.github.mcpplatform.gateway.configrepo.BackendEntries.Entry;

/** Checks the {@code transport} field of a backend entry and the fields of the kind it names. */
final class TransportEntries {

	private final StdioEntries stdio;

	private final boolean stdioEnabled;

	private final OpenApiEntries openApi;

	TransportEntries(BackendEntries entries, boolean stdioEnabled, Map<String, String> openApiDocuments) {
		this.stdio = new StdioEntries(entries);
		this.stdioEnabled = stdioEnabled;
		this.openApi = new OpenApiEntries(entries, openApiDocuments);
	}

	static boolean isStdio(Map<String, ScalarNode> fields) {
		return fields.containsKey("transport") && "stdio".equals(fields.get("transport").getValue());
	}

	/** The entry's {@code transport} with the fields of its kind; null, with the problems said, when not valid. */
	@Nullable BackendTransport validate(Entry entry, Map<String, ScalarNode> fields, Map<String, Node> structured,
			List<ConfigProblem> problems) {
		ScalarNode node = fields.get("transport");
		String kind = node == null ? "streamable-http" : node.getValue();
		if (!"stdio".equals(kind)) {
			for (String field : StdioEntries.FIELDS) {
				Node stray = fields.containsKey(field) ? fields.get(field) : structured.get(field);
				if (stray != null) {
					problems.add(BackendEntries.at(entry, stray, field, "applies only to transport: stdio"));
				}
			}
		}
		if (!"openapi".equals(kind) && structured.containsKey(OpenApiEntries.FIELD)) {
			problems.add(BackendEntries.at(entry, structured.get(OpenApiEntries.FIELD), OpenApiEntries.FIELD,
					"applies only to transport: openapi"));
		}
		if (node != null && !BackendEntries.isText(node)) {
			problems.add(BackendEntries.notText(entry, node, BackendEntries.path(entry, "transport")));
			return null;
		}
		// Taken as written, without environment references: how the gateway reaches a backend (and whether it runs
		// a command) is part of what a review of the repository must see.
		return switch (kind) {
			case "streamable-http" -> BackendTransport.STREAMABLE_HTTP;
			case "sse" -> BackendTransport.SSE;
			case "stdio" -> {
				if (!this.stdioEnabled) {
					problems.add(BackendEntries.at(entry, node, "transport", "stdio backends are off on this gateway: a config repo "
							+ "commit would become a command it runs. To allow it, set gateway.backends.stdio.enabled=true "
							+ "(see docs/backends.md, stdio backends)"));
					yield null;
				}
				yield this.stdio.validate(entry, fields, structured, problems);
			}
			case "openapi" -> this.openApi.validate(entry, structured.get(OpenApiEntries.FIELD), problems);
			default -> {
				problems.add(BackendEntries.at(entry, node, "transport", "'" + kind + "' is not a transport: use streamable-http (the "
						+ "default), sse, stdio or openapi"));
				yield null;
			}
		};
	}

}
