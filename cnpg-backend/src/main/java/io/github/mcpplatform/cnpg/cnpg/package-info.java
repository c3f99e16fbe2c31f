@NullMarked
package io.github.mcpplatform.cnpg.cnpg;

import org.jspecify.annotations.NullMarked;
