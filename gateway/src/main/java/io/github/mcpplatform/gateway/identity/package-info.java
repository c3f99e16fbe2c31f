/** The gateway's identity towards backends: its signing key, the JWKS, and per-backend tokens. */
@NullMarked
package io.github.mcpplatform.gateway.identity;

import org.jspecify.annotations.NullMarked;
