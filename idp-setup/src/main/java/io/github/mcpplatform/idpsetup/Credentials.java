package io.github.mcpplatform.idpsetup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Management credentials come from the environment or a file, never from the command line, where they would
 * stay in the shell's history and show in the process list.
 */
final class Credentials {

	private final Map<String, String> environment;

	Credentials(Map<String, String> environment) {
		this.environment = environment;
	}

	/** The variable's value, or null when it is unset or empty. */
	String variable(String name) {
		String value = this.environment.get(name);
		return value == null || value.isBlank() ? null : value.trim();
	}

	/** The file's first line, or the variable's value when no file is given; null when neither is there. */
	String fileOrVariable(Path file, String variable) {
		if (file == null) {
			return variable(variable);
		}
		try {
			return Files.readAllLines(file).stream().findFirst().map(String::trim).orElse(null);
		}
		catch (IOException e) {
			throw new UsageException("cannot read " + file + ": " + e.getMessage());
		}
	}

}
