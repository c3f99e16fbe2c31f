package io.github.mcpplatform.cnpg.kube;

import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * An open connection to a Kubernetes API server, with how it was chosen.
 *
 * @param client the fabric8 client; blocking, so call it only through {@link KubeCalls}
 * @param mode the mode that was actually used ({@link KubernetesMode#AUTO} is resolved)
 * @param defaultNamespace where tool calls act when they name no namespace
 * @param description a one-line, secret-free description for logs and server instructions
 * @param sandbox the in-memory API server when {@code mode} is {@link KubernetesMode#SANDBOX}
 */
public record KubernetesConnection(KubernetesClient client, KubernetesMode mode, String defaultNamespace,
		String description, @Nullable Sandbox sandbox) implements AutoCloseable {

	public boolean isSandbox() {
		return this.mode == KubernetesMode.SANDBOX;
	}

	@Override
	public void close() {
		this.client.close();
		if (this.sandbox != null) {
			this.sandbox.close();
		}
	}

}
