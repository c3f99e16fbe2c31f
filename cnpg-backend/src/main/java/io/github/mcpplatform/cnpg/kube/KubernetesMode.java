package io.github.mcpplatform.cnpg.kube;

/** How the backend reaches a Kubernetes API server ({@code cnpg.kubernetes.mode}). */
public enum KubernetesMode {

	/** In-cluster service account if running in a pod, else the kubeconfig, else a startup error. */
	AUTO,

	/** The pod's service account token, CA and namespace. */
	IN_CLUSTER,

	/** The kubeconfig file ({@code KUBECONFIG} or {@code ~/.kube/config}) and its current context. */
	KUBECONFIG,

	/** An in-memory Kubernetes API with the CNPG CRDs and a sample cluster; nothing real is touched. */
	SANDBOX

}
