/** The gateway's static configuration and wiring. */
@NullMarked
package io.github.mcpplatform.gateway.config;

import org.jspecify.annotations.NullMarked;
