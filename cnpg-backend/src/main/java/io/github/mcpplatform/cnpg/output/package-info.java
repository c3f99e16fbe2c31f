@NullMarked
package io.github.mcpplatform.cnpg.output;

import org.jspecify.annotations.NullMarked;
