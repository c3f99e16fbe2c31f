package io.github.mcpplatform.gateway.backend;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

/**
 * The one header that proves the gateway to a backend on one request, or none. Its {@code toString} never shows
 * the value.
 *
 * @param header the header's name, or null for none
 * @param value its value, or null for none
 */
public record BackendCredential(@Nullable String header, @Nullable String value) {

	/** No credentials at all. */
	public static final BackendCredential NONE = new BackendCredential(null, null);

	public static BackendCredential bearer(String token) {
		return new BackendCredential(HttpHeaders.AUTHORIZATION, "Bearer " + token);
	}

	/** Puts the header on a request (replacing any of the same name). */
	public void applyTo(HttpHeaders headers) {
		if (this.header != null && this.value != null) {
			headers.set(this.header, this.value);
		}
	}

	@Override
	public String toString() {
		return this.header == null ? "BackendCredential[none]" : "BackendCredential[" + this.header + ": (secret)]";
	}

}
