package io.github.mcpplatform.cnpg.tools;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Where a recovery stops ({@code bootstrap.recovery.recoveryTarget}), checked as CloudNativePG 1.30's webhook checks
 * it ({@code validateRecoveryTarget}, {@code validateTargetExclusiveness} in {@code cluster_webhook.go}): at most
 * one of time, LSN, transaction ID, restore point name or "immediate"; the name, XID and immediate targets need the
 * base backup's ID, since only time and LSN let the operator pick the backup itself. The time must carry its offset
 * (CloudNativePG reads a time without one as UTC, which its docs warn against).
 *
 * @see <a href="https://cloudnative-pg.io/documentation/current/recovery/#recovery-targets">CNPG recovery targets</a>
 */
final class RecoveryTargets {

	static final Param<OffsetDateTime> TIME = Param.custom("target_time", Map.of("type", "string", "maxLength", 40,
			"description", "Recover to this moment, RFC 3339 with its offset, e.g. '2026-12-05T14:00:00Z' or "
					+ "'2026-12-05T15:00:00+01:00'; PostgreSQL stops at the first transaction after it. At most one "
					+ "target_* may be given; none recovers all the WAL there is."),
			raw -> {
				try {
					return OffsetDateTime.parse((String) raw, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
				}
				catch (ClassCastException | DateTimeParseException e) {
					throw new IllegalArgumentException("'" + raw + "' is not an RFC 3339 time with an offset, e.g. "
							+ "'2026-12-05T14:00:00Z'");
				}
			}).optional();

	private static final Pattern LSN = Pattern.compile("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}");

	static final Param<String> LSN_TARGET = Param.custom("target_lsn", Map.of("type", "string", "pattern",
			"^" + LSN + "$", "description", "Recover to this WAL location (LSN), e.g. '0/3000060'."), raw -> {
				if (!(raw instanceof String s) || !LSN.matcher(s).matches()) {
					throw new IllegalArgumentException("'" + raw + "' is not an LSN: two hexadecimal numbers of at most 8 "
							+ "digits separated by '/', e.g. '0/3000060'");
				}
				return s;
			}).optional();

	static final Param<String> XID = Param.custom("target_xid", Map.of("type", List.of("string", "integer"),
			"description", "Recover to (and including) this transaction ID, a number; needs backup_id when "
					+ "restoring from source_cluster."),
			raw -> {
				String text = raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) ? String.valueOf(n.longValue())
						: raw instanceof String s ? s : "";
				// PostgreSQL's transaction IDs are 32 bits; 3 is the first normal one.
				if (!text.matches("\\d{1,10}") || Long.parseLong(text) < 3 || Long.parseLong(text) > 4_294_967_295L) {
					throw new IllegalArgumentException("'" + raw + "' is not a transaction ID: a whole number from 3 to "
							+ "4294967295");
				}
				return text;
			}).optional();

	static final Param<String> NAME = Param.custom("target_name", Map.of("type", "string", "maxLength", 63,
			"description", "Recover to this restore point, made earlier with pg_create_restore_point(); needs "
					+ "backup_id when restoring from source_cluster."),
			raw -> {
				// PostgreSQL's limit (MAXFNAMELEN) and CloudNativePG's ban on control characters.
				if (!(raw instanceof String s) || s.isEmpty() || s.getBytes(StandardCharsets.UTF_8).length >= 64
						|| s.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
					throw new IllegalArgumentException("must be a restore point name of 1 to 63 bytes without control "
							+ "characters");
				}
				return s;
			}).optional();

	static final Param<Boolean> IMMEDIATE = Param.flag("target_immediate",
			"Stop as soon as the backup is consistent, i.e. at the moment the backup ended, replaying no later WAL.")
		.defaultsTo(false);

	static final Param<Boolean> EXCLUSIVE = Param.flag("exclusive",
			"Stop just before the target instead of just after it (time, LSN and XID targets).")
		.defaultsTo(false);

	static final Param<String> BACKUP_ID = Param.custom("backup_id", Map.of("type", "string", "pattern",
			"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$", "description", "With source_cluster: the ID of the base backup to "
					+ "start from, e.g. '20261205T000005' (get_postgres_backup shows it); by default the operator takes "
					+ "the last backup that ended before target_time or target_lsn, else the latest."),
			raw -> {
				if (!(raw instanceof String s) || !s.matches("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")) {
					throw new IllegalArgumentException("'" + raw + "' is not a backup ID, e.g. '20261205T000005'");
				}
				return s;
			}).optional();

	static final List<Param<?>> PARAMS = List.of(TIME, LSN_TARGET, XID, NAME, IMMEDIATE, EXCLUSIVE, BACKUP_ID);

	/**
	 * The target a call asks for.
	 *
	 * @param kind the recoveryTarget field, e.g. {@code targetTime}; null for a full recovery
	 * @param value its value as CloudNativePG takes it
	 */
	record Target(@Nullable String kind, @Nullable Object value, @Nullable OffsetDateTime time, boolean exclusive) {

		/** Whether the operator can pick the base backup itself (time and LSN); else it needs a backup ID. */
		boolean needsBackupId() {
			return this.kind != null && !this.kind.equals("targetTime") && !this.kind.equals("targetLSN");
		}

		/** {@code recoveryTarget}, with the backup ID to start from if known; null when there is nothing to say. */
		@Nullable Map<String, Object> spec(@Nullable String backupId) {
			Map<String, Object> spec = new LinkedHashMap<>();
			if (backupId != null) {
				spec.put("backupID", backupId);
			}
			if (this.kind != null) {
				spec.put(this.kind, this.value);
			}
			if (this.exclusive) {
				spec.put("exclusive", true);
			}
			return spec.isEmpty() ? null : spec;
		}

		String describe() {
			return this.kind == null ? "all the WAL there is (no recovery target)" : this.kind + " " + this.value
					+ (this.exclusive ? " (exclusive)" : "");
		}

	}

	private RecoveryTargets() {
	}

	/** What is wrong with the targets a call combines: more than one, or exclusive without a target it applies to. */
	static List<String> problems(ToolCall call) {
		List<String> problems = new ArrayList<>();
		List<String> given = PARAMS.stream()
			.filter(p -> p != EXCLUSIVE && p != BACKUP_ID && call.has(p) && !Boolean.FALSE.equals(call.get(p)))
			.map(Param::name)
			.toList();
		if (given.size() > 1) {
			problems.add("give at most one recovery target, not " + String.join(" and ", given) + " (CloudNativePG "
					+ "takes one target kind per recovery)");
		}
		if (call.get(EXCLUSIVE) && !(call.has(TIME) || call.has(LSN_TARGET) || call.has(XID))) {
			problems.add("exclusive applies to target_time, target_lsn and target_xid only");
		}
		return problems;
	}

	/** The target a call asks for, once {@link #problems} found none. */
	static Target of(ToolCall call) {
		boolean exclusive = call.get(EXCLUSIVE);
		if (call.has(TIME)) {
			OffsetDateTime time = call.get(TIME);
			return new Target("targetTime", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time), time, exclusive);
		}
		if (call.has(LSN_TARGET)) {
			return new Target("targetLSN", call.get(LSN_TARGET), null, exclusive);
		}
		if (call.has(XID)) {
			return new Target("targetXID", call.get(XID), null, exclusive);
		}
		if (call.has(NAME)) {
			return new Target("targetName", call.get(NAME), null, exclusive);
		}
		if (call.get(IMMEDIATE)) {
			return new Target("targetImmediate", true, null, exclusive);
		}
		return new Target(null, null, null, exclusive);
	}

}
