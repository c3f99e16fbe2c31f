package io.github.mcpplatform.cnpg.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * PostgreSQL settings as CloudNativePG takes them ({@code spec.postgresql.parameters}): which names are valid,
 * and which CloudNativePG keeps for itself. The lists are CloudNativePG's own, so that a change is refused here,
 * with the reason, before its admission webhook would refuse it (or, for a webhook-less API, silently ignore it).
 *
 * @see <a href="https://github.com/cloudnative-pg/cloudnative-pg/blob/main/pkg/postgres/configuration.go">CNPG
 *     FixedConfigurationParameters</a>
 * @see <a href="https://cloudnative-pg.io/documentation/current/postgresql_conf/">CNPG: PostgreSQL configuration</a>
 */
final class PostgresParameters {

	/** A GUC name, optionally namespaced with one dot: the rule of CNPG's webhook ({@code cluster_webhook.go}). */
	private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");

	private static final int MAX_SETTINGS = 64;

	private static final int MAX_VALUE_LENGTH = 1024;

	private static final String FIXED = "the operator sets it (replication, archiving, recovery, TLS and the "
			+ "port are its to manage)";

	private static final String BLOCKED = "it must keep PostgreSQL's default for the operator to work (files, "
			+ "sockets and logging are laid out by the operator)";

	/** CNPG 1.30's {@code FixedConfigurationParameters}: "fixed" ones the operator sets, "blocked" ones it needs left alone. */
	private static final Map<String, String> RESERVED = reserved();

	private PostgresParameters() {
	}

	/** Why CloudNativePG keeps a parameter for itself, if it does. */
	static Optional<String> reservedBecause(String name) {
		return Optional.ofNullable(RESERVED.get(name));
	}

	/**
	 * The {@code parameters} argument: names to values (text, or a number written as text), and null to remove
	 * a setting. Every problem is said at once.
	 */
	static Param<Map<String, String>> changes(String name, String description) {
		Map<String, Object> schema = new LinkedHashMap<>();
		schema.put("type", "object");
		schema.put("description", description);
		schema.put("minProperties", 1);
		schema.put("maxProperties", MAX_SETTINGS);
		schema.put("additionalProperties", Map.of("type", List.of("string", "number", "null"), "maxLength", MAX_VALUE_LENGTH));
		return Param.custom(name, schema, PostgresParameters::parse);
	}

	/** The changes, with null (as an absent value) for the settings to remove. */
	private static Map<String, String> parse(Object raw) {
		if (!(raw instanceof Map<?, ?> map) || map.isEmpty()) {
			throw new IllegalArgumentException("must be an object of parameter names to values, e.g. "
					+ "{\"max_connections\": \"200\", \"work_mem\": null}");
		}
		if (map.size() > MAX_SETTINGS) {
			throw new IllegalArgumentException("has " + map.size() + " settings; change at most " + MAX_SETTINGS + " at once");
		}
		List<String> problems = new ArrayList<>();
		Map<String, String> changes = new LinkedHashMap<>();
		map.forEach((key, value) -> {
			String setting = String.valueOf(key);
			if (!NAME.matcher(setting).matches()) {
				problems.add("'" + setting + "' is not a PostgreSQL parameter name (letters, digits, '_' and '$', "
						+ "optionally one '.' for an extension's parameter)");
				return;
			}
			Optional<String> reserved = reservedBecause(setting);
			if (reserved.isPresent()) {
				problems.add("'" + setting + "' cannot be set: " + reserved.get());
				return;
			}
			if (value == null) {
				changes.put(setting, null);
			}
			else if (value instanceof Number number) {
				changes.put(setting, number.doubleValue() == Math.rint(number.doubleValue()) && Math.abs(number.doubleValue()) < 1e15
						? String.valueOf(number.longValue()) : number.toString());
			}
			else if (value instanceof String text && text.length() <= MAX_VALUE_LENGTH && text.indexOf('\n') < 0
					&& text.indexOf('\r') < 0 && text.indexOf('\0') < 0) {
				changes.put(setting, text);
			}
			else {
				problems.add("'" + setting + "' must be text of at most " + MAX_VALUE_LENGTH + " characters on one line, "
						+ "a number, or null to remove it (PostgreSQL reads booleans as 'on' and 'off')");
			}
		});
		if (!problems.isEmpty()) {
			throw new IllegalArgumentException(String.join("; ", problems));
		}
		return changes;
	}

	private static Map<String, String> reserved() {
		Map<String, String> reserved = new LinkedHashMap<>();
		for (String name : List.of("archive_mode", "cluster_name", "port", "primary_conninfo", "primary_slot_name",
				"recovery_target", "recovery_target_action", "recovery_target_inclusive", "recovery_target_lsn",
				"recovery_target_name", "recovery_target_time", "recovery_target_timeline", "recovery_target_xid",
				"restore_command", "shared_preload_libraries", "temp_tablespaces", "archive_command",
				"pg_failover_slots.primary_dsn", "pg_failover_slots.standby_slot_names", "ssl", "ssl_ca_file",
				"ssl_cert_file", "ssl_crl_file", "ssl_dh_params_file", "ssl_key_file", "ssl_passphrase_command",
				"ssl_passphrase_command_supports_reload", "ssl_prefer_server_ciphers", "synchronous_standby_names",
				"synchronized_standby_slots")) {
			reserved.put(name, FIXED);
		}
		for (String name : List.of("allow_system_table_mods", "bonjour", "bonjour_name", "config_file", "data_directory",
				"data_sync_retry", "event_source", "external_pid_file", "hba_file", "hot_standby", "ident_file",
				"jit_provider", "listen_addresses", "logging_collector", "unix_socket_directories", "unix_socket_group",
				"unix_socket_permissions", "archive_cleanup_command", "log_destination", "log_directory", "log_file_mode",
				"log_filename", "log_rotation_age", "log_rotation_size", "log_truncate_on_rotation",
				"promote_trigger_file", "recovery_end_command", "recovery_min_apply_delay", "restart_after_crash",
				"stats_temp_directory", "syslog_facility", "syslog_ident", "syslog_sequence_numbers",
				"syslog_split_messages")) {
			reserved.put(name, BLOCKED);
		}
		return Map.copyOf(reserved);
	}

}
