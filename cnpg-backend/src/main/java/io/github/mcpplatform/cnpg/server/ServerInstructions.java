package io.github.mcpplatform.cnpg.server;

import io.github.mcpplatform.cnpg.kube.KubernetesConnection;

/** The instructions the server gives MCP clients at initialization. */
final class ServerInstructions {

	private ServerInstructions() {
	}

	/** With {@code actsAsCaller} ({@code cnpg.kubernetes.impersonate}), says that refusals are the caller's. */
	static String of(KubernetesConnection connection, boolean actsAsCaller) {
		return actsAsCaller ? of(connection) + " Every Kubernetes call acts as the person using these tools, with "
				+ "their own Kubernetes permissions: a forbidden (403) answer means that person may not do it." : of(connection);
	}

	static String of(KubernetesConnection connection) {
		String instructions = """
				Manages PostgreSQL clusters run by the CloudNativePG operator on Kubernetes: clusters, their \
				roles, databases, backups and PgBouncer poolers, day-2 operations (switchover, restart, \
				reload, hibernation, fencing) and diagnosis (health per instance, events, logs, connection \
				info); restores go into new clusters. Tools act in namespace '%s' unless a namespace is given; \
				list_postgres_clusters takes all_namespaces=true. Mutating tools take dry_run=true to check the \
				change without making it, and deletions and operations that interrupt service need \
				confirm=true. Every tool names the cluster cluster_name (cluster tools also take name). \
				Passwords are generated on the server and stay in Kubernetes secrets unless \
				reveal_password=true is passed."""
			.formatted(connection.defaultNamespace());
		if (connection.isSandbox()) {
			instructions = "THIS IS A SANDBOX: an in-memory Kubernetes API with no CNPG operator. Changes are "
					+ "stored but nothing runs, new clusters never become ready, and everything is lost when the "
					+ "backend stops. A sample cluster 'pg-sample' exists in namespace 'default', with a backup taken a day ago.\n\n" + instructions;
		}
		return instructions;
	}

}
