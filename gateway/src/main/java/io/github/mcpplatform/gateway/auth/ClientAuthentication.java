package io.github.mcpplatform.gateway.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;

import reactor.core.publisher.Mono;

/**
 * Who is asking at {@code /token} and {@code /revoke}: a registered client with the credentials it registered
 * with, or a client identified by its metadata document URL. Empty for anyone else, which both endpoints answer
 * with {@code invalid_client}.
 *
 * @see <a href="https://www.ietf.org/archive/id/draft-ietf-oauth-v2-1-13.html#section-2.4">OAuth 2.1 client
 *     authentication</a>
 */
final class ClientAuthentication {

	private final AuthRecords records;

	private final boolean acceptsDocuments;

	/**
	 * @param acceptsDocuments whether clients may identify by a metadata document URL
	 */
	ClientAuthentication(AuthRecords records, boolean acceptsDocuments) {
		this.records = records;
		this.acceptsDocuments = acceptsDocuments;
	}

	/** The client, authenticated as it registered (public: none; confidential: its secret, post or basic). */
	Mono<RegisteredClient> authenticate(ServerRequest request, MultiValueMap<String, String> form) {
		String clientId = form.getFirst("client_id");
		String secret = form.getFirst("client_secret");
		String basic = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
		if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
			String basicId;
			// Bad base64 or a bad % escape (RFC 6749 section 2.3.1 form-encodes both parts) is invalid_client.
			try {
				String decoded = new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8);
				int colon = decoded.indexOf(':');
				if (colon < 0) {
					return Mono.empty();
				}
				basicId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
				secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException e) {
				return Mono.empty();
			}
			if (clientId != null && !clientId.equals(basicId)) {
				return Mono.empty();
			}
			clientId = basicId;
		}
		if (clientId == null) {
			return Mono.empty();
		}
		String presented = secret;
		Mono<RegisteredClient> known;
		if (ClientMetadataDocuments.isDocumentUrl(clientId)) {
			// A client_id URL is a public client whose document /authorize checked; its codes and refresh tokens
			// are bound to that client_id, so the token endpoint needs nothing more from the document.
			known = this.acceptsDocuments ? Mono.just(new RegisteredClient(clientId, null, clientId, List.of(), "none", 0))
					: Mono.empty();
		}
		else {
			known = this.records.get(AuthRecords.CLIENT + clientId, RegisteredClient.class);
		}
		return known.filter(client -> {
			if (client.isPublic()) {
				return presented == null;
			}
			return presented != null && client.secretHash() != null && Secrets.same(client.secretHash(), Secrets.hash(presented));
		});
	}

}
