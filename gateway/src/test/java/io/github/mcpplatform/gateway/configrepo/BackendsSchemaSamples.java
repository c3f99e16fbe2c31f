package io.github.mcpplatform.gateway.configrepo;

import java.util.List;

/**
 * Sample config repo files on which the JSON Schema and the loader must give the same verdict.
 *
 * <p>
 * Left out, because the two cannot agree by nature:
 * <ul>
 * <li>names or prefixes used twice across entries or files: JSON Schema sees one document at a time, and cannot
 * compare values across array items;</li>
 * <li>a key written twice in one mapping: the YAML parser behind the schema keeps the last value, so the schema
 * never sees the duplicate;</li>
 * <li>a {@code backends:} list inside {@code backends/<name>.yaml}, or a single backend in {@code backends.yaml}:
 * one schema serves both files, so it accepts either shape in either file;</li>
 * <li>anything about an environment reference's value (unset, empty, a line break, or a {@code ${URL}} that
 * resolves to an ftp URL, a {@code name: ${TEAM}} that resolves to capitals): the schema sees the text as
 * written and lets any value with a reference through, the loader checks the resolved value;</li>
 * <li>words that YAML 1.1 (the loader's SnakeYAML) and YAML 1.2 (the schema's parser) type differently, such as
 * {@code name: yes}, and host names {@code java.net.URI} does not take (e.g. with an underscore).</li>
 * </ul>
 */
final class BackendsSchemaSamples {

	/** A sample file: its path in the repo, its text, and whether both must accept it. */
	record Sample(String name, String file, String yaml, boolean valid) {

		@Override
		public String toString() {
			return (this.valid ? "accepted: " : "refused: ") + this.name;
		}

	}

	private BackendsSchemaSamples() {
	}

