package io.github.mcpplatform.gateway.backend;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.netty.channel.ConnectTimeoutException;

/** The backend cannot be reached or did not answer as MCP requires. */
public final class BackendUnavailableException extends RuntimeException {

	/** @param problem what went wrong, in words a client may read: never an address or a secret */
	public BackendUnavailableException(BackendDefinition backend, String problem) {
		super("backend '" + backend.name() + "' " + problem);
	}

	public BackendUnavailableException(BackendDefinition backend, Throwable cause) {
		super("backend '" + backend.name() + "' " + describe(backend, cause), cause);
	}

	/**
	 * What went wrong, in words a client may read: the message of a network error names the backend's
	 * address, which stays inside (the cause, with it, is logged).
	 */
	private static String describe(BackendDefinition backend, Throwable cause) {
		// WebClient wraps the network error; the connector alone does not.
		for (Throwable e = cause; e != null; e = e.getCause()) {
			if (e instanceof TimeoutException) {
				return "did not answer within " + backend.timeout().toMillis() + " ms";
			}
			if (e instanceof ConnectTimeoutException) {
				return "did not accept the connection in time";
			}
			if (e instanceof ConnectException) {
				return "refused the connection";
			}
			if (e instanceof UnknownHostException) {
				return "has a host name that does not resolve";
			}
			if (e instanceof IOException) {
				return "closed the connection";
			}
		}
		return "is unavailable (" + cause.getClass().getSimpleName() + ")";
	}

}
