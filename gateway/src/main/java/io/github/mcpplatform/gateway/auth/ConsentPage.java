package io.github.mcpplatform.gateway.auth;

import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.HtmlUtils;

import reactor.core.publisher.Mono;

/**
 * The HTML the person sees: the consent page (which client, which redirect host, which access) and error
 * pages. Served with anti-framing headers and no referrer, never cached.
 */
final class ConsentPage {

	private ConsentPage() {
	}

	static ServerResponse.BodyBuilder htmlHeaders(ServerResponse.BodyBuilder response) {
		return response.contentType(MediaType.TEXT_HTML)
			.cacheControl(CacheControl.noStore())
			.header("X-Frame-Options", "DENY")
			// No form-action: Chrome applies it along the whole redirect chain and would block custom schemes.
			.header("Content-Security-Policy",
					"default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'")
			.header("Referrer-Policy", "no-referrer")
			.header("X-Content-Type-Options", "nosniff");
	}

	/** @param pinnedNotice why the client's registration came from a pinned copy, or null when it did not */
	static String consent(RegisteredClient client, @Nullable String pinnedNotice, String redirectUri, String scope,
			String transaction, String csrfToken) {
		String clientId = client.clientId();
		return page("Allow access?", """
				<p><strong>%s</strong> wants to use the MCP gateway's tools as you.</p>
				<p>After you sign in, it receives access at <strong>%s</strong><br><small>%s</small></p>
				<p>Access: %s. Client id: <code>%s</code>.</p>%s
				<p>Allow only if you started this sign-in from that application.</p>
				<form method="post" action="/consent">
				<input type="hidden" name="transaction" value="%s">
				<input type="hidden" name="csrf_token" value="%s">
				<button type="submit" name="decision" value="approve">Allow</button>
				<button type="submit" name="decision" value="deny">Deny</button>
				</form>""".formatted(escape(client.clientName()), escape(RedirectUris.host(redirectUri)), escape(redirectUri),
				escape(scope), escape(clientId), documentNotice(clientId, redirectUri)
						+ (pinnedNotice == null ? "" : "\n<p>" + escape(pinnedNotice) + "</p>"),
				escape(transaction), escape(csrfToken)));
	}

	/**
	 * A client that identifies by a URL vouches for itself: say whose domain published it, and warn when the
	 * code goes to this computer, where any program could have published that URL's client as its own
	 * (MCP 2025-11-25, "Localhost Redirect URI Risks").
	 */
	private static String documentNotice(String clientId, String redirectUri) {
		if (!ClientMetadataDocuments.isDocumentUrl(clientId)) {
			return "";
		}
		String notice = "\n<p>Its name and addresses come from a document published on <strong>"
				+ escape(RedirectUris.host(clientId)) + "</strong>.</p>";
		if (RedirectUris.isLoopback(redirectUri)) {
			notice += "\n<p><strong>Careful:</strong> the access goes to a program on this computer, and any program "
					+ "here can claim that name.</p>";
		}
		return notice;
	}

	static Mono<ServerResponse> error(org.springframework.http.HttpStatus status, String message) {
		return htmlHeaders(ServerResponse.status(status))
			.bodyValue(page("Sign-in failed", "<p>" + escape(message) + "</p><p>Start again from your application.</p>"));
	}

	/** A 429 page that says when to try again (RFC 6585 section 4). */
	static Mono<ServerResponse> tooManyRequests(java.time.Duration retryAfter, String message) {
		return htmlHeaders(ServerResponse.status(org.springframework.http.HttpStatus.TOO_MANY_REQUESTS))
			.header("Retry-After", String.valueOf(retryAfter.toSeconds()))
			.bodyValue(page("Please wait", "<p>" + escape(message) + "</p>"));
	}

	private static String page(String title, String body) {
		return """
				<!doctype html><html lang="en"><head><meta charset="utf-8"><title>%s</title>
				<style>body{font-family:sans-serif;max-width:36em;margin:3em auto;line-height:1.5}button{margin-right:1em}</style>
				</head><body><h1>%s</h1>%s</body></html>""".formatted(escape(title), escape(title), body);
	}

	private static String escape(String text) {
		return HtmlUtils.htmlEscape(text);
	}

}
