package io.github.mcpplatform.cnpg.output;

import java.util.function.Function;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.mcpplatform.cnpg.cnpg.ResourceNotFoundException;
import io.github.mcpplatform.cnpg.kube.ForbiddenAsUserException;
import io.github.mcpplatform.cnpg.kube.KubeCalls.KubeTimeoutException;

/**
 * Turns what went wrong into a message the model can act on, keyed on the Kubernetes status code.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/server/tools#error-handling">MCP
 *     tool error handling</a>
 */
public final class Failures {

	// The API server's message names the verb, resource and namespace that were refused.
	static final String RBAC_HINT = "The backend's Kubernetes identity lacks the RBAC permission named above. The "
			+ "chart grants what the tools need (cnpgBackend.rbac; a read-only install refuses every change); "
			+ "docs/kubernetes.md, section RBAC, lists the rules to grant otherwise.";

	private Failures() {
	}

	/**
	 * An {@code onErrorMap} function that describes Kubernetes failures as failing to do {@code action},
	 * e.g. {@code "scale cluster 'pg' in namespace 'db'"}. Anything else (a bug) passes through, so that it
	 * is logged with its stack trace where tool calls are run.
	 */
	public static Function<Throwable, Throwable> during(String action) {
		return e -> isExpected(e) ? new ToolFailure(describe(action, e)) : e;
	}

	private static boolean isExpected(Throwable e) {
		return e instanceof ResourceNotFoundException || e instanceof KubeTimeoutException
				|| e instanceof KubernetesClientException;
	}

	/** The message for a failure while doing {@code action}. */
	public static String describe(String action, Throwable e) {
		String prefix = "Could not " + action + ": ";
		if (e instanceof ResourceNotFoundException notFound) {
			return prefix + notFound.getMessage() + ". " + notFoundHint(notFound.kind());
		}
		if (e instanceof KubeTimeoutException) {
			return prefix + e.getMessage() + ". The API server may be overloaded or unreachable: retry shortly; "
					+ "if it persists, check the cluster and cnpg.kubernetes.request-timeout.";
		}
		if (e instanceof KubernetesClientException k) {
			return prefix + kubernetes(k);
		}
		return prefix + "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage();
	}

	private static String kubernetes(KubernetesClientException e) {
		String reason = apiMessage(e);
		return switch (e.getCode()) {
			case 400 -> "the API server refused the request as malformed (400): " + reason;
			case 401 -> "the API server did not accept the backend's credentials (401): " + reason
					+ ". Its token may have expired; check the kubeconfig or service account.";
			case 403 -> e instanceof ForbiddenAsUserException refused ? forbiddenFor(refused, reason)
					: "forbidden (403): " + reason + ". " + RBAC_HINT;
			case 404 -> "not found (404): " + reason + ". Check the name and the namespace; "
					+ notFoundHint("cluster");
			case 409 -> "conflict (409): " + reason + ". The object already exists, or it was changed at the same time: "
					+ "look at its current state with the matching list or get tool, then retry.";
			// A JSON patch whose test operation failed is a 422 too: the object changed meanwhile.
			case 422 -> reason.contains("testing value") ? "the object changed while this call was working on it "
					+ "(422): " + reason + ". Nothing was changed; look at its current state and retry."
					: "the API server rejected the spec (422): " + reason
							+ ". Check the values against the CloudNativePG API reference.";
			case 415 -> "the API server does not support this kind of change (415): " + reason;
			case 0 -> "cannot reach the Kubernetes API: " + reason + ". Check that the cluster is up and reachable.";
			default -> "the Kubernetes API answered " + e.getCode() + ": " + reason;
		};
	}

	/** A refusal of a call the backend made as a person: theirs to resolve, or the backend's if it may not impersonate. */
	private static String forbiddenFor(ForbiddenAsUserException e, String reason) {
		String user = e.user().name();
		if (e.isImpersonationRefused()) {
			return "forbidden (403): the backend may not act as " + e.user().describe() + ": " + reason + ". Its own "
					+ "Kubernetes identity needs the impersonate permission on users and groups (the chart grants it with "
					+ "cnpgBackend.kubernetes.impersonate=true); docs/kubernetes.md, section Acting as the person.";
		}
		return "forbidden (403): the backend acts as the person who calls it, and Kubernetes does not allow user '" + user
				+ "' this: " + reason + ". The call ran as " + e.user().describe() + ". Ask the cluster's administrators "
				+ "for a RoleBinding that grants '" + user + "' (or one of the groups) what it needs; docs/kubernetes.md, "
				+ "section Acting as the person, shows one.";
	}

	private static String apiMessage(KubernetesClientException e) {
		if (e.getStatus() != null && e.getStatus().getMessage() != null) {
			return e.getStatus().getMessage();
		}
		Throwable cause = e.getCause() != null ? e.getCause() : e;
		return String.valueOf(cause.getMessage());
	}

	private static String notFoundHint(String kind) {
		return switch (kind) {
			case "database" -> "list_postgres_databases shows the databases of a cluster.";
			case "role" -> "list_postgres_roles shows the roles of a cluster.";
			case "backup" -> "list_postgres_backups shows the backups of a cluster.";
			case "scheduled backup" -> "list_postgres_scheduled_backups shows the backup schedules of a cluster.";
			case "secret" -> "The role's password secret is missing: update_postgres_role with rotate_password=true "
					+ "creates a new one.";
			default -> "list_postgres_clusters shows the clusters (all_namespaces=true searches every namespace).";
		};
	}

}
