package io.github.mcpplatform.gateway.backend;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.netty.channel.ConnectTimeoutException;

/** The backend cannot be reached or did not answer as MCP requires. */
public final class BackendUnavailableException extends RuntimeException {

	private final boolean mayHaveArrived;

	/** @param problem what went wrong, in words a client may read: never an address or a secret */
	public BackendUnavailableException(BackendDefinition backend, String problem) {
		super("backend '" + backend.name() + "' " + problem);
		this.mayHaveArrived = false;
	}

	public BackendUnavailableException(BackendDefinition backend, Throwable cause) {
		super("backend '" + backend.name() + "' " + describe(backend, cause), cause);
		this.mayHaveArrived = mayHaveArrived(cause);
	}

	private BackendUnavailableException(String message, Throwable cause, boolean mayHaveArrived) {
		super(message, cause);
		this.mayHaveArrived = mayHaveArrived;
	}

	/**
	 * The same failure, of a request the backend had already received when it happened (a channel's message was
	 * sent, then the channel broke): the work may have been done.
	 */
	public BackendUnavailableException afterArrival() {
		return this.mayHaveArrived ? this : new BackendUnavailableException(getMessage(), this, true);
	}

	/**
	 * Whether the backend may have received the request, and may be doing (or have done) its work: the request
	 * went out and no answer came in time, or the connection closed after it went out. A refused connection, a
	 * name that does not resolve or an error status means the work was not done.
	 */
	public boolean mayHaveArrived() {
		return this.mayHaveArrived;
	}

	private static boolean mayHaveArrived(Throwable cause) {
		for (Throwable e = cause; e != null; e = e.getCause()) {
			if (e instanceof ConnectTimeoutException || e instanceof ConnectException || e instanceof UnknownHostException) {
				return false;
			}
			if (e instanceof TimeoutException || e instanceof IOException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * What went wrong, in words a client may read: the message of a network error names the backend's
	 * address, which stays inside (the cause, with it, is logged).
	 */
	private static String describe(BackendDefinition backend, Throwable cause) {
		// WebClient wraps the network error; the connector alone does not.
		for (Throwable e = cause; e != null; e = e.getCause()) {
			if (e instanceof TimeoutException) {
				return "did not start answering within " + backend.timeout().toMillis() + " ms";
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
