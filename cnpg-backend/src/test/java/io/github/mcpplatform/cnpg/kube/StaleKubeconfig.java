package io.github.mcpplatform.cnpg.kube;

/** A kubeconfig whose only context points at a port where nothing listens: a laptop cluster that is stopped. */
final class StaleKubeconfig {

	private StaleKubeconfig() {
	}

	static String pointingAt(int port, String context) {
		return """
				apiVersion: v1
				kind: Config
				clusters:
				- name: stopped
				  cluster:
				    server: https://127.0.0.1:%d
				    insecure-skip-tls-verify: true
				users:
				- name: someone
				  user:
				    token: not-a-real-token
				contexts:
				- name: %s
				  context:
				    cluster: stopped
				    user: someone
				    namespace: default
				current-context: %s
				""".formatted(port, context, context);
	}

}
