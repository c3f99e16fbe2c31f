package io.github.mcpplatform.cnpg.kube;

import java.util.List;

/**
 * The Kubernetes user a call acts as when the backend impersonates the person who made it: the
 * {@code Impersonate-User} header and one {@code Impersonate-Group} header per group.
 *
 * @param name the user name, as Kubernetes RBAC bindings name it ({@code subjects[].name} of kind {@code User})
 * @param groups the groups, as RBAC bindings name them (kind {@code Group})
 * @see <a href="https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation">Kubernetes
 *     user impersonation</a>
 */
public record KubeUser(String name, List<String> groups) {

	public KubeUser {
		groups = List.copyOf(groups);
	}

	/** How messages name this user: {@code alice@example.com (groups: db-team, dev)}. */
	public String describe() {
		return this.groups.isEmpty() ? this.name : this.name + " (groups: " + String.join(", ", this.groups) + ")";
	}

}
