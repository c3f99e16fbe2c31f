package io.github.mcpplatform.gateway.resourceserver;

import reactor.core.publisher.Mono;

/** Checks a bearer token's signature, issuer and lifetime; the audience is checked by the caller. */
@FunctionalInterface
public interface AccessTokenVerifier {

	/** The verified token, or an error ({@link InvalidTokenException}) when it is not acceptable. */
	Mono<VerifiedToken> verify(String token);

	/** A bearer token that is not acceptable; the message is safe to show the client (it never holds the token). */
	final class InvalidTokenException extends RuntimeException {

		public InvalidTokenException(String message) {
			super(message, null, false, false);
		}

	}

}
