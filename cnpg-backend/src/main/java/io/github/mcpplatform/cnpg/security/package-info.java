/** Who may call the backend: nobody checked ({@code none}) or gateway-minted JWTs only ({@code gateway}). */
@NullMarked
package io.github.mcpplatform.cnpg.security;

import org.jspecify.annotations.NullMarked;
