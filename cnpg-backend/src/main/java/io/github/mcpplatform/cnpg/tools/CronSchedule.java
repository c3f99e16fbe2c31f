package io.github.mcpplatform.cnpg.tools;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A ScheduledBackup's schedule, parsed as CloudNativePG parses it: with {@code github.com/robfig/cron} v1.2.0's
 * {@code cron.Parse}, whose fields are second, minute, hour, day of month, month and day of week, in that order.
 * That parser also takes five fields (the day of week is optional there), so a Kubernetes-style {@code 0 0 * * *}
 * means "second 0 of minute 0 of every hour", not "daily", and CNPG's webhook only warns: this class requires all
 * six. Each field is a comma-separated list of {@code *} or {@code ?}, a number or a name ({@code jan}-{@code dec},
 * {@code sun}-{@code sat}), a range {@code a-b}, each optionally with a step {@code /n} ({@code a/n} means from a to
 * the end). CNPG's descriptors ({@code @daily}, {@code @hourly}, ...) are taken too; {@code @every} is not.
 *
 * <p>
 * Times are computed as the parser's {@code SpecSchedule.Next} does, in the operator's time zone, which is UTC in
 * CloudNativePG's image.
 *
 * @see <a href="https://github.com/robfig/cron/blob/v1.2.0/parser.go">robfig/cron v1.2.0 parser</a>
 * @see <a href="https://cloudnative-pg.io/documentation/current/backup/#scheduled-backups">CNPG scheduled backups</a>
 */
final class CronSchedule {

	private record Field(String name, int min, int max, List<String> names) {
	}

