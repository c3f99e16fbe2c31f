/**
 * The config repo: the format in which a platform team declares the gateway's backends, read and
 * validated into immutable snapshots. Pulling it from Git comes on top of this.
 */
@NullMarked
package io.github.mcpplatform.gateway.configrepo;

import org.jspecify.annotations.NullMarked;
