package io.github.mcpplatform.cnpg.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How clients reach the server, chosen on the command line: {@code --transport http} (the default: streamable
 * HTTP on {@code server.port}) or {@code --transport stdio}, where the client starts the server and speaks
 * MCP over its standard input and output, as desktop clients do with local servers.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#stdio">MCP stdio
 *     transport</a>
 */
public enum Transport {

	HTTP, STDIO;

	private static final String OPTION = "--transport";

	/**
	 * The transport the arguments ask for, {@link #HTTP} when they name none.
	 *
	 * @throws IllegalArgumentException naming the valid values, when the option has another value or none
	 */
	public static Transport fromArguments(String... args) {
		Transport chosen = HTTP;
		for (int i = 0; i < args.length; i++) {
			String value = null;
			if (args[i].equals(OPTION)) {
				if (i + 1 >= args.length) {
					throw new IllegalArgumentException(OPTION + " needs a value: http or stdio");
				}
				value = args[++i];
			}
			else if (args[i].startsWith(OPTION + "=")) {
				value = args[i].substring(OPTION.length() + 1);
			}
			if (value != null) {
				try {
					chosen = valueOf(value.toUpperCase(Locale.ROOT));
				}
				catch (IllegalArgumentException e) {
					throw new IllegalArgumentException(OPTION + " '" + value + "' is not a transport: use http or stdio");
				}
			}
		}
		return chosen;
	}

	/** The arguments without the transport option, for Spring Boot, which would read it as a property. */
	public static String[] withoutTransport(String... args) {
		List<String> rest = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals(OPTION)) {
				i++;
			}
			else if (!args[i].startsWith(OPTION + "=")) {
				rest.add(args[i]);
			}
		}
		return rest.toArray(String[]::new);
	}

	/**
	 * The command line for Spring Boot: the settings this transport needs, then {@code args}. Over stdio, standard
	 * output carries MCP messages and nothing else, so logs go to standard error, and there is no web server. As
	 * command-line properties they outrank every configuration file, where a stray setting would break the
	 * transport.
	 */
	public String[] arguments(String... args) {
		List<String> all = new ArrayList<>();
		if (this == STDIO) {
			all.addAll(List.of("--spring.ai.mcp.server.stdio=true", "--spring.main.web-application-type=none",
					"--logging.config=classpath:logback-stdio.xml"));
		}
		all.addAll(List.of(args));
		return all.toArray(String[]::new);
	}

}
