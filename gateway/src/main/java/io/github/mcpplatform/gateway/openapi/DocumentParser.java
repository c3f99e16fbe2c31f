package io.github.mcpplatform.gateway.openapi;

import org.snakeyaml.engine.v2.api.LoadSettings;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads one document, JSON or YAML, into a tree. YAML aliases are not expanded (Jackson's plain YAML factory
 * does not replay anchors), so a small document cannot grow into a huge tree; the size was bounded before.
 */
final class DocumentParser {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final YAMLMapper yaml;

	/** @param maxChars the longest document read (YAML's own default limit is 3 MB) */
	DocumentParser(int maxChars) {
		this.yaml = YAMLMapper.builder(YAMLFactory.builder()
			.loadSettings(LoadSettings.builder().setCodePointLimit(Math.max(maxChars, 1)).build())
			.build()).build();
	}

	/** The document's tree; fails with what is wrong and where (line, when the parser knows it). */
	JsonNode parse(String name, String text) {
		String trimmed = text.stripLeading();
		try {
			JsonNode tree = trimmed.startsWith("{") ? JSON.readTree(text) : this.yaml.readTree(text);
			if (tree == null || tree.isMissingNode()) {
				throw new DocumentException(name + " is empty");
			}
			return tree;
		}
		catch (JacksonException e) {
			String where = e.getLocation() != null && e.getLocation().getLineNr() > 0 ? " at line " + e.getLocation().getLineNr()
					: "";
			throw new DocumentException(name + " is not valid " + (trimmed.startsWith("{") ? "JSON" : "YAML") + where + ": "
					+ e.getOriginalMessage());
		}
	}

}
