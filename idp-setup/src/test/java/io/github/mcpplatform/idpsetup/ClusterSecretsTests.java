package io.github.mcpplatform.idpsetup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.github.mcpplatform.idpsetup.auth0.RecordedAuth0;

/**
 * Without {@code --dry-run} the Secrets go to the kubeconfig's current context, through fabric8's client (here
 * fabric8's mock API server in CRUD mode, as the project's other Kubernetes tests), and a re-run reads them
 * back from there: the keys stay, nothing is applied twice over.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterSecretsTests {

	static KubernetesClient client;

	@TempDir
	Path work;

	private String previousKubeconfig;

	@BeforeEach
	void pointTheKubeconfigAtTheMockServer() throws Exception {
		Path kubeconfig = Files.writeString(this.work.resolve("kubeconfig"), """
				apiVersion: v1
				kind: Config
				clusters: [{name: test, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
				users: [{name: test, user: {token: test-token}}]
				contexts: [{name: test, context: {cluster: test, user: test, namespace: mcp}}]
				current-context: test
				""".formatted(client.getMasterUrl()));
		this.previousKubeconfig = System.getProperty("kubeconfig");
		System.setProperty("kubeconfig", kubeconfig.toString());
	}

	@AfterEach
	void restoreTheKubeconfig() {
		if (this.previousKubeconfig == null) {
			System.clearProperty("kubeconfig");
		}
		else {
			System.setProperty("kubeconfig", this.previousKubeconfig);
		}
	}

	@Test
	void theSecretsAreAppliedInTheContextsNamespaceAndKeptOnReRuns() {
		try (RecordedAuth0 auth0 = new RecordedAuth0("first-run")) {
			assertThat(setup(auth0)).isZero();
		}
		Secret keys = client.secrets().inNamespace("mcp").withName("mcp-gateway-keys").get();
		Secret idp = client.secrets().inNamespace("mcp").withName("mcp-idp").get();
		assertThat(decoded(idp, "client-secret")).isEqualTo("first-client-secret");
		assertThat(decoded(keys, "signing.jwks")).contains("\"d\"");
		assertThat(keys.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "setup-idp");

		try (RecordedAuth0 auth0 = new RecordedAuth0("second-run")) {
			assertThat(setup(auth0)).isZero();
		}

		Secret again = client.secrets().inNamespace("mcp").withName("mcp-gateway-keys").get();
		assertThat(again.getData()).isEqualTo(keys.getData());
		assertThat(client.secrets().inNamespace("mcp").list().getItems()).hasSize(2);
	}

	@Test
	void keysAloneAreMadeOnceKeptOnReRunsAndRotatedWithTheOldKeyStillPublished() {
		assertThat(run("keys", "--namespace", "local")).isZero();
		String signing = decoded(client.secrets().inNamespace("local").withName("mcp-gateway-keys").get(), "signing.jwks");

		assertThat(run("keys", "--namespace", "local")).isZero();
		assertThat(decoded(client.secrets().inNamespace("local").withName("mcp-gateway-keys").get(), "signing.jwks"))
			.isEqualTo(signing);

		assertThat(run("keys", "--namespace", "local", "--rotate-signing-key")).isZero();
		String rotated = decoded(client.secrets().inNamespace("local").withName("mcp-gateway-keys").get(), "signing.jwks");
		String oldKid = signing.replaceAll("(?s).*\"kid\" : \"([^\"]+)\".*", "$1");
		assertThat(rotated).isNotEqualTo(signing).contains(oldKid);
		assertThat(client.secrets().inNamespace("local").withName("mcp-idp").get()).isNull();
	}

	private static int run(String... args) {
		StringWriter out = new StringWriter();
		return SetupIdp.run(Map.of(), new PrintWriter(out, true), new PrintWriter(out, true), args);
	}

	private int setup(RecordedAuth0 auth0) {
		StringWriter out = new StringWriter();
		int exit = SetupIdp.run(Map.of("AUTH0_CLIENT_ID", "m2m-client", "AUTH0_CLIENT_SECRET", "m2m-secret"),
				new PrintWriter(out, true), new PrintWriter(out, true), "auth0", "--domain", auth0.base(), "--public-url",
				"https://mcp.example.com", "--values", this.work.resolve("values-idp.yaml").toString());
		assertThat(auth0.deviations()).as(out.toString()).isEmpty();
		return exit;
	}

	private static String decoded(Secret secret, String key) {
		return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
	}

}
