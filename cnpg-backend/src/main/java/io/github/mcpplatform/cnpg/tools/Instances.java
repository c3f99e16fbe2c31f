package io.github.mcpplatform.cnpg.tools;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * How the operation tools name a cluster's instances: by pod name ({@code pg-main-2}) or, as {@code kubectl cnpg}
 * accepts, by number ({@code 2}, meaning {@code <cluster>-2}).
 */
final class Instances {

	private static final Pattern NUMBER = Pattern.compile("\\d{1,5}");

	private static final Pattern NAME = Pattern.compile(NUMBER + "|" + Param.RFC_1123_LABEL);

	private Instances() {
	}

	/** A parameter naming one instance. */
	static Param<String> param(String name, String description) {
		// A number or a pod name, as the plugin takes both; the pattern applies to the string form.
		return Param.custom(name, Map.of("type", List.of("string", "integer"), "description", description, "pattern",
				"^(" + NAME + ")$", "maxLength", 63, "minimum", 0), Instances::parse);
	}

	static String parse(Object raw) {
		String value = raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) ? String.valueOf(n.longValue())
				: raw instanceof String s ? s : null;
		if (value == null || value.length() > 63 || !NAME.matcher(value).matches()) {
			throw new IllegalArgumentException("'" + raw + "' is not an instance: give its pod name, e.g. 'pg-main-2', "
					+ "or its number, e.g. 2");
		}
		return value;
	}

	/** The pod name an instance argument stands for, as the plugin's {@code strconv.Atoi} check does. */
	static String resolve(String cluster, String instance) {
		return NUMBER.matcher(instance).matches() ? cluster + "-" + instance : instance;
	}

	/** The instances the operator reports ({@code status.instanceNames}), empty before it has reported any. */
	static List<String> known(GenericKubernetesResource cluster) {
		List<String> names = cluster.get("status", "instanceNames");
		return names == null ? List.of() : names;
	}

	/**
	 * Whether the operator lists the instance, or lists none yet. A pod labelled with the cluster is not enough
	 * on its own: the cluster's jobs (initdb, join) carry that label too.
	 */
	static boolean isListed(GenericKubernetesResource cluster, String instance) {
		List<String> known = known(cluster);
		return known.isEmpty() || known.contains(instance);
	}

	/** A confirmation flag for an operation that interrupts service: what it does when true, nothing when false. */
	static Param<Boolean> confirm(String action) {
		return Param.flag("confirm", "Must be true to really " + action + "; without it nothing changes and the "
				+ "answer says what would happen. dry_run=true checks it without the confirmation.").defaultsTo(false);
	}

}
