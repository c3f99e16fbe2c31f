package io.github.mcpplatform.gateway.identity;

import java.net.URI;

import reactor.core.publisher.Mono;

/**
 * The signed-in user's own tokens at the upstream identity provider, for credentials that act on their behalf
 * there: an RFC 8693 token exchange turns the user's upstream access token into one for a backend. The sign-in
 * ({@link GatewayUser#signIn()}) names which tokens; the authorization server keeps them, sealed, and refreshes them
 * when they are about to expire. Without sign-in ({@code gateway.auth.mode=none}) there are none: see
 * {@link #NONE}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8693">RFC 8693: OAuth 2.0 Token Exchange</a>
 */
public interface SignedInTokens {

	/** The tokens of a gateway without sign-in: there are none, and every request for them says why. */
	SignedInTokens NONE = new SignedInTokens() {

		@Override
		public Mono<String> accessToken(String signIn) {
			return Mono.error(new UnavailableException(NO_SIGN_IN));
		}

		@Override
		public Mono<UpstreamClient> upstreamClient() {
			return Mono.error(new UnavailableException(NO_SIGN_IN));
		}

	};

	/** Why a gateway without sign-in has no user tokens. */
	String NO_SIGN_IN = "token exchange needs users signed in at the identity provider (gateway.auth.mode=oauth); "
			+ "this gateway has no sign-in (gateway.auth.mode=none), so there is no user token to exchange";

	/**
	 * The upstream access token of a sign-in, valid for at least a minute more (refreshed at the identity provider
	 * first when it is not).
	 *
	 * @throws UnavailableException (as the error) when the sign-in ended, cannot be opened, or its tokens cannot be
	 *     refreshed
	 */
	Mono<String> accessToken(String signIn);

	/** The gateway's own client at the upstream identity provider, and that provider's token endpoint. */
	Mono<UpstreamClient> upstreamClient();

	/**
	 * The gateway's client at the upstream identity provider, which by default also exchanges users' tokens.
	 *
	 * @param tokenEndpoint from the identity provider's discovery
	 */
	record UpstreamClient(URI tokenEndpoint, String clientId, String clientSecret) {

		@Override
		public String toString() {
			return "UpstreamClient[tokenEndpoint=" + this.tokenEndpoint + ", clientId=" + this.clientId
					+ ", clientSecret=(secret)]";
		}

	}

	/** The user's upstream tokens cannot be had; the message says why, with no token or secret in it. */
	final class UnavailableException extends RuntimeException {

		public UnavailableException(String message) {
			super(message, null, false, false);
		}

	}

}
