package io.github.mcpplatform.cnpg.security;

import java.util.Map;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import reactor.core.publisher.Mono;

/**
 * Who is calling, as the gateway's token says. Spring Security puts the authenticated token in the Reactor
 * context of the request, and the MCP SDK's streamable HTTP transport runs tool handlers inside that
 * context (it subscribes to the handler within the response's subscription, whose context it passes on), so a
 * tool call reads it here without anything being stored per session.
 */
public final class Callers {

	private Callers() {
	}

	/** The claims of the caller's token; empty when the call came with none ({@code cnpg.auth.mode=none}). */
	public static Mono<Map<String, Object>> claims() {
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull(SecurityContext::getAuthentication)
			.filter(JwtAuthenticationToken.class::isInstance)
			.map(authentication -> ((JwtAuthenticationToken) authentication).getToken().getClaims());
	}

}
