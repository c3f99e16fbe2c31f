package io.github.mcpplatform.gateway.configrepo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code auth} field of a backend entry: each credential type, and what is refused with what words. */
class BackendAuthEntriesTests {

	@TempDir
	Path root;

	private final ConfigRepoLoader loader = new ConfigRepoLoader(Map.of("SEARCH_API_KEY", "s3cret-key",
			"SEARCH_CLIENT_SECRET", "s3cret-client", "EMPTY", "", "NEWLINE", "a\nb")::get);

	@Test
	void eachCredentialTypeIsReadWithItsFieldsAndSecretsFromTheEnvironment() throws IOException {
		write("""
				backends:
				  - name: plain
				    url: http://plain/mcp
				  - name: open
				    url: http://open/mcp
				    auth: {type: none}
				  - name: keyed
				    url: http://keyed/mcp
				    auth: {type: header, name: X-Api-Key, value: "${SEARCH_API_KEY}"}
				  - name: bearer
				    url: http://bearer/mcp
				    auth: {type: header, value: "${SEARCH_API_KEY}"}
				  - name: machine
				    url: http://machine/mcp
				    auth:
				      type: client-credentials
				      token-url: https://idp.example.com/oauth/token
				      client-id: search-gateway
				      client-secret: ${SEARCH_CLIENT_SECRET}
				      scope: search.read
				      audience: https://search.example.com
				  - name: signed
				    url: http://signed/mcp
				    auth: {type: gateway-jwt}
				  - name: person
				    url: http://person/mcp
				    auth: {type: token-exchange, audience: hr-api}
				  - name: exchanged
				    url: http://exchanged/mcp
				    auth:
				      type: token-exchange
				      token-url: https://idp.example.com/oauth/token
				      client-id: hr-exchanger
				      client-secret: ${SEARCH_CLIENT_SECRET}
				      resource: https://hr.example.com/mcp
				      scope: hr.read
				      requested-token-type: urn:ietf:params:oauth:token-type:jwt
				""");

		ConfigSnapshot snapshot = this.loader.load(this.root);

		assertThat(snapshot.backends()).extracting(BackendDefinition::auth).containsExactly(BackendAuth.GATEWAY_JWT,
				new BackendAuth.None(), new BackendAuth.StaticHeader("X-Api-Key", "s3cret-key"),
				new BackendAuth.StaticHeader("Authorization", "s3cret-key"),
				new BackendAuth.ClientCredentials(URI.create("https://idp.example.com/oauth/token"), "search-gateway",
						"s3cret-client", "search.read", "https://search.example.com"),
				BackendAuth.GATEWAY_JWT,
				new BackendAuth.TokenExchange(null, null, null, "hr-api", null, null, BackendAuth.TokenExchange.ACCESS_TOKEN,
						BackendAuth.TokenExchange.ACCESS_TOKEN),
				new BackendAuth.TokenExchange(URI.create("https://idp.example.com/oauth/token"), "hr-exchanger",
						"s3cret-client", null, "https://hr.example.com/mcp", "hr.read", BackendAuth.TokenExchange.JWT,
						BackendAuth.TokenExchange.ACCESS_TOKEN));
		assertThat(snapshot.backends().toString()).doesNotContain("s3cret");
	}

	@Test
	void malformedCredentialsAreRefusedWithFileLineFieldAndWhatToWriteNeverTheSecret() throws IOException {
		write("""
				backends:
				  - name: a
				    url: http://a/mcp
				    auth: none
				  - name: b
				    url: http://b/mcp
				    auth: {type: kerberos}
				  - name: c
				    url: http://c/mcp
				    auth: {type: header, name: X-Api-Key, value: literally-the-key}
				  - name: d
				    url: http://d/mcp
				    auth: {type: header, name: Mcp-Session-Id, value: "${SEARCH_API_KEY}"}
				  - name: e
				    url: http://e/mcp
				    auth: {type: client-credentials, token-url: "http://idp.example.com/token", client-id: x, client-secret: "${SEARCH_CLIENT_SECRET}"}
				  - name: f
				    url: http://f/mcp
				    auth: {type: client-credentials, client-id: x, client-secret: "${MISSING_SECRET}"}
				  - name: g
				    url: http://g/mcp
				    auth: {type: none, value: "${SEARCH_API_KEY}"}
				  - name: h
				    url: http://h/mcp
				    auth: {name: X-Api-Key}
				  - name: i
				    url: http://i/mcp
				    auth: {type: header, value: "${NEWLINE}"}
				  - name: j
				    url: http://j/mcp
				    auth: {type: token-exchange, audience: hr-api, client-id: hr-exchanger, client-secret: "${HR_EXCHANGE_SECRET}"}
				  - name: k
				    url: http://k/mcp
				    auth: {type: token-exchange, client-id: hr-exchanger}
				""");

		assertThatThrownBy(() -> this.loader.load(this.root)).isInstanceOfSatisfying(ConfigRejectedException.class,
				e -> assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
						"backends.yaml:4 backends[0].auth: must be a mapping with a type, e.g. auth: {type: none}",
						"backends.yaml:7 backends[1].auth.type: 'kerberos' is not a credential type: use gateway-jwt, header, client-credentials, token-exchange or none",
						"backends.yaml:10 backends[2].auth.value: must be an environment reference such as ${SEARCH_API_KEY}: secrets never live in the config repo",
						"backends.yaml:13 backends[3].auth.name: 'Mcp-Session-Id' is not a header the gateway can send for credentials: use e.g. Authorization or X-Api-Key",
						"backends.yaml:16 backends[4].auth.token-url: 'http://idp.example.com/token' must be an https URL (http only on loopback): the client secret travels to it",
						"backends.yaml:19 backends[5].auth.token-url: is required for type client-credentials",
						"backends.yaml:19 backends[5].auth.client-secret: references environment variable MISSING_SECRET, which is not set",
						"backends.yaml:22 backends[6].auth.value: is not a field of type none (allowed: type)",
						"backends.yaml:25 backends[7].auth.type: is required: gateway-jwt, header, client-credentials, token-exchange or none",
						"backends.yaml:28 backends[8].auth.value: the variable it references is empty or holds a line break or control character",
						"backends.yaml:31 backends[9].auth.client-secret: references environment variable HR_EXCHANGE_SECRET, which is not set",
						"backends.yaml:34 backends[10].auth.client-secret: is required with client-id: give both for the client that exchanges, or neither for the gateway's own upstream client",
						"backends.yaml:34 backends[10].auth.audience: is required for type token-exchange (or resource, or both): the exchanged token is for this backend"))
			.hasMessageNotContaining("s3cret").hasMessageNotContaining("literally-the-key");
	}

	private void write(String content) throws IOException {
		Files.writeString(this.root.resolve("backends.yaml"), content);
	}

}
