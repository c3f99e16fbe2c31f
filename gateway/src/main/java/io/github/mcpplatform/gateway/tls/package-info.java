/**
 * TLS for the gateway's outbound connections: which certificate authorities it trusts.
 */
@NullMarked
package io.github.mcpplatform.gateway.tls;

import org.jspecify.annotations.NullMarked;
