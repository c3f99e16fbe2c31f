package io.github.mcpplatform.cnpg.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The PgBouncer settings a pooler tool may set: a part of CNPG's allow-list
 * ({@code AllowedPgbouncerGenericConfigurationParameters}, {@code internal/webhook/v1/pooler_webhook.go}) that
 * sizes pools and sets timeouts and logging. Authentication ({@code auth_user}, {@code auth_type}), SQL run on
 * the server ({@code server_check_query}, {@code server_reset_query}) and TLS modes are left out: they are how
 * the pooler stays secure, and a model should not weaken them in passing.
 *
 * @see <a href="https://www.pgbouncer.org/config.html">PgBouncer configuration</a>
 */
final class PgBouncerParameters {

	/** A whole number of connections or prepared statements. */
	private static final List<String> COUNTS = List.of("max_client_conn", "default_pool_size", "min_pool_size",
			"reserve_pool_size", "max_db_connections", "max_user_connections", "max_prepared_statements");

	/** A whole number of seconds (0 turns most of them off). */
	private static final List<String> SECONDS = List.of("reserve_pool_timeout", "server_idle_timeout", "server_lifetime",
			"server_connect_timeout", "server_login_retry", "client_idle_timeout", "client_login_timeout", "query_timeout",
			"query_wait_timeout", "idle_transaction_timeout", "cancel_wait_timeout", "stats_period");

	/** 0 or 1. */
	private static final List<String> FLAGS = List.of("log_connections", "log_disconnections", "log_pooler_errors",
			"log_stats", "server_round_robin", "application_name_add_host");

	/** Startup parameters PgBouncer should ignore, e.g. {@code extra_float_digits} that JDBC drivers send. */
	private static final String IGNORE_STARTUP = "ignore_startup_parameters";

	private static final Pattern WHOLE = Pattern.compile("\\d{1,7}");

	private static final Pattern NAMES = Pattern.compile("[a-z_]{1,63}(,\\s*[a-z_]{1,63}){0,15}");

	static final List<String> ALLOWED = allowed();

	private PgBouncerParameters() {
	}

	/** The {@code parameters} argument: PgBouncer setting names to values, all checked, every problem said at once. */
	static Param<Map<String, String>> param(String name) {
		Map<String, Object> schema = new LinkedHashMap<>();
		schema.put("type", "object");
		schema.put("description", "PgBouncer settings, e.g. {\"max_client_conn\": 500, \"default_pool_size\": 20}. "
				+ "Allowed: pool sizes and connection limits (" + String.join(", ", COUNTS) + ") as whole numbers; "
				+ "timeouts in whole seconds (" + String.join(", ", SECONDS) + "); 0 or 1 for "
				+ String.join(", ", FLAGS) + "; and " + IGNORE_STARTUP + " (comma-separated names, e.g. "
				+ "'extra_float_digits'). Authentication, server-side queries and TLS stay as CloudNativePG sets them.");
		schema.put("maxProperties", ALLOWED.size());
		schema.put("propertyNames", Map.of("enum", ALLOWED));
		schema.put("additionalProperties", Map.of("type", List.of("string", "integer")));
		return Param.custom(name, schema, PgBouncerParameters::parse);
	}

	private static Map<String, String> parse(Object raw) {
		if (!(raw instanceof Map<?, ?> given)) {
			throw new IllegalArgumentException("must be an object of PgBouncer settings, e.g. {\"max_client_conn\": 500}");
		}
		Map<String, String> parameters = new TreeMap<>();
		List<String> problems = new ArrayList<>();
		given.forEach((key, value) -> {
			String setting = String.valueOf(key);
			String text = value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) ? String.valueOf(n.longValue())
					: value instanceof String s ? s.strip() : null;
			String problem = problem(setting, text);
			if (problem != null) {
				problems.add(problem);
			}
			else {
				parameters.put(setting, text);
			}
		});
		if (!problems.isEmpty()) {
			throw new IllegalArgumentException("has " + String.join("; ", problems));
		}
		return parameters;
	}

	private static @Nullable String problem(String setting, @Nullable String value) {
		if (!ALLOWED.contains(setting)) {
			return "'" + setting + "', which this tool does not set (it sets " + String.join(", ", ALLOWED) + ")";
		}
		if (value == null) {
			return setting + " without a value: give a whole number or text";
		}
		if ((COUNTS.contains(setting) || SECONDS.contains(setting)) && !WHOLE.matcher(value).matches()) {
			return setting + " = '" + value + "', which is not a whole number from 0 to 9999999";
		}
		if (FLAGS.contains(setting) && !value.equals("0") && !value.equals("1")) {
			return setting + " = '" + value + "', which must be 0 or 1";
		}
		if (IGNORE_STARTUP.equals(setting) && !NAMES.matcher(value).matches()) {
			return setting + " = '" + value + "', which must be parameter names separated by commas";
		}
		return null;
	}

	private static List<String> allowed() {
		List<String> all = new ArrayList<>(COUNTS);
		all.addAll(SECONDS);
		all.addAll(FLAGS);
		all.add(IGNORE_STARTUP);
		return List.copyOf(all);
	}

}
