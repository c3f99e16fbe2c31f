package io.github.mcpplatform.cnpg.sql;

/** A statement that is not run, with the reason, written to complete "The query was not run: …". */
public final class StatementRefusedException extends RuntimeException {

	StatementRefusedException(String reason) {
		super(reason);
	}

}
