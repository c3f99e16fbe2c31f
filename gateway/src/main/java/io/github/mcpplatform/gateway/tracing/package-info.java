/**
 * Traces (OpenTelemetry through Micrometer Tracing, off by default): the spans of a routed request and the W3C
 * {@code traceparent} it carries to its backend. The lowest package: it imports nothing of the gateway's.
 */
@NullMarked
package io.github.mcpplatform.gateway.tracing;

import org.jspecify.annotations.NullMarked;
