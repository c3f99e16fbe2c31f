package io.github.mcpplatform.gateway.openapi;

/**
 * Why an OpenAPI document cannot be offered as tools, in words for the config status: it is not OpenAPI 3, too
 * large, refers outside its origin, or its references go round in a circle.
 */
final class DocumentException extends RuntimeException {

	DocumentException(String message) {
		super(message, null, false, false);
	}

}
