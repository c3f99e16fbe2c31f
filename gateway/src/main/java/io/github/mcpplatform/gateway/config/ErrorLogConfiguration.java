package io.github.mcpplatform.gateway.config;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.Order;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Spring Boot's error handler logs the full request URI of every 500, and the stack trace it logs carries
 * Reactor checkpoints that name it again. On {@code /oauth/callback} that query is the identity provider's
 * authorization code and state, and {@code docs/operations.md} promises that no log line holds a code. So
 * unhandled errors reach Boot's handler through this one: with the query taken off the request (the log
 * and the error body keep the method and path), and as a copy of the error without Reactor's checkpoints.
 */
@Configuration(proxyBeanMethods = false)
class ErrorLogConfiguration {

	/** Before Boot's own handler (order -1), which it calls. */
	@Bean
	@Order(-2)
	WebExceptionHandler queryFreeErrorHandler(ErrorWebExceptionHandler boot) {
		return (exchange, error) -> boot.handle(exchange.mutate()
			.request(request -> request.uri(UriComponentsBuilder.fromUri(exchange.getRequest().getURI())
				.replaceQuery(null)
				.build(true)
				.toUri()))
			.build(), loggable(error));
	}

	/**
	 * An unexpected error (one Boot answers with 500 and logs) as its class, message, stack trace and causes,
	 * without the suppressed exceptions Reactor adds as checkpoints. Errors that carry their own status
	 * (404, 405, 413...) pass unchanged, so that their answer stays the same; Boot does not log those.
	 */
	static Throwable loggable(Throwable error) {
		if (error instanceof ErrorResponse
				|| MergedAnnotations.from(error.getClass(), MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
					.isPresent(ResponseStatus.class)) {
			return error;
		}
		return copy(error, 0);
	}

	private static UnexpectedError copy(Throwable error, int depth) {
		Throwable cause = error.getCause();
		UnexpectedError copy = new UnexpectedError(error.toString(), cause == null || cause == error || depth > 8 ? null
				: copy(cause, depth + 1));
		copy.setStackTrace(error.getStackTrace());
		return copy;
	}

	/** A copy of an error for the log: no suppressed exceptions, none can be added. */
	static final class UnexpectedError extends RuntimeException {

		UnexpectedError(String description, Throwable cause) {
			super(description, cause, false, true);
		}

	}

}
