package io.github.mcpplatform.idpsetup;

/** The command was given options it cannot work with; the message says which and what to give instead. */
final class UsageException extends RuntimeException {

	UsageException(String message) {
		super(message, null, false, false);
	}

}
