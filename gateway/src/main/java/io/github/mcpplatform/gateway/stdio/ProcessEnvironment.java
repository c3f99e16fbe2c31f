package io.github.mcpplatform.gateway.stdio;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import io.github.mcpplatform.gateway.configrepo.BackendTransport.EnvValue;
import io.github.mcpplatform.gateway.configrepo.BackendTransport.Stdio;
import io.github.mcpplatform.gateway.identity.GatewayUser;

/**
 * The environment a stdio process starts with. It does not inherit the gateway's, which holds the gateway's own
 * secrets (its client secret, keys, Redis password): only {@link #PASSED_ON} are passed on, then the variables
 * the config repo declares, then, for a per-user process, who the user is.
 */
final class ProcessEnvironment {

	/** What a program needs to run at all, taken from the gateway's environment when set there. */
	static final List<String> PASSED_ON = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR");

	/** The user's RFC 1123 id ({@link GatewayUser#id()}), unique per person. */
	static final String USER_ID = "MCP_GATEWAY_USER_ID";

	/** The user's e-mail address, only when the identity provider verified it. */
	static final String USER_EMAIL = "MCP_GATEWAY_USER_EMAIL";

	/** The user's groups, separated by commas. */
	static final String USER_GROUPS = "MCP_GATEWAY_USER_GROUPS";

	private ProcessEnvironment() {
	}

	/**
	 * The variables, with mounted files read now (blocking).
	 *
	 * @param gateway the gateway's own environment
	 * @param user the user a per-user process serves; null for a shared one
	 * @throws IOException naming the variable whose file cannot be read (never its content)
	 */
	static Map<String, String> of(Stdio stdio, Function<String, @Nullable String> gateway, @Nullable GatewayUser user)
			throws IOException {
		Map<String, String> environment = new LinkedHashMap<>();
		for (String name : PASSED_ON) {
			String value = gateway.apply(name);
			if (value != null) {
				environment.put(name, value);
			}
		}
		for (Map.Entry<String, EnvValue> variable : stdio.env().entrySet()) {
			EnvValue value = variable.getValue();
			environment.put(variable.getKey(), value instanceof EnvValue.FromFile file ? read(variable.getKey(), file)
					: value instanceof EnvValue.FromEnvironment reference ? reference.value()
							: ((EnvValue.Literal) value).value());
		}
		if (user != null) {
			environment.put(USER_ID, user.id());
			if (user.email() != null) {
				environment.put(USER_EMAIL, user.email());
			}
			environment.put(USER_GROUPS, String.join(",", user.groups()));
		}
		return environment;
	}

	private static String read(String name, EnvValue.FromFile file) throws IOException {
		try {
			String content = Files.readString(file.path());
			// A file written with echo or by an editor ends with a line break that is not part of the secret.
			return content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
					: content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
		}
		catch (IOException e) {
			throw new IOException("env " + name + ": the file " + file.path() + " cannot be read ("
					+ e.getClass().getSimpleName() + "): mount it into the gateway's pod", e);
		}
	}

}
