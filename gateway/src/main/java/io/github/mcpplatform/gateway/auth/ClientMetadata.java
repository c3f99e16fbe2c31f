package io.github.mcpplatform.gateway.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the gateway takes from a client's metadata (RFC 7591 section 2), whether the client registered it
 * ({@code /register}) or publishes it at its {@code client_id} URL: a name, a few redirect URIs that pass
 * {@link RedirectUris}, only the code and refresh grants, and how it authenticates at the token endpoint.
 */
record ClientMetadata(String clientName, List<String> redirectUris, String tokenEndpointAuthMethod) {

	static final int MAX_REDIRECT_URIS = 10;

	static final int MAX_NAME_LENGTH = 100;

	private static final Set<String> GRANT_TYPES = Set.of("authorization_code", "refresh_token");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Metadata that cannot be used, with the OAuth error code and a description for the client. */
	static final class InvalidMetadata extends RuntimeException {

		final String error;

		InvalidMetadata(String error, String description) {
			super(description, null, false, false);
			this.error = error;
		}

		InvalidMetadata(String description) {
			this("invalid_client_metadata", description);
		}

	}

	/** Parses {@code body} as a JSON object. */
	static JsonNode object(String body, String what) {
		JsonNode metadata;
		try {
			metadata = JSON.readTree(body);
		}
		catch (JacksonException e) {
			throw new InvalidMetadata(what + " is not JSON");
		}
		if (metadata == null || !metadata.isObject()) {
			throw new InvalidMetadata(what + " must be a JSON object");
		}
		return metadata;
	}

	/**
	 * @param authMethods the token endpoint authentication methods this kind of client may use
	 * @param defaultAuthMethod the method when the metadata names none
	 * @param document whether this is a published document rather than a registration: it must have a
	 *     {@code client_name}, and it may list grant types the gateway never issues (claude.ai's lists
	 *     {@code jwt-bearer}, VS Code's {@code device_code}) as long as it lists {@code authorization_code},
	 *     since a document, unlike a registration, cannot be answered with the grants actually allowed
	 *     (RFC 7591 §2); {@code /token} grants only those two whatever a document lists
	 */
	static ClientMetadata read(JsonNode metadata, Set<String> authMethods, String defaultAuthMethod, boolean document) {
		JsonNode uris = metadata.path("redirect_uris");
		if (!uris.isArray() || uris.isEmpty() || uris.size() > MAX_REDIRECT_URIS) {
			throw new InvalidMetadata("invalid_redirect_uri", "redirect_uris must list 1 to " + MAX_REDIRECT_URIS + " URIs");
		}
		List<String> redirectUris = new ArrayList<>();
		for (JsonNode uri : uris) {
			String problem = uri.isString() ? RedirectUris.problem(uri.asString()) : "redirect URIs must be strings";
			if (problem != null) {
				throw new InvalidMetadata("invalid_redirect_uri", problem);
			}
			redirectUris.add(uri.asString());
		}
		String method = metadata.path("token_endpoint_auth_method").asString(defaultAuthMethod);
		if (!authMethods.contains(method)) {
			throw new InvalidMetadata("token_endpoint_auth_method must be one of " + authMethods);
		}
		List<String> grants = strings(metadata.path("grant_types"));
		if (document && !grants.isEmpty() && !grants.contains("authorization_code")) {
			throw new InvalidMetadata("grant_types must include authorization_code, the only way the gateway signs in "
					+ "a client");
		}
		if (!document && !GRANT_TYPES.containsAll(grants)) {
			throw new InvalidMetadata("grant_types may hold only authorization_code and refresh_token");
		}
		if (!List.of("code").containsAll(strings(metadata.path("response_types")))) {
			throw new InvalidMetadata("response_types may hold only code");
		}
		String name = metadata.path("client_name").asString("").strip();
		if (name.isEmpty() && document) {
			throw new InvalidMetadata("client_name is required");
		}
		if (name.length() > MAX_NAME_LENGTH) {
			throw new InvalidMetadata("client_name is longer than " + MAX_NAME_LENGTH + " characters");
		}
		return new ClientMetadata(name.isEmpty() ? "Unnamed client" : name, List.copyOf(redirectUris), method);
	}

	/**
	 * A client metadata document published at {@code url} (fetched, or a pinned copy): it must name itself
	 * ({@code client_id} equal to the URL, character for character) and be a public client, since a document is
	 * public and can hold no secret.
	 */
	static RegisteredClient document(String url, String body) {
		JsonNode metadata;
		try {
			metadata = object(body, "the client's metadata document");
			if (!url.equals(metadata.path("client_id").asString(null))) {
				throw new InvalidMetadata("its client_id is not exactly the URL it is published at");
			}
			if (metadata.has("client_secret") || metadata.has("client_secret_expires_at")) {
				throw new InvalidMetadata("it holds a client secret, which a public document must not");
			}
			ClientMetadata client = read(metadata, Set.of("none"), "none", true);
			return new RegisteredClient(url, null, client.clientName(), client.redirectUris(), "none", 0);
		}
		catch (InvalidMetadata invalid) {
			throw new ClientMetadataDocuments.DocumentException(
					"the client's metadata document is not valid: " + invalid.getMessage());
		}
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach(value -> values.add(value.asString("")));
		return values;
	}

}
