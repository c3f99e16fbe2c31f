package io.github.mcpplatform.gateway.openapi;

import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.github.mcpplatform.gateway.configrepo.BackendTransport.OpenApi;
import io.github.mcpplatform.gateway.configrepo.BackendTransport.OperationRule;

/**
 * Which operations of a document become tools, as the backend's entry says: read-only unless it says
 * {@code writes: true}, no DELETE unless it also says {@code destructive: true}, never OPTIONS or TRACE; then its
 * {@code include} rules (all operations when there are none) minus its {@code exclude} rules.
 */
final class OperationSelector {

	private final OpenApi entry;

	OperationSelector(OpenApi entry) {
		this.entry = entry;
	}

	/** Why the operation is left out, or null when it is offered. */
	@Nullable String refusal(String method, String path, @Nullable String operationId, List<String> tags) {
		switch (method) {
			case "GET", "HEAD" -> {
			}
			case "DELETE" -> {
				if (!this.entry.writes() || !this.entry.destructive()) {
					return "DELETE needs writes: true and destructive: true";
				}
			}
			case "POST", "PUT", "PATCH" -> {
				if (!this.entry.writes()) {
					return method + " needs writes: true";
				}
			}
			default -> {
				return method + " is never offered";
			}
		}
		if (!this.entry.include().isEmpty()
				&& this.entry.include().stream().noneMatch(rule -> matches(rule, method, path, operationId, tags))) {
			return "matches no include rule";
		}
		if (this.entry.exclude().stream().anyMatch(rule -> matches(rule, method, path, operationId, tags))) {
			return "matches an exclude rule";
		}
		return null;
	}

	static boolean matches(OperationRule rule, String method, String path, @Nullable String operationId, List<String> tags) {
		return (rule.method() == null || rule.method().equals(method))
				&& (rule.operation() == null || rule.operation().equals(operationId))
				&& (rule.tag() == null || tags.contains(rule.tag()))
				&& (rule.path() == null || glob(rule.path()).matcher(path).matches());
	}

	/** {@code *} is one path segment (or part of one), {@code **} any number of segments. */
	static Pattern glob(String glob) {
		StringBuilder regex = new StringBuilder();
		for (int i = 0; i < glob.length(); i++) {
			char c = glob.charAt(i);
			if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
				regex.append(".*");
				i++;
			}
			else if (c == '*') {
				regex.append("[^/]*");
			}
			else {
				regex.append(Pattern.quote(String.valueOf(c)));
			}
		}
		return Pattern.compile(regex.toString());
	}

}
