package io.github.mcpplatform.cnpg.tools;

import java.util.List;

/** Parameters that several tools share, named and described the same way everywhere. */
final class CommonParams {

	static final Param<String> NAMESPACE = Param
		.kubernetesName("namespace", "Kubernetes namespace. Defaults to the backend's own namespace.")
		.optional();

	static final Param<Boolean> ALL_NAMESPACES = Param
		.flag("all_namespaces", "List across every namespace instead of one.")
		.defaultsTo(false);

	static final Param<String> CLUSTER_NAME = Param.kubernetesName("cluster_name",
			"Name of the CloudNativePG cluster, e.g. 'pg-main'.");

	static final Param<String> DETAIL_LEVEL = Param
		.choice("detail_level", "'concise' for health at a glance: instances ready, phase, primary, image and "
				+ "storage size. 'detailed' adds why: the storage class, the reason for the phase, the operator's "
				+ "status conditions, the instances grouped by state, the PostgreSQL parameters set in the spec and "
				+ "the managed roles.", List.of("concise", "detailed"))
		.defaultsTo("concise");

	static final Param<String> FORMAT = Param
		.choice("format", "'text' for readable lines, 'json' for the structured content as JSON text.",
				List.of("text", "json"))
		.defaultsTo("text");

	static final Param<Boolean> DRY_RUN = Param
		.flag("dry_run", "Check the change without making it: the API server and CloudNativePG's webhooks "
				+ "validate it (server-side dry run) and the answer shows what would be stored; nothing is changed. "
				+ "The sandbox only previews what would be sent.")
		.defaultsTo(false);

	static final Param<Boolean> CONFIRM = Param
		.flag("confirm", "Must be true to really delete; without it nothing is deleted and the answer says what "
				+ "would be. The preferred spelling: every delete tool takes it.")
		.defaultsTo(false)
		.alsoSpelled("confirm_deletion", "The same as confirm, under delete_postgres_cluster's first spelling, which "
				+ "every delete tool accepts too; give one of them (both only with the same value).");

	static final Param<Boolean> REVEAL_PASSWORD = Param
		.flag("reveal_password", "Include the generated password in the answer. Off by default: the password "
				+ "stays in its Kubernetes secret and out of the conversation.")
		.defaultsTo(false);

	private CommonParams() {
	}

	/**
	 * A cluster tool's {@code name}, also accepted as {@code cluster_name}: role and database tools name the
	 * cluster that way, and a caller who learnt one spelling uses it everywhere.
	 */
	static Param<String> alsoAsClusterName(Param<String> name) {
		return name.alsoSpelled("cluster_name", "The same as name, under the spelling every tool takes (role and "
				+ "database tools too): preferred. Give one of them (both only with the same value).");
	}

	static boolean detailed(ToolCall call) {
		return "detailed".equals(call.get(DETAIL_LEVEL));
	}

}
