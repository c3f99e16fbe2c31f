package io.github.mcpplatform.idpsetup.http;

/** A management API refused a call or did not answer; the message says which call and why, without secrets. */
public final class ApiException extends RuntimeException {

	public ApiException(String message) {
		super(message, null, false, false);
	}

}
