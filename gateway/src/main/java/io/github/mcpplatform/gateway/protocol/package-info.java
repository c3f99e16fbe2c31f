/**
 * The MCP vocabulary, at the bottom of the house: JSON-RPC messages and error values, header names and their
 * encoding, protocol versions, the gateway's naming rules (tool names, resource URIs, server request ids) and SSE
 * framing. Every other package speaks MCP through these; none of them is defined twice.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic">MCP base protocol</a>
 */
@NullMarked
package io.github.mcpplatform.gateway.protocol;

import org.jspecify.annotations.NullMarked;
