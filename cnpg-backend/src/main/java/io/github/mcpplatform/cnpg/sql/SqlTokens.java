package io.github.mcpplatform.cnpg.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A statement split into PostgreSQL's lexical tokens, as far as telling what it does needs: comments dropped
 * ({@code --} and nested {@code /* *}{@code /}), string constants ({@code '…'}, {@code E'…'} with backslash
 * escapes, dollar quoting {@code $tag$…$tag$}) and quoted identifiers kept whole, so that a keyword inside a
 * string or a comment never counts, and one outside never hides.
 *
 * @see <a href="https://www.postgresql.org/docs/current/sql-syntax-lexical.html">PostgreSQL lexical
 *     structure</a>
 */
final class SqlTokens {

	/** What a token is. */
	enum Kind {

		/** A keyword or an unquoted identifier, lower-cased as PostgreSQL folds it. */
		WORD,

		/** A double-quoted identifier, its content as written. */
		QUOTED,

		/** A string or a number. */
		CONSTANT,

		/** {@code ;} */
		SEMICOLON,

		/** {@code (} */
		OPEN,

		/** Any other punctuation or operator character. */
		SYMBOL

	}

	record Token(Kind kind, String text) {

		boolean isWord(String word) {
			return this.kind == Kind.WORD && this.text.equals(word);
		}

	}

	private SqlTokens() {
	}

	/**
	 * The tokens of {@code sql}.
	 *
	 * @throws StatementRefusedException for what cannot be read safely: an unterminated string, identifier or
	 *     comment, or a Unicode-escaped identifier ({@code U&"…"}), whose real name only PostgreSQL would see
	 */
	static List<Token> of(String sql) {
		List<Token> tokens = new ArrayList<>();
		int i = 0;
		int n = sql.length();
		while (i < n) {
			char c = sql.charAt(i);
			if (Character.isWhitespace(c)) {
				i++;
			}
			else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
				int end = sql.indexOf('\n', i);
				i = end < 0 ? n : end + 1;
			}
			else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
				i = blockCommentEnd(sql, i);
			}
			else if (c == '\'') {
				i = stringEnd(sql, i + 1, false);
				tokens.add(new Token(Kind.CONSTANT, "'"));
			}
			else if ((c == 'e' || c == 'E') && i + 1 < n && sql.charAt(i + 1) == '\'') {
				i = stringEnd(sql, i + 2, true);
				tokens.add(new Token(Kind.CONSTANT, "'"));
			}
			else if ((c == 'u' || c == 'U') && i + 2 < n && sql.charAt(i + 1) == '&' && sql.charAt(i + 2) == '"') {
				throw new StatementRefusedException("it has a Unicode-escaped identifier (U&\"...\"): write the name "
						+ "plainly");
			}
			else if (c == '"') {
				int end = quotedIdentifierEnd(sql, i + 1);
				tokens.add(new Token(Kind.QUOTED, sql.substring(i + 1, end - 1).replace("\"\"", "\"")));
				i = end;
			}
			else if (c == '$' && dollarTag(sql, i) != null) {
				String tag = dollarTag(sql, i);
				int close = sql.indexOf(tag, i + tag.length());
				if (close < 0) {
					throw new StatementRefusedException("a dollar-quoted string (" + tag + ") is not closed");
				}
				tokens.add(new Token(Kind.CONSTANT, "$"));
				i = close + tag.length();
			}
			else if (Character.isLetter(c) || c == '_') {
				int start = i;
				while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
					i++;
				}
				tokens.add(new Token(Kind.WORD, sql.substring(start, i).toLowerCase(Locale.ROOT)));
			}
			else if (Character.isDigit(c)) {
				int start = i;
				while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.' || sql.charAt(i) == '_')) {
					i++;
				}
				tokens.add(new Token(Kind.CONSTANT, sql.substring(start, i)));
			}
			else {
				tokens.add(new Token(c == ';' ? Kind.SEMICOLON : c == '(' ? Kind.OPEN : Kind.SYMBOL, String.valueOf(c)));
				i++;
			}
		}
		return tokens;
	}

	/** Block comments nest in PostgreSQL, unlike in the SQL standard. */
	private static int blockCommentEnd(String sql, int start) {
		int depth = 0;
		int i = start;
		while (i < sql.length() - 1) {
			if (sql.startsWith("/*", i)) {
				depth++;
				i += 2;
			}
			else if (sql.startsWith("*/", i)) {
				depth--;
				i += 2;
				if (depth == 0) {
					return i;
				}
			}
			else {
				i++;
			}
		}
		throw new StatementRefusedException("a /* comment is not closed");
	}

	private static int stringEnd(String sql, int from, boolean backslashEscapes) {
		int i = from;
		while (i < sql.length()) {
			char c = sql.charAt(i);
			if (backslashEscapes && c == '\\') {
				i += 2;
			}
			else if (c == '\'') {
				if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
					i += 2;
				}
				else {
					return i + 1;
				}
			}
			else {
				i++;
			}
		}
		throw new StatementRefusedException("a string constant is not closed");
	}

	private static int quotedIdentifierEnd(String sql, int from) {
		int i = from;
		while (i < sql.length()) {
			if (sql.charAt(i) == '"') {
				if (i + 1 < sql.length() && sql.charAt(i + 1) == '"') {
					i += 2;
					continue;
				}
				return i + 1;
			}
			i++;
		}
		throw new StatementRefusedException("a quoted identifier is not closed");
	}

	/** The {@code $tag$} opening a dollar-quoted string at {@code i}, or null when {@code $} starts something else. */
	private static String dollarTag(String sql, int i) {
		int j = i + 1;
		while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
			j++;
		}
		if (j < sql.length() && sql.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(sql.charAt(i + 1)))) {
			return sql.substring(i, j + 1);
		}
		return null;
	}

}
