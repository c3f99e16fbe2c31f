@NullMarked
package io.github.mcpplatform.cnpg.kube;

import org.jspecify.annotations.NullMarked;
