/** Who may see and call what: the access rules of backends, as the config repo declares them. */
@NullMarked
package io.github.mcpplatform.gateway.policy;

import org.jspecify.annotations.NullMarked;
