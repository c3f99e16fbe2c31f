package io.github.mcpplatform.gateway.policy;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.mcpplatform.gateway.identity.GatewayUser;

/**
 * Who may see and use one backend: everyone signed in, or only members of some groups and some named users.
 * A user it does not admit finds no trace of the backend: its tools, prompts, resources and instructions are
 * left out of what that user lists, and its names answer as unknown ones, so that a restricted backend does
 * not tell who else has it.
 *
 * <p>
 * The groups are the {@code groups} claim the identity provider gave at sign-in, so a change of membership
 * takes effect at the user's next sign-in or token refresh.
 *
 * @param groups names of groups whose members are admitted, compared exactly
 * @param users users admitted by subject ({@code sub}) or by e-mail address (compared without regard to case);
 *     an address counts only when the identity provider verified it ({@link GatewayUser#email()})
 */
public record BackendAccess(Set<String> groups, Set<String> users) {

	/** No restriction: every signed-in user. */
	public static final BackendAccess EVERYONE = new BackendAccess(Set.of(), Set.of());

	public BackendAccess {
		groups = Set.copyOf(groups);
		users = users.stream().map(user -> user.contains("@") ? user.toLowerCase(Locale.ROOT) : user)
			.collect(Collectors.toUnmodifiableSet());
	}

	/** Whether this is {@link #EVERYONE}. */
	public boolean isEveryone() {
		return this.groups.isEmpty() && this.users.isEmpty();
	}

	public boolean admits(GatewayUser user) {
		if (isEveryone() || this.users.contains(user.subject())
				|| (user.email() != null && this.users.contains(user.email().toLowerCase(Locale.ROOT)))) {
			return true;
		}
		for (String group : user.groups()) {
			if (this.groups.contains(group)) {
				return true;
			}
		}
		return false;
	}

}
