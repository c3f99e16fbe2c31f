package io.github.mcpplatform.cnpg.output;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Rows as an aligned text table, as psql prints them: a header, a rule, one line per row. A line break inside a
 * value is shown as {@code \n}, so that every row stays one line; SQL NULL is shown empty.
 */
public final class TextTable {

	/** Columns wider than this are not padded further, so that one long value does not widen every line. */
	private static final int MAX_PADDED_WIDTH = 60;

	private TextTable() {
	}

	public static String of(List<String> columns, List<List<@Nullable String>> rows) {
		List<List<String>> cells = new ArrayList<>();
		for (List<@Nullable String> row : rows) {
			cells.add(row.stream().map(TextTable::printable).toList());
		}
		int[] widths = new int[columns.size()];
		for (int c = 0; c < columns.size(); c++) {
			widths[c] = columns.get(c).length();
			for (List<String> row : cells) {
				widths[c] = Math.max(widths[c], row.get(c).length());
			}
			widths[c] = Math.min(widths[c], MAX_PADDED_WIDTH);
		}
		StringBuilder text = new StringBuilder();
		line(text, columns, widths);
		for (int c = 0; c < widths.length; c++) {
			text.append(c == 0 ? "" : "-+-").append("-".repeat(widths[c]));
		}
		text.append('\n');
		cells.forEach(row -> line(text, row, widths));
		return text.toString().stripTrailing();
	}

	private static void line(StringBuilder text, List<String> values, int[] widths) {
		StringBuilder line = new StringBuilder();
		for (int c = 0; c < widths.length; c++) {
			String value = values.get(c);
			line.append(c == 0 ? "" : " | ").append(value).append(" ".repeat(Math.max(0, widths[c] - value.length())));
		}
		text.append(line.toString().stripTrailing()).append('\n');
	}

	private static String printable(@Nullable String value) {
		return value == null ? "" : value.replace("\r", "").replace("\n", "\\n");
	}

}
