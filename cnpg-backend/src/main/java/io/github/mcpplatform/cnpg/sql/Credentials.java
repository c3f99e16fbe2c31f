package io.github.mcpplatform.cnpg.sql;

/**
 * A PostgreSQL login read from a cluster's secret. Its {@link #toString()} leaves the password out, so that no log
 * line or message can carry it by accident.
 */
public record Credentials(String username, String password) {

	@Override
	public String toString() {
		return "Credentials[username=" + this.username + ", password=(hidden)]";
	}

}
