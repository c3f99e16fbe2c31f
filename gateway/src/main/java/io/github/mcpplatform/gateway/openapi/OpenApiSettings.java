package io.github.mcpplatform.gateway.openapi;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The bounds of backends declared by an OpenAPI document ({@code gateway.backends.openapi.*}).
 *
 * @param maxDocumentSize the most a document and the documents it references may hold together; a larger one is
 *     refused and the backend keeps its last good tools
 * @param maxResponseSize the most of an API's answer read; a larger answer is an error result, not a cut one
 */
public record OpenApiSettings(@NotNull @DefaultValue("16MB") DataSize maxDocumentSize,
		@NotNull @DefaultValue("4MB") DataSize maxResponseSize) {

	static final String PREFIX = "gateway.backends.openapi";

	public static final OpenApiSettings DEFAULTS = new OpenApiSettings(DataSize.ofMegabytes(16), DataSize.ofMegabytes(4));

	public OpenApiSettings {
		if (maxDocumentSize != null && (maxDocumentSize.toBytes() < 1024 || maxDocumentSize.toBytes() > 256L * 1024 * 1024)) {
			throw new IllegalArgumentException(PREFIX + ".max-document-size must be 1KB to 256MB, was " + maxDocumentSize);
		}
		if (maxResponseSize != null && (maxResponseSize.toBytes() < 1024 || maxResponseSize.toBytes() > 256L * 1024 * 1024)) {
			throw new IllegalArgumentException(PREFIX + ".max-response-size must be 1KB to 256MB, was " + maxResponseSize);
		}
	}

}
