/** Clients' MCP sessions with the gateway and the backend sessions opened for them. */
@NullMarked
package io.github.mcpplatform.gateway.session;

import org.jspecify.annotations.NullMarked;
