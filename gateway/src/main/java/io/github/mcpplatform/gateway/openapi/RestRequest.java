package io.github.mcpplatform.gateway.openapi;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One HTTP request to the API, built from a call's arguments ({@link RequestBuilder}).
 *
 * @param method upper case
 * @param uri absolute, already percent-encoded, on the API's base URL
 * @param headers the header parameters, each value checked for line breaks
 * @param body the JSON body, or null
 */
record RestRequest(String method, URI uri, List<Map.Entry<String, String>> headers, byte @Nullable [] body) {

	RestRequest {
		headers = List.copyOf(headers);
	}

	/** {@code GET /api/v3/pet/1}, for messages: no query (it may carry values the user would not have logged). */
	String label() {
		return this.method + " " + this.uri.getRawPath();
	}

}
