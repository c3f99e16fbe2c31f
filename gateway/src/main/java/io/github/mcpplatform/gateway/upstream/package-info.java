/**
 * How the gateway talks to one backend: an {@link io.github.mcpplatform.gateway.upstream.Upstream} per backend,
 * of the kind its discovery or its declaration chose (streamable HTTP with or without sessions, the stateless
 * era), so that the client-facing side never asks which kind it is talking to, except where a stateless client
 * meets a backend that may ask mid-call.
 */
@NullMarked
package io.github.mcpplatform.gateway.upstream;

import org.jspecify.annotations.NullMarked;
