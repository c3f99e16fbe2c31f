@NullMarked
package io.github.mcpplatform.cnpg.tools;

import org.jspecify.annotations.NullMarked;
