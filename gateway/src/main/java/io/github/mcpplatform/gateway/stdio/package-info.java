/**
 * stdio backends: the local processes the gateway starts from the config repo's {@code command}, supervises
 * (restart with backoff, stderr to the log, stop on removal and shutdown) and shares between client sessions, each
 * of which gets a {@link io.github.mcpplatform.gateway.upstream.BackendChannel} with request ids of its own.
 */
@NullMarked
package io.github.mcpplatform.gateway.stdio;

import org.jspecify.annotations.NullMarked;
