/**
 * The resource server in front of the MCP endpoints: RFC 9728 metadata, bearer-token validation on every
 * request, and the 401/403 challenges that tell clients how to sign in.
 */
@NullMarked
package io.github.mcpplatform.gateway.resourceserver;

import org.jspecify.annotations.NullMarked;
