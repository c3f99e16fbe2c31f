/**
 * The CloudNativePG MCP backend. Packages: {@code kube} (how the backend reaches Kubernetes, and the one
 * adapter for blocking calls), {@code cnpg} (typed access to CNPG resources and the manifests sent),
 * {@code tools} (the MCP tools as data, with validated parameters), {@code output} (results, errors and
 * truncation), {@code server} (MCP server settings and startup).
 */
@NullMarked
package io.github.mcpplatform.cnpg;

import org.jspecify.annotations.NullMarked;
