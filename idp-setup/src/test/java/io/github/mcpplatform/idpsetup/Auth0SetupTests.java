package io.github.mcpplatform.idpsetup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.mcpplatform.idpsetup.auth0.RecordedAuth0;
import io.github.mcpplatform.idpsetup.gateway.GatewaySecrets;
import io.github.mcpplatform.idpsetup.gateway.HelmValues;
import tools.jackson.databind.JsonNode;

/**
 * {@code setup-idp auth0} against a recorded contract of Auth0's Management API ({@link RecordedAuth0}: Auth0
 * cannot run here). Each scenario lists every request the tool may make, in order: an extra call (a
 * duplicate, an update of something already right) or a missing one fails the test.
 */
class Auth0SetupTests {

	private static final Map<String, String> M2M = Map.of("AUTH0_CLIENT_ID", "m2m-client", "AUTH0_CLIENT_SECRET", "m2m-secret");

	@TempDir
	Path work;

	@Test
	void aFreshTenantGetsTheApiTheApplicationAndItsConnectionOnce() {
		try (RecordedAuth0 auth0 = new RecordedAuth0("first-run")) {
			Run run = setup(auth0, M2M);

			assertThat(auth0.deviations()).isEmpty();
			assertThat(run.exit()).as(run.output()).isZero();
			assertThat(run.output()).contains("API https://mcp.example.com/api: created", "application MCP gateway: created",
					"connection Username-Password-Authentication: enabled for the application");
		}
		JsonNode upstream = upstream();
		assertThat(upstream.path("issuerUri").asString()).isEqualTo("https://example.eu.auth0.com/");
		assertThat(upstream.path("clientId").asString()).isEqualTo("GwClient00000000000000000000001");
		assertThat(upstream.path("audience").asString()).isEqualTo("https://mcp.example.com/api");
		assertThat(secrets().clientSecret()).isEqualTo("first-client-secret");
	}

	@Test
	void aSecondRunOnlyReadsAndKeepsTheSecretAndKeys() {
		try (RecordedAuth0 auth0 = new RecordedAuth0("first-run")) {
			assertThat(setup(auth0, M2M).exit()).isZero();
		}
		GatewaySecrets.Contents first = secrets();

		try (RecordedAuth0 auth0 = new RecordedAuth0("second-run")) {
			Run run = setup(auth0, M2M);

			assertThat(auth0.deviations()).isEmpty();
			assertThat(run.exit()).as(run.output()).isZero();
			assertThat(run.output()).contains("API https://mcp.example.com/api: up to date", "application MCP gateway: up to date",
					"signing key: kept", "token-encryption key: kept");
		}
		assertThat(secrets()).isEqualTo(first);
	}

	@Test
	void handEditsAreRepairedAndTheSecretRotatesOnlyWhenAsked() {
		try (RecordedAuth0 auth0 = new RecordedAuth0("first-run")) {
			assertThat(setup(auth0, M2M).exit()).isZero();
		}
		GatewaySecrets.Contents first = secrets();

		try (RecordedAuth0 auth0 = new RecordedAuth0("rotate-and-repair")) {
			Run run = setup(auth0, M2M, "--rotate-client-secret");

			assertThat(auth0.deviations()).isEmpty();
			assertThat(run.exit()).as(run.output()).isZero();
			assertThat(run.output()).contains("offline access allowed", "application MCP gateway: updated",
					"secret rotated", "lets anyone sign up");
		}
		assertThat(secrets().clientSecret()).isEqualTo("second-client-secret");
		assertThat(secrets().signingKeySet()).isEqualTo(first.signingKeySet());
	}

	@Test
	void withoutManagementCredentialsTheValuesAreRenderedAgainFromThePreviousRun() {
		try (RecordedAuth0 auth0 = new RecordedAuth0("first-run")) {
			assertThat(setup(auth0, M2M).exit()).isZero();
		}
		GatewaySecrets.Contents first = secrets();

		try (RecordedAuth0 auth0 = new RecordedAuth0("values-only")) {
			Run run = setup(auth0, Map.of(), "--values-only");

			assertThat(auth0.deviations()).isEmpty();
			assertThat(run.exit()).as(run.output()).isZero();
		}
		assertThat(secrets()).isEqualTo(first);
		assertThat(upstream().path("clientId").asString()).isEqualTo("GwClient00000000000000000000001");
	}

	@Test
	void withoutCredentialsOrValuesOnlyNothingIsCalledAndTheMessageSaysWhatToSet() {
		try (RecordedAuth0 auth0 = new RecordedAuth0("values-only")) {
			Run run = setup(auth0, Map.of());

			assertThat(run.exit()).isEqualTo(2);
			assertThat(run.output()).contains("set AUTH0_MANAGEMENT_TOKEN, or AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET")
				.contains("--values-only");
			assertThat(auth0.deviations()).containsExactly("never requested: GET /.well-known/openid-configuration");
		}
	}

	@Test
	void aPlainHttpTenantOffLoopbackIsRefused() {
		StringWriter out = new StringWriter();
		int exit = SetupIdp.run(M2M, new PrintWriter(out, true), new PrintWriter(out, true), "auth0", "--domain",
				"http://tenant.example.com", "--public-url", "https://mcp.example.com", "--dry-run");

		assertThat(exit).isEqualTo(2);
		assertThat(out.toString()).contains("--domain is a host name such as example.eu.auth0.com");
	}

	private JsonNode upstream() {
		return HelmValues.previousUpstream(this.work.resolve("values-idp.yaml")).orElseThrow();
	}

	private GatewaySecrets.Contents secrets() {
		return GatewaySecrets.inManifest(new GatewaySecrets.Names("mcp", "mcp-idp", "mcp-gateway-keys"),
				this.work.resolve("secrets-idp.yaml")).read();
	}

	record Run(int exit, String output) {
	}

	private Run setup(RecordedAuth0 auth0, Map<String, String> environment, String... more) {
		List<String> args = new ArrayList<>(List.of("auth0", "--domain", auth0.base(), "--public-url",
				"https://mcp.example.com", "--dry-run", "--namespace", "mcp", "--values",
				this.work.resolve("values-idp.yaml").toString(), "--manifest", this.work.resolve("secrets-idp.yaml").toString()));
		args.addAll(List.of(more));
		StringWriter out = new StringWriter();
		int exit = SetupIdp.run(environment, new PrintWriter(out, true), new PrintWriter(out, true), args.toArray(String[]::new));
		return new Run(exit, out.toString());
	}

}
