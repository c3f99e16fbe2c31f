package io.github.mcpplatform.gateway.configrepo;

/**
 * One thing wrong in the config repo, located precisely enough to fix without searching.
 *
 * @param file path relative to the config root, e.g. {@code backends/cnpg.yaml}
 * @param line 1-based line, or 0 when the problem is the file as a whole
 * @param field the field's path, e.g. {@code backends[1].url}, or empty
 */
public record ConfigProblem(String file, int line, String field, String message) {

	@Override
	public String toString() {
		return this.file + (this.line > 0 ? ":" + this.line : "") + (this.field.isEmpty() ? "" : " " + this.field) + ": "
				+ this.message;
	}

}