	private static final List<Field> FIELDS = List.of(new Field("second", 0, 59, List.of()),
			new Field("minute", 0, 59, List.of()), new Field("hour", 0, 23, List.of()),
			new Field("day of month", 1, 31, List.of()),
			new Field("month", 1, 12, List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
					"nov", "dec")),
			new Field("day of week", 0, 6, List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat")));

	private static final Map<String, String> DESCRIPTORS = Map.of("@yearly", "0 0 0 1 1 *", "@annually",
			"0 0 0 1 1 *", "@monthly", "0 0 0 1 * *", "@weekly", "0 0 0 * * 0", "@daily", "0 0 0 * * *", "@midnight",
			"0 0 0 * * *", "@hourly", "0 0 * * * *");

	private static final String EXAMPLE = "e.g. '0 0 0 * * *' daily at midnight, '0 30 2 * * 1-5' at 02:30 on weekdays";

	/** Set bits per field; bit 63 marks a field written as a star, which changes how the two day fields combine. */
	private final long[] bits;

	private final String expression;

	private CronSchedule(String expression, long[] bits) {
		this.expression = expression;
		this.bits = bits;
	}

	String expression() {
		return this.expression;
	}

	/**
	 * The schedule, or an {@link IllegalArgumentException} that names every bad field and says what it must be.
	 */
	static CronSchedule parse(String expression) {
		String trimmed = expression.strip();
		if (trimmed.startsWith("@")) {
			String spec = DESCRIPTORS.get(trimmed.toLowerCase(Locale.ROOT));
			if (spec == null) {
				throw new IllegalArgumentException("'" + trimmed + "' is not a descriptor CloudNativePG takes here (use "
						+ "@yearly, @monthly, @weekly, @daily or @hourly, or six fields, " + EXAMPLE + ")");
			}
			return new CronSchedule(trimmed, parseFields(spec.split(" "), trimmed));
		}
		String[] fields = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
		if (fields.length != FIELDS.size()) {
			throw new IllegalArgumentException("'" + trimmed + "' has " + fields.length + " field(s); CloudNativePG's "
					+ "schedule has six, seconds first: second minute hour day-of-month month day-of-week ("
					+ EXAMPLE + ")" + (fields.length == 5 ? ". A five-field Kubernetes cron would be read as seconds "
							+ "first and run far more often than meant: put '0 ' in front, '0 " + trimmed + "'" : ""));
		}
		return new CronSchedule(trimmed, parseFields(fields, trimmed));
	}

	private static long[] parseFields(String[] fields, String expression) {
		long[] bits = new long[FIELDS.size()];
		List<String> problems = new ArrayList<>();
		for (int i = 0; i < FIELDS.size(); i++) {
			Field field = FIELDS.get(i);
			try {
				bits[i] = parseField(fields[i], field);
			}
			catch (IllegalArgumentException e) {
				problems.add(field.name() + " (field " + (i + 1) + ") '" + fields[i] + "' " + e.getMessage());
			}
		}
		if (!problems.isEmpty()) {
			throw new IllegalArgumentException("'" + expression + "' is not a valid schedule: " + String.join("; ", problems));
		}
		return bits;
	}

	private static long parseField(String text, Field field) {
		long bits = 0;
		for (String range : text.split(",", -1)) {
			if (range.isEmpty()) {
				throw new IllegalArgumentException("has an empty list item");
			}
			bits |= parseRange(range, field);
		}
		return bits;
	}

	private static long parseRange(String range, Field field) {
		String[] rangeAndStep = range.split("/", -1);
		if (rangeAndStep.length > 2) {
			throw new IllegalArgumentException("has more than one '/'");
		}
		String[] lowHigh = rangeAndStep[0].split("-", -1);
		long star = 0;
		int start;
		int end;
		if (lowHigh[0].equals("*") || lowHigh[0].equals("?")) {
			if (lowHigh.length > 1) {
				throw new IllegalArgumentException("cannot use a range after '*'");
			}
			start = field.min();
			end = field.max();
			star = 1L << 63;
		}
		else {
			if (lowHigh.length > 2) {
				throw new IllegalArgumentException("has more than one '-'");
			}
			start = value(lowHigh[0], field);
			end = lowHigh.length == 2 ? value(lowHigh[1], field) : start;
		}
		int step = 1;
		if (rangeAndStep.length == 2) {
			if (!rangeAndStep[1].matches("\\d{1,3}") || Integer.parseInt(rangeAndStep[1]) == 0) {
				throw new IllegalArgumentException("has step '" + rangeAndStep[1] + "': a step is a positive number");
			}
			step = Integer.parseInt(rangeAndStep[1]);
			if (lowHigh.length == 1) {
				end = field.max();
			}
		}
		if (start > end) {
			throw new IllegalArgumentException("starts at " + start + ", after its end " + end);
		}
		long bits = star;
		for (int i = start; i <= end; i += step) {
			bits |= 1L << i;
		}
		return bits;
	}

	private static int value(String text, Field field) {
		int named = field.names().indexOf(text.toLowerCase(Locale.ROOT));
		if (named >= 0) {
			return named + field.min();
		}
		if (!text.matches("\\d{1,2}")) {
			throw new IllegalArgumentException("has '" + text + "': use a number from " + field.min() + " to " + field.max()
					+ (field.names().isEmpty() ? "" : " or a name (" + field.names().get(0) + ", ...)") + ", '*', a range "
					+ "a-b or a step /n");
		}
		int value = Integer.parseInt(text);
		if (value < field.min() || value > field.max()) {
			throw new IllegalArgumentException("has " + value + ", out of range: use " + field.min() + " to " + field.max());
		}
		return value;
	}

	/**
	 * The next time the schedule fires after {@code from}, or empty when it never does within five years (e.g. the
	 * 30th of February): CloudNativePG then never creates a backup. A port of robfig/cron's
	 * {@code SpecSchedule.Next}.
	 */
	Optional<ZonedDateTime> next(ZonedDateTime from) {
		ZonedDateTime t = from.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
		int yearLimit = t.getYear() + 5;
		boolean added = false;
		wrap: while (t.getYear() <= yearLimit) {
			while (!has(4, t.getMonthValue())) {
				if (!added) {
					added = true;
					t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
				}
				t = t.plusMonths(1);
				if (t.getMonthValue() == 1) {
					continue wrap;
				}
			}
			while (!dayMatches(t)) {
				if (!added) {
					added = true;
					t = t.truncatedTo(ChronoUnit.DAYS);
				}
				t = t.plusDays(1);
				if (t.getDayOfMonth() == 1) {
					continue wrap;
				}
			}
			while (!has(2, t.getHour())) {
				if (!added) {
					added = true;
					t = t.truncatedTo(ChronoUnit.HOURS);
				}
				t = t.plusHours(1);
				if (t.getHour() == 0) {
					continue wrap;
				}
			}
			while (!has(1, t.getMinute())) {
				if (!added) {
					added = true;
					t = t.truncatedTo(ChronoUnit.MINUTES);
				}
				t = t.plusMinutes(1);
				if (t.getMinute() == 0) {
					continue wrap;
				}
			}
			while (!has(0, t.getSecond())) {
				if (!added) {
					added = true;
				}
				t = t.plusSeconds(1);
				if (t.getSecond() == 0) {
					continue wrap;
				}
			}
			return Optional.of(t);
		}
		return Optional.empty();
	}

	/** The next {@code count} times after {@code from}. */
	List<ZonedDateTime> nextTimes(ZonedDateTime from, int count) {
		List<ZonedDateTime> times = new ArrayList<>();
		ZonedDateTime t = from;
		for (int i = 0; i < count; i++) {
			Optional<ZonedDateTime> next = next(t);
			if (next.isEmpty()) {
				break;
			}
			t = next.get();
			times.add(t);
		}
		return times;
	}

	private boolean has(int field, int value) {
		return (this.bits[field] & (1L << value)) != 0;
	}

	/** Both day fields must match when either is a star, else either may (robfig's {@code dayMatches}). */
	private boolean dayMatches(ZonedDateTime t) {
		boolean dom = has(3, t.getDayOfMonth());
		boolean dow = has(5, t.getDayOfWeek().getValue() % 7);
		boolean eitherStar = (this.bits[3] & (1L << 63)) != 0 || (this.bits[5] & (1L << 63)) != 0;
		return eitherStar ? dom && dow : dom || dow;
	}

}
