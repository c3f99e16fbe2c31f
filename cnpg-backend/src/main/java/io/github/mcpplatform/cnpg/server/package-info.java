@NullMarked
package io.github.mcpplatform.cnpg.server;

import org.jspecify.annotations.NullMarked;
