package io.github.mcpplatform.cnpg.output;

/** How a tool renders its text content; structured content is always sent as well. */
public enum Format {

	/** Readable lines for people and models. */
	TEXT,

	/** The structured content, serialized: for callers that parse the text. */
	JSON

}
