/** The gateway's front MCP protocol: merging backend lists and routing calls. */
@NullMarked
package io.github.mcpplatform.gateway.mcp;

import org.jspecify.annotations.NullMarked;
