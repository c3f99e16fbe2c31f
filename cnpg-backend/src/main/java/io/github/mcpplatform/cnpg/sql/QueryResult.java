package io.github.mcpplatform.cnpg.sql;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a query returned, as text: the column names and up to the row limit of rows.
 *
 * @param rows each row's values in column order, SQL NULL as null
 * @param truncated whether the query had more rows than were kept
 */
public record QueryResult(List<String> columns, List<List<@Nullable String>> rows, boolean truncated) {

	public QueryResult {
		columns = List.copyOf(columns);
		rows = List.copyOf(rows);
	}

}
