package io.github.mcpplatform.gateway.resourceserver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * A protected MCP endpoint: the path(s) it is served on, its RFC 9728 metadata, and which tokens it accepts.
 * The resource identifier of a request is the gateway's public URL followed by the request path
 * ({@code https://gw.example.com/mcp}); its metadata lives at the path-inserted well-known URL.
 *
 * @param pathPattern the request paths ({@code /mcp}, {@code /backends/*}{@code /mcp})
 * @param publicUrl the gateway's public URL, no trailing slash
 * @param authorizationServer the issuer of the tokens it accepts
 * @param audiences for a request path, the {@code aud} values a token may carry (one is enough)
 * @param scopes the scopes a token needs (empty: none)
 * @param verifier checks a token's signature, issuer and expiry and says who it names
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9728">RFC 9728: OAuth 2.0 Protected Resource Metadata</a>
 */
public record ProtectedResource(String pathPattern, String publicUrl, String authorizationServer,
		Function<String, Set<String>> audiences, List<String> scopes, AccessTokenVerifier verifier) {

	static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

	public ProtectedResource {
		scopes = List.copyOf(scopes);
	}

	/** Parsed once per pattern: a resource is matched against every request. */
	private static final Map<String, PathPattern> PATTERNS = new ConcurrentHashMap<>();

	private PathPattern parsed() {
		return PATTERNS.computeIfAbsent(this.pathPattern, PathPatternParser.defaultInstance::parse);
	}

	public boolean matches(String requestPath) {
		return parsed().matches(PathContainer.parsePath(requestPath));
	}

	/** The canonical resource identifier of a request to {@code requestPath}. */
	public String resource(String requestPath) {
		return this.publicUrl + requestPath;
	}

	/** The absolute URL of the metadata for {@code requestPath}, as the 401 challenge names it. */
	public String metadataUrl(String requestPath) {
		return this.publicUrl + WELL_KNOWN + requestPath;
	}

	/** The RFC 9728 document; {@code resource} is exactly the URL its well-known URL was built from (3.3). */
	public Map<String, Object> metadata(String requestPath) {
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("resource", resource(requestPath));
		metadata.put("authorization_servers", List.of(this.authorizationServer));
		metadata.put("bearer_methods_supported", List.of("header"));
		if (!this.scopes.isEmpty()) {
			metadata.put("scopes_supported", this.scopes);
		}
		metadata.put("resource_name", "MCP gateway");
		return metadata;
	}

}
