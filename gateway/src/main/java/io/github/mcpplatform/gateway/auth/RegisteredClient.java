package io.github.mcpplatform.gateway.auth;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A client registered through RFC 7591 dynamic registration.
 *
 * @param secretHash the hash of its secret, for {@code client_secret_post}/{@code client_secret_basic};
 *     null for public clients ({@code none})
 */
record RegisteredClient(String clientId, @Nullable String secretHash, String clientName, List<String> redirectUris,
		String tokenEndpointAuthMethod, long issuedAt) {

	boolean isPublic() {
		return "none".equals(this.tokenEndpointAuthMethod);
	}

}
