/**
 * REST APIs as tools: a backend declared by its OpenAPI document ({@code transport: openapi}). The document is
 * read without the network beyond its own origin, converted into tools (read-only unless the config repo says
 * otherwise), and each call is validated against the tool's input schema before the one HTTP request it makes to
 * the API's declared base URL. The backend is an {@link io.github.mcpplatform.gateway.upstream.Upstream} that
 * answers in the gateway's own process: there is no MCP server behind it.
 *
 * @see <a href="https://spec.openapis.org/oas/v3.1.0">OpenAPI 3.1</a>
 */
@NullMarked
package io.github.mcpplatform.gateway.openapi;

import org.jspecify.annotations.NullMarked;
