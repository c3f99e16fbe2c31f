package io.github.mcpplatform.cnpg.kube;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Who a tool call acts as in Kubernetes when {@code cnpg.kubernetes.impersonate} is on: the user and groups the
 * claims of the gateway's token name, with the configured prefixes.
 *
 * <p>
 * A name goes into an HTTP header and into RBAC decisions, so it must be printable ASCII, and it must not start
 * with {@code system:}, the prefix Kubernetes reserves for its own users and groups: a group of the identity
 * provider called {@code system:masters} would otherwise make its members cluster administrators. Such a
 * token is refused, not cleaned up, so that nobody acts with other rights than the ones they were given.
 *
 * @see <a href="https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation">Kubernetes
 *     user impersonation</a>
 * @see <a href="https://kubernetes.io/docs/reference/access-authn-authz/authentication/#openid-connect-tokens">API
 *     server OIDC flags, whose claim and prefix settings these mirror</a>
 */
public final class Impersonation {

	/** The claim of the gateway's backend token that lists the person's groups. */
	public static final String GROUPS_CLAIM = "groups";

	static final String RESERVED_PREFIX = "system:";

	static final int MAX_NAME_LENGTH = 256;

	private final boolean enabled;

	private final String userClaim;

	private final String userPrefix;

	private final String groupPrefix;

	private Impersonation(boolean enabled, String userClaim, String userPrefix, String groupPrefix) {
		this.enabled = enabled;
		this.userClaim = userClaim;
		this.userPrefix = userPrefix;
		this.groupPrefix = groupPrefix;
	}

	/** Every call runs as the backend's own Kubernetes identity. */
	public static Impersonation off() {
		return new Impersonation(false, "email", "", "");
	}

	/** What {@code cnpg.kubernetes.impersonate*} asks for. */
	public static Impersonation of(KubernetesProperties properties) {
		return new Impersonation(properties.impersonate(), properties.impersonateUserClaim(),
				properties.impersonateUserPrefix(), properties.impersonateGroupPrefix());
	}

	public boolean enabled() {
		return this.enabled;
	}

	/**
	 * The Kubernetes user the claims of a caller's token name.
	 *
	 * @throws RefusedException saying, for the caller, what is missing or not allowed; nothing has been sent
	 */
	public KubeUser userFor(Map<String, ?> claims) {
		Object user = claims.get(this.userClaim);
		if (!(user instanceof String value) || value.isBlank()) {
			throw new RefusedException("This backend acts in Kubernetes as the person who calls it, and the caller's "
					+ "token has no '" + this.userClaim + "' claim to name them by, so nothing was sent to Kubernetes. "
					+ ("email".equals(this.userClaim) ? "The gateway passes an e-mail address on only when the identity "
							+ "provider verified it: sign in with a verified address, or ask the platform team to " : "Ask "
							+ "the platform team to ") + "choose another claim (cnpg.kubernetes.impersonate-user-claim).");
		}
		String name = checked("user", this.userPrefix + value);
		List<String> groups = new ArrayList<>();
		Object listed = claims.get(GROUPS_CLAIM);
		if (listed != null) {
			if (!(listed instanceof Collection<?> values)) {
				throw new RefusedException("The caller's token has a '" + GROUPS_CLAIM + "' claim that is not a list, so "
						+ "nothing was sent to Kubernetes. Ask the platform team to check the gateway's groups mapping.");
			}
			for (Object group : values) {
				groups.add(checked("group", this.groupPrefix + group));
			}
		}
		return new KubeUser(name, groups);
	}

	private static String checked(String what, String name) {
		// Spaces only inside: HTTP drops them at the ends of a header value, which would name someone else.
		boolean printable = !name.isBlank() && name.equals(name.strip()) && name.length() <= MAX_NAME_LENGTH
				&& name.chars().allMatch(c -> c >= 0x20 && c <= 0x7E);
		if (!printable) {
			throw new RefusedException("The caller's " + what + " name cannot be sent to Kubernetes (it must be 1 to "
					+ MAX_NAME_LENGTH + " printable ASCII characters, no space at either end), so nothing was sent. Ask the platform team to "
					+ "rename it in the identity provider or to choose another claim.");
		}
		if (name.startsWith(RESERVED_PREFIX)) {
			throw new RefusedException("The caller's " + what + " '" + name + "' starts with '" + RESERVED_PREFIX
					+ "', which Kubernetes reserves for its own components; the backend never acts as one, so nothing "
					+ "was sent. Ask the platform team to set cnpg.kubernetes.impersonate-" + what
					+ "-prefix (e.g. 'oidc:') or to rename it in the identity provider.");
		}
		return name;
	}

	/** A token that names nobody the backend may act as; the message is written for the caller. */
	public static final class RefusedException extends RuntimeException {

		RefusedException(String message) {
			super(message);
		}

	}

}
