/**
 * The OAuth 2.1 authorization server MCP clients sign in with: metadata, client registration, the
 * authorization endpoint with its consent page, the upstream identity provider's callback, and the token
 * and revocation endpoints.
 */
@NullMarked
package io.github.mcpplatform.gateway.auth;

import org.jspecify.annotations.NullMarked;
