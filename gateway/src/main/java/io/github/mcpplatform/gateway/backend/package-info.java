/** Connections to backend MCP servers, their tool catalogs, and the merged view across them. */
@NullMarked
package io.github.mcpplatform.gateway.backend;

import org.jspecify.annotations.NullMarked;