	static List<Sample> all() {
		return List.of(
				valid("the smallest backend", "backends:\n  - {name: a, url: http://a/mcp}"),
				valid("an empty list", "backends: []"),
				valid("every field", """
						backends:
						  - name: billing-db
						    url: https://billing.internal.example.com:8443/mcp?tenant=a@b
						    prefix: bill
						    enabled: false
						    timeout: 1500ms
						    description: Billing records
						    access: {groups: [dba, billing-oncall], users: [alice@example.com, "12345"]}
						    auth: {type: gateway-jwt}
						"""),
				valid("a legacy HTTP+SSE backend", "backends:\n  - {name: a, url: http://a/sse, transport: sse}"),
				valid("streamable HTTP declared", "backends:\n  - {name: a, url: http://a/mcp, transport: streamable-http}"),
				valid("a url from the environment", "backends:\n  - {name: a, url: \"${SEARCH_URL}\"}"),
				valid("a url with a host from the environment", "backends:\n  - {name: a, url: \"http://${HOST}:3000/mcp\"}"),
				valid("a name, prefix and timeout from the environment",
						"backends:\n  - {name: \"${TEAM}-db\", url: http://a/mcp, prefix: \"${TEAM}\", timeout: \"${TIMEOUT}\"}"),
				valid("an IPv6 url", "backends:\n  - {name: a, url: \"http://[::1]:3000/mcp\"}"),
				valid("the shortest and longest timeouts", """
						backends:
						  - {name: a, url: http://a/mcp, timeout: 1s}
						  - {name: b, url: http://b/mcp, timeout: 5m}
						  - {name: c, url: http://c/mcp, timeout: 300000ms}
						  - {name: d, url: http://d/mcp, timeout: 1000ms}
						  - {name: e, url: http://e/mcp, timeout: 300s}
						"""),
				valid("one backend per file", "backends/search.yaml", "name: search\nurl: http://search/mcp\n"),
				valid("access with users only", "backends:\n  - {name: a, url: http://a/mcp, access: {users: [local]}}"),
				valid("access with an empty list next to a full one",
						"backends:\n  - {name: a, url: http://a/mcp, access: {groups: [], users: [bob]}}"),
				valid("auth none", "backends:\n  - {name: a, url: http://a/mcp, auth: {type: none}}"),
				valid("auth header with a name", """
						backends:
						  - {name: a, url: http://a/mcp, auth: {type: header, name: X-Api-Key, value: "${SEARCH_API_KEY}"}}
						"""),
				valid("auth header defaulting to Authorization",
						"backends:\n  - {name: a, url: http://a/mcp, auth: {type: header, value: \"${TICKETS_BEARER}\"}}"),
				valid("auth client-credentials with every field", """
						backends:
						  - name: a
						    url: http://a/mcp
						    auth:
						      type: client-credentials
						      token-url: https://idp.example.com/oauth/token
						      client-id: gw
						      client-secret: ${BILLING_CLIENT_SECRET}
						      scope: billing.read
						      audience: https://billing.example.com
						"""),
				valid("auth client-credentials on loopback, its token url from the environment", """
						backends:
						  - {name: a, url: http://a/mcp, auth: {type: client-credentials, token-url: "http://localhost",
						     client-id: gw, client-secret: "${S}"}}
						  - {name: b, url: http://b/mcp, auth: {type: client-credentials, token-url: "${IDP_TOKEN_URL}",
						     client-id: "${CLIENT_ID}", client-secret: "${S}"}}
						"""),
				valid("auth token-exchange with every field", """
						backends:
						  - name: a
						    url: http://a/mcp
						    auth:
						      type: token-exchange
						      token-url: https://idp.example.com/realms/corp/protocol/openid-connect/token
						      client-id: hr-exchanger
						      client-secret: ${HR_EXCHANGE_SECRET}
						      audience: hr-api
						      resource: https://hr.example.com/mcp
						      scope: hr.read
						      requested-token-type: urn:ietf:params:oauth:token-type:jwt
						      subject-token-type: urn:ietf:params:oauth:token-type:access_token
						"""),
				valid("auth token-exchange with only an audience, or only a resource", """
						backends:
						  - {name: a, url: http://a/mcp, auth: {type: token-exchange, audience: hr-api}}
						  - {name: b, url: http://b/mcp, auth: {type: token-exchange, resource: "${HR_URL}"}}
						"""),
				invalid("token-exchange without an audience or a resource",
						"backends:\n  - {name: a, url: http://a/mcp, auth: {type: token-exchange, scope: hr.read}}"),
				invalid("token-exchange with a client id but no secret",
						"backends:\n  - {name: a, url: http://a/mcp, auth: {type: token-exchange, audience: hr, client-id: x}}"),
				invalid("token-exchange with a secret but no client id",
						"backends:\n  - {name: a, url: http://a/mcp, auth: {type: token-exchange, audience: hr, client-secret: \"${S}\"}}"),
				invalid("token-exchange with a literal secret", """
						backends:
						  - {name: a, url: http://a/mcp, auth: {type: token-exchange, audience: hr, client-id: x, client-secret: s3cret}}
						"""),
				invalid("token-exchange with a relative resource",
						"backends:\n  - {name: a, url: http://a/mcp, auth: {type: token-exchange, resource: /hr/mcp}}"),
				invalid("token-exchange with a resource that has a fragment",
						"backends:\n  - {name: a, url: http://a/mcp, auth: {type: token-exchange, resource: \"https://hr/mcp#x\"}}"),
				invalid("token-exchange asking for a refresh token", """
						backends:
						  - {name: a, url: http://a/mcp, auth: {type: token-exchange, audience: hr,
						     requested-token-type: "urn:ietf:params:oauth:token-type:refresh_token"}}
						"""),
				invalid("token-exchange with an id token as subject", """
						backends:
						  - {name: a, url: http://a/mcp, auth: {type: token-exchange, audience: hr,
						     subject-token-type: "urn:ietf:params:oauth:token-type:id_token"}}
						"""),
				invalid("token-exchange with an http token url off loopback",
						"backends:\n  - {name: a, url: http://a/mcp, auth: {type: token-exchange, audience: hr, token-url: \"http://idp/t\"}}"),
				invalid("token-exchange with a header's field",
						"backends:\n  - {name: a, url: http://a/mcp, auth: {type: token-exchange, audience: hr, name: X-Key}}"),
				invalid("not a mapping", "- name: a"),
				invalid("an unknown top-level key", "backends: []\nextra: 1"),
				invalid("backends not a list", "backends: {name: a, url: http://a/mcp}"),
				invalid("an entry that is not a mapping", "backends:\n  - a"),
				invalid("an unknown field", "backends:\n  - {name: a, url: http://a/mcp, retries: 3}"),
				invalid("no url", "backends:\n  - {name: a}"),
				invalid("no name", "backends:\n  - {url: http://a/mcp}"),
				invalid("a name with capitals", "backends:\n  - {name: Billing, url: http://a/mcp}"),
				invalid("a name ending in a dash", "backends:\n  - {name: a-, url: http://a/mcp}"),
				invalid("a name of 64 characters", "backends:\n  - {name: " + "a".repeat(64) + ", url: http://a/mcp}"),
				invalid("a name YAML reads as a number", "backends:\n  - {name: 123, url: http://a/mcp}"),
				invalid("a prefix with an underscore", "backends:\n  - {name: a, url: http://a/mcp, prefix: my_db}"),
				invalid("a prefix of 33 characters", "backends:\n  - {name: a, url: http://a/mcp, prefix: " + "p".repeat(33) + "}"),
				invalid("an ftp url", "backends:\n  - {name: a, url: ftp://a/mcp}"),
				invalid("a url in capitals", "backends:\n  - {name: a, url: HTTP://A/MCP}"),
				invalid("a relative url", "backends:\n  - {name: a, url: /mcp}"),
				invalid("a url with credentials", "backends:\n  - {name: a, url: \"http://user:secret@a/mcp\"}"),
				invalid("a url without a host", "backends:\n  - {name: a, url: \"http:///mcp\"}"),
				invalid("an unknown transport", "backends:\n  - {name: a, url: http://a/mcp, transport: websocket}"),
				invalid("a transport in capitals", "backends:\n  - {name: a, url: http://a/sse, transport: SSE}"),
				invalid("a transport from the environment", "backends:\n  - {name: a, url: http://a/sse, transport: \"${KIND}\"}"),
				invalid("a transport that is a mapping", "backends:\n  - {name: a, url: http://a/sse, transport: {type: sse}}"),
				invalid("a timeout of 10 minutes", "backends:\n  - {name: a, url: http://a/mcp, timeout: 10m}"),
				valid("long calls: the shortest and longest bounds, per tool too", """
						backends:
						  - {name: a, url: http://a/mcp, max-call-duration: 1s}
						  - {name: b, url: http://b/mcp, max-call-duration: 2h}
						  - {name: c, url: http://c/mcp, max-call-duration: 7200000ms}
						  - {name: d, url: http://d/mcp, max-call-duration: 120m}
						  - name: e
						    url: http://e/mcp
						    max-call-duration: 7200s
						    max-call-duration-per-tool: {create_postgres_cluster: 20m, get.status-2: 1000ms}
						"""),
				valid("a max call duration from the environment",
						"backends:\n  - {name: a, url: http://a/mcp, max-call-duration: \"${TIMEOUT}\"}"),
				invalid("a max call duration over two hours", "backends:\n  - {name: a, url: http://a/mcp, max-call-duration: 3h}"),
				invalid("a max call duration under a second", "backends:\n  - {name: a, url: http://a/mcp, max-call-duration: 999ms}"),
				invalid("a max call duration in days", "backends:\n  - {name: a, url: http://a/mcp, max-call-duration: 1d}"),
				invalid("a max call duration that is a number", "backends:\n  - {name: a, url: http://a/mcp, max-call-duration: 60}"),
				invalid("a per-tool bound for a name no tool can have",
						"backends:\n  - {name: a, url: http://a/mcp, max-call-duration-per-tool: {\"a tool\": 5m}}"),
				invalid("a per-tool bound that is too long",
						"backends:\n  - {name: a, url: http://a/mcp, max-call-duration-per-tool: {create: 121m}}"),
				invalid("per-tool bounds as a list",
						"backends:\n  - {name: a, url: http://a/mcp, max-call-duration-per-tool: [create]}"),
				invalid("a timeout of 999ms", "backends:\n  - {name: a, url: http://a/mcp, timeout: 999ms}"),
				invalid("a timeout of 301s", "backends:\n  - {name: a, url: http://a/mcp, timeout: 301s}"),
				invalid("a timeout of 0m", "backends:\n  - {name: a, url: http://a/mcp, timeout: 0m}"),
				invalid("a timeout without a unit", "backends:\n  - {name: a, url: http://a/mcp, timeout: 30}"),
				invalid("a timeout in capitals", "backends:\n  - {name: a, url: http://a/mcp, timeout: 30S}"),
				invalid("a timeout in microseconds", "backends:\n  - {name: a, url: http://a/mcp, timeout: 2000000us}"),
				invalid("a timeout with a sign", "backends:\n  - {name: a, url: http://a/mcp, timeout: +30s}"),
				invalid("enabled as text", "backends:\n  - {name: a, url: http://a/mcp, enabled: \"true\"}"),
				invalid("enabled as True", "backends:\n  - {name: a, url: http://a/mcp, enabled: True}"),
				invalid("enabled as YAML 1.1's yes", "backends:\n  - {name: a, url: http://a/mcp, enabled: yes}"),
				invalid("an empty description", "backends:\n  - name: a\n    url: http://a/mcp\n    description:\n"),
				invalid("a description that is a list", "backends:\n  - {name: a, url: http://a/mcp, description: [a]}"),
				invalid("empty access", "backends:\n  - {name: a, url: http://a/mcp, access: {}}"),
				invalid("access with empty lists", "backends:\n  - {name: a, url: http://a/mcp, access: {groups: [], users: []}}"),
				invalid("access that is a list", "backends:\n  - {name: a, url: http://a/mcp, access: [dba]}"),
				invalid("access with an unknown field", "backends:\n  - {name: a, url: http://a/mcp, access: {roles: [dba]}}"),
				invalid("access groups that are not a list", "backends:\n  - {name: a, url: http://a/mcp, access: {groups: dba}}"),
				invalid("an access name with spaces around it",
						"backends:\n  - {name: a, url: http://a/mcp, access: {users: [\" bob\"]}}"),
				invalid("an empty access name", "backends:\n  - {name: a, url: http://a/mcp, access: {users: [\"\"]}}"),
				invalid("an access name of 257 characters",
						"backends:\n  - {name: a, url: http://a/mcp, access: {users: [" + "u".repeat(257) + "]}}"),
				invalid("an access name YAML reads as a number",
						"backends:\n  - {name: a, url: http://a/mcp, access: {users: [12345]}}"),
				invalid("an access name that is a mapping",
						"backends:\n  - {name: a, url: http://a/mcp, access: {users: [{name: bob}]}}"),
				invalid("auth that is text", "backends:\n  - {name: a, url: http://a/mcp, auth: none}"),
				invalid("auth without a type", "backends:\n  - {name: a, url: http://a/mcp, auth: {value: \"${K}\"}}"),
				invalid("an unknown auth type", "backends:\n  - {name: a, url: http://a/mcp, auth: {type: passthrough}}"),
				invalid("auth none with a field", "backends:\n  - {name: a, url: http://a/mcp, auth: {type: none, value: \"${K}\"}}"),
				invalid("auth gateway-jwt with a field",
						"backends:\n  - {name: a, url: http://a/mcp, auth: {type: gateway-jwt, scope: x}}"),
				invalid("a literal secret in a header",
						"backends:\n  - {name: a, url: http://a/mcp, auth: {type: header, value: s3cret}}"),
				invalid("a secret with text around its reference",
						"backends:\n  - {name: a, url: http://a/mcp, auth: {type: header, value: \"Bearer ${K}\"}}"),
				invalid("a header without a value", "backends:\n  - {name: a, url: http://a/mcp, auth: {type: header, name: X-Key}}"),
				invalid("a header name with a space",
						"backends:\n  - {name: a, url: http://a/mcp, auth: {type: header, name: X Key, value: \"${K}\"}}"),
				invalid("a header the gateway sets itself",
						"backends:\n  - {name: a, url: http://a/mcp, auth: {type: header, name: mcp-session-ID, value: \"${K}\"}}"),
				invalid("a header named Content-Type",
						"backends:\n  - {name: a, url: http://a/mcp, auth: {type: header, name: Content-Type, value: \"${K}\"}}"),
				invalid("a header name YAML reads as a number",
						"backends:\n  - {name: a, url: http://a/mcp, auth: {type: header, name: 1234, value: \"${K}\"}}"),
				invalid("a header field that is a list",
						"backends:\n  - {name: a, url: http://a/mcp, auth: {type: header, value: [\"${K}\"]}}"),
				invalid("client-credentials without a client id", """
						backends:
						  - {name: a, url: http://a/mcp, auth: {type: client-credentials, token-url: "https://idp/t",
						     client-secret: "${S}"}}
						"""),
				invalid("client-credentials without a token url",
						"backends:\n  - {name: a, url: http://a/mcp, auth: {type: client-credentials, client-id: gw, client-secret: \"${S}\"}}"),
				invalid("client-credentials without a secret", """
						backends:
						  - {name: a, url: http://a/mcp, auth: {type: client-credentials, token-url: "https://idp/t", client-id: gw}}
						"""),
				invalid("client-credentials with a literal secret", """
						backends:
						  - {name: a, url: http://a/mcp, auth: {type: client-credentials, token-url: "https://idp/t", client-id: gw,
						     client-secret: s3cret}}
						"""),
				invalid("client-credentials with an empty client id", """
						backends:
						  - {name: a, url: http://a/mcp, auth: {type: client-credentials, token-url: "https://idp/t", client-id: "",
						     client-secret: "${S}"}}
						"""),
				invalid("client-credentials with an http token url off loopback", """
						backends:
						  - {name: a, url: http://a/mcp, auth: {type: client-credentials, token-url: "http://idp/t", client-id: gw,
						     client-secret: "${S}"}}
						"""),
				invalid("client-credentials with a header's field", """
						backends:
						  - {name: a, url: http://a/mcp, auth: {type: client-credentials, token-url: "https://idp/t", client-id: gw,
						     client-secret: "${S}", name: X-Key}}
						"""),
				invalid("a file in backends/ without a url", "backends/a.yaml", "name: a\n"),
				invalid("a file in backends/ with an unknown field", "backends/a.yaml", "name: a\nurl: http://a/mcp\nport: 80\n"));
	}

	private static Sample valid(String name, String yaml) {
		return new Sample(name, ConfigRepoLoader.BACKENDS_FILE, yaml, true);
	}

	private static Sample valid(String name, String file, String yaml) {
		return new Sample(name, file, yaml, true);
	}

	private static Sample invalid(String name, String yaml) {
		return new Sample(name, ConfigRepoLoader.BACKENDS_FILE, yaml, false);
	}

	private static Sample invalid(String name, String file, String yaml) {
		return new Sample(name, file, yaml, false);
	}

}
