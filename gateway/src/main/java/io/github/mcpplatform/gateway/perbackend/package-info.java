/**
 * Per-backend routes ({@code /backends/{name}/mcp}): one backend, unmerged, under its own tool names, proxied by
 * spring-cloud-gateway with the same identity swap as the merged endpoint.
 */
@NullMarked
package io.github.mcpplatform.gateway.perbackend;

import org.jspecify.annotations.NullMarked;
