package io.github.mcpplatform.gateway.openapi;

/** An operation the gateway cannot call as declared: it is left out, with why, and the others stay. */
final class UnsupportedOperation extends RuntimeException {

	UnsupportedOperation(String message) {
		super(message, null, false, false);
	}

}
