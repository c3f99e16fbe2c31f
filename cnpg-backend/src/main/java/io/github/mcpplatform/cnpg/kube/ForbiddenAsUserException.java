package io.github.mcpplatform.cnpg.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The API server refused (403) a call the backend made as a person: their RBAC does not allow it, or the
 * backend may not impersonate them. A {@link KubernetesClientException} still, with the same code and status,
 * so that code which tells errors apart by their code keeps working; it adds who the call acted as.
 */
public final class ForbiddenAsUserException extends KubernetesClientException {

	private final KubeUser user;

	ForbiddenAsUserException(KubernetesClientException forbidden, KubeUser user) {
		super(forbidden.getMessage(), forbidden, forbidden.getCode(), forbidden.getStatus(), null);
		this.user = user;
	}

	public KubeUser user() {
		return this.user;
	}

	/**
	 * Whether the API server refused the impersonation itself (the backend's own identity lacks
	 * {@code impersonate}), rather than what the person asked for.
	 */
	public boolean isImpersonationRefused() {
		String message = getStatus() != null && getStatus().getMessage() != null ? getStatus().getMessage()
				: String.valueOf(getMessage());
		return message.contains("cannot impersonate");
	}

}
