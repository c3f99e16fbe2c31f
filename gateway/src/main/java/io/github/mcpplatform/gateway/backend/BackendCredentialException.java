package io.github.mcpplatform.gateway.backend;

import io.github.mcpplatform.gateway.configrepo.BackendDefinition;

/**
 * The credential a backend needs for this user could not be had (the identity provider refused to exchange the
 * user's token, or there is no user token to exchange): the request fails, the backend itself may well be fine and
 * stays listed. The message names the backend and what the identity provider said, never a token or a secret.
 */
public final class BackendCredentialException extends RuntimeException {

	BackendCredentialException(BackendDefinition backend, String problem) {
		super("backend '" + backend.name() + "' " + problem, null, false, false);
	}

}
