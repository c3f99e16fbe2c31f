package io.github.mcpplatform.gateway.configrepo;

import java.util.List;

import io.github.mcpplatform.gateway.configrepo.BackendsSchemaSamples.Sample;

/**
 * Samples of {@code transport: stdio} backends on which the JSON Schema and the loader (with stdio backends on)
 * must give the same verdict. Left out by nature: the gateway setting that turns stdio backends off (the schema
 * does not know it), and whether a {@code {file: ...}} exists (read when the process starts).
 */
final class StdioSchemaSamples {

	private StdioSchemaSamples() {
	}

	static List<Sample> all() {
		return List.of(valid("the smallest stdio backend", "backends:\n  - {name: e, transport: stdio, sharing: shared, command: node}"),
				valid("a stdio backend with every field", """
						backends:
						  - name: everything
						    transport: stdio
						    sharing: per-user
						    max-processes: 100
						    idle-timeout: 24h
						    command: /usr/bin/node
						    args: [/opt/mcp/server-everything/dist/index.js, stdio, --port=3000, ""]
						    env:
						      LOG_LEVEL: info
						      EMPTY: ""
						      DATA_DIR: /var/lib/mcp/everything/with/a/long/path/of/more/than/32/characters
						      GITHUB_TOKEN: "${GITHUB_TOKEN}"
						      api_key: {file: /var/run/secrets/mcp/api-key}
						      OPTIONS: "${OPTIONS}"
						    timeout: 10s
						    prefix: ev
						    access: {groups: [dev]}
						"""),
				valid("per-user with the shortest idle timeout", """
						backends:
						  - {name: a, transport: stdio, sharing: per-user, command: a, max-processes: 1, idle-timeout: 1m}
						  - {name: b, transport: stdio, sharing: per-user, command: b, idle-timeout: 1440m}
						"""),
				valid("streamable-http said explicitly", "backends:\n  - {name: a, transport: streamable-http, url: http://a/mcp}"),
				invalid("an unknown transport", "backends:\n  - {name: a, transport: carrier-pigeon, url: http://a/mcp}"),
				invalid("stdio with a url", "backends:\n  - {name: a, transport: stdio, sharing: shared, command: a, url: http://a/mcp}"),
				invalid("stdio with auth", "backends:\n  - {name: a, transport: stdio, sharing: shared, command: a, auth: {type: none}}"),
				invalid("stdio without sharing", "backends:\n  - {name: a, transport: stdio, command: a}"),
				invalid("stdio with an unknown sharing", "backends:\n  - {name: a, transport: stdio, sharing: everyone, command: a}"),
				invalid("stdio without a command", "backends:\n  - {name: a, transport: stdio, sharing: shared}"),
				invalid("a command with a space", "backends:\n  - {name: a, transport: stdio, sharing: shared, command: node server.js}"),
				invalid("a command from the environment", "backends:\n  - {name: a, transport: stdio, sharing: shared, command: \"${CMD}\"}"),
				invalid("a command on an http backend", "backends:\n  - {name: a, url: http://a/mcp, command: a}"),
				invalid("env on an http backend", "backends:\n  - {name: a, url: http://a/mcp, env: {A: b}}"),
				invalid("max-processes on a shared process",
						"backends:\n  - {name: a, transport: stdio, sharing: shared, command: a, max-processes: 2}"),
				invalid("idle-timeout on a shared process",
						"backends:\n  - {name: a, transport: stdio, sharing: shared, command: a, idle-timeout: 5m}"),
				invalid("no processes", "backends:\n  - {name: a, transport: stdio, sharing: per-user, command: a, max-processes: 0}"),
				invalid("too many processes",
						"backends:\n  - {name: a, transport: stdio, sharing: per-user, command: a, max-processes: 101}"),
				invalid("max-processes in quotes",
						"backends:\n  - {name: a, transport: stdio, sharing: per-user, command: a, max-processes: \"10\"}"),
				invalid("an idle timeout in seconds",
						"backends:\n  - {name: a, transport: stdio, sharing: per-user, command: a, idle-timeout: 90s}"),
				invalid("an idle timeout over a day",
						"backends:\n  - {name: a, transport: stdio, sharing: per-user, command: a, idle-timeout: 25h}"),
				invalid("a reference in args", "backends:\n  - {name: a, transport: stdio, sharing: shared, command: a, args: [\"${TOKEN}\"]}"),
				invalid("a token in args", "backends:\n  - {name: a, transport: stdio, sharing: shared, command: a, args: [--token=ghp_abcdefghij0123]}"),
				invalid("args not a list", "backends:\n  - {name: a, transport: stdio, sharing: shared, command: a, args: --verbose}"),
				invalid("a number in args", "backends:\n  - {name: a, transport: stdio, sharing: shared, command: a, args: [3000]}"),
				invalid("a literal value for a secret's name",
						"backends:\n  - {name: a, transport: stdio, sharing: shared, command: a, env: {SEARCH_API_KEY: hunter2}}"),
				invalid("a literal value for a secret's name in lowercase",
						"backends:\n  - {name: a, transport: stdio, sharing: shared, command: a, env: {db_password: hunter2}}"),
				invalid("a literal that looks like a GitHub token",
						"backends:\n  - {name: a, transport: stdio, sharing: shared, command: a, env: {OPTS: ghp_abcdefghij0123}}"),
				invalid("a literal that looks like an API key", """
						backends:
						  - {name: a, transport: stdio, sharing: shared, command: a, env: {OPTS: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b}}
						"""),
				invalid("a literal holding a PEM block", """
						backends:
						  - {name: a, transport: stdio, sharing: shared, command: a, env: {CA: "-----BEGIN CERTIFICATE-----"}}
						"""),
				invalid("a reference that is not the whole value",
						"backends:\n  - {name: a, transport: stdio, sharing: shared, command: a, env: {URL: \"http://${HOST}/x\"}}"),
				invalid("a variable of the gateway's own",
						"backends:\n  - {name: a, transport: stdio, sharing: shared, command: a, env: {MCP_GATEWAY_USER_ID: x}}"),
				invalid("a variable name with a dash", "backends:\n  - {name: a, transport: stdio, sharing: shared, command: a, env: {LOG-LEVEL: x}}"),
				invalid("a number in env", "backends:\n  - {name: a, transport: stdio, sharing: shared, command: a, env: {PORT: 8080}}"),
				invalid("a relative file", "backends:\n  - {name: a, transport: stdio, sharing: shared, command: a, env: {API_KEY: {file: key}}}"),
				invalid("a file with another field",
						"backends:\n  - {name: a, transport: stdio, sharing: shared, command: a, env: {API_KEY: {file: /k, mode: raw}}}"));
	}

	private static Sample valid(String name, String yaml) {
		return new Sample("stdio: " + name, ConfigRepoLoader.BACKENDS_FILE, yaml, true);
	}

	private static Sample invalid(String name, String yaml) {
		return new Sample("stdio: " + name, ConfigRepoLoader.BACKENDS_FILE, yaml, false);
	}

}
