package io.github.mcpplatform.gateway.mcp;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.github.mcpplatform.gateway.configrepo.BackendDefinition;

/**
 * A call its backend had accepted (its answer had started) that ended without a result: it ran out of time,
 * or the connection broke. Unlike a request that never reached the backend, the work may have been done, so
 * the client is told to check before it retries.
 */
final class AcceptedCallFailedException extends RuntimeException {

	AcceptedCallFailedException(BackendDefinition backend, Duration max, Throwable cause) {
		super("backend '" + backend.name() + "' accepted the request but " + (timedOut(cause)
				? "was still working on it after " + words(max) + ", the longest a call to it may run"
				: "the connection to it broke before its answer ended"), cause);
	}

	private static boolean timedOut(Throwable cause) {
		for (Throwable e = cause; e != null; e = e.getCause()) {
			if (e instanceof TimeoutException) {
				return true;
			}
		}
		return false;
	}

	private static String words(Duration duration) {
		long seconds = duration.toSeconds();
		if (seconds % 3600 == 0) {
			return seconds / 3600 + (seconds == 3600 ? " hour" : " hours");
		}
		if (seconds % 60 == 0) {
			return seconds / 60 + (seconds == 60 ? " minute" : " minutes");
		}
		return duration.toMillis() % 1000 == 0 ? seconds + " s" : duration.toMillis() + " ms";
	}

}
