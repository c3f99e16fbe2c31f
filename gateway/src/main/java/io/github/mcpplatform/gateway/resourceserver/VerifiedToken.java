package io.github.mcpplatform.gateway.resourceserver;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.github.mcpplatform.gateway.identity.GatewayUser;

/**
 * What a valid access token says.
 *
 * @param user who it was issued to
 * @param audiences its {@code aud}
 * @param scopes its {@code scope}, split
 * @param expires its {@code exp}; it is not accepted from then on
 * @param grantId the sign-in it belongs to ({@code grant_id}), checked for revocation; null for tokens of
 *     other issuers
 */
public record VerifiedToken(GatewayUser user, Set<String> audiences, Set<String> scopes, Instant expires,
		@Nullable String grantId) {

	public VerifiedToken {
		audiences = Set.copyOf(audiences);
		scopes = Set.copyOf(scopes);
	}

	static Set<String> scopes(Object claim) {
		if (claim instanceof String text) {
			return text.isBlank() ? Set.of() : Set.copyOf(Arrays.asList(text.trim().split("\\s+")));
		}
		if (claim instanceof List<?> list) {
			return Set.copyOf(list.stream().map(String::valueOf).toList());
		}
		return Set.of();
	}

}
