package io.github.mcpplatform.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Volume;
import org.junit.jupiter.api.Test;

/** Secrets reach the gateway by reference: existing Secrets by name, or the chart's own; never in a ConfigMap. */
class SecretReferenceTests {

	@Test
	void existingSecretsAreReferencedByNameAndTheChartMakesNone() {
		Rendered rendered = Charts.render(Scenario.of());

		assertThat(secretEnv(rendered)).containsEntry("GATEWAY_AUTH_UPSTREAM_CLIENTSECRET", "mcp-idp/client-secret")
			.containsEntry("SPRING_DATA_REDIS_PASSWORD", Rendered.name("redis") + "/redis-password")
			.doesNotContainKeys("GATEWAY_CONFIGREPO_WEBHOOKSECRET", "GATEWAY_CONFIGREPO_PASSWORD");
		assertThat(mountedKeys(rendered)).containsOnly(Map.entry("signing.jwks", "mcp-gateway-keys/signing.jwks"),
				Map.entry("token-encryption.key", "mcp-gateway-keys/token-encryption.key"));
		assertThat(rendered.find(Secret.class, Rendered.name("gateway"))).isEmpty();
	}

	@Test
	void valuesGoIntoTheChartsOwnSecretAndAreReferencedFromThere() {
		Rendered rendered = Charts.render(Scenario.of("secrets-as-values"));
		String owned = Rendered.name("gateway");

		Secret secret = rendered.get(Secret.class, owned);
		assertThat(decoded(secret)).containsEntry("client-secret", "upstream-client-secret")
			.containsEntry("webhook-secret", "0123456789abcdef0123456789abcdef")
			.containsEntry("config-repo-password", "git-token")
			.containsEntry("signing.jwks", "{\"keys\":[]}")
			.containsKey("token-encryption.key");
		assertThat(secretEnv(rendered)).containsEntry("GATEWAY_AUTH_UPSTREAM_CLIENTSECRET", owned + "/client-secret")
			.containsEntry("GATEWAY_CONFIGREPO_WEBHOOKSECRET", owned + "/webhook-secret")
			.containsEntry("GATEWAY_CONFIGREPO_PASSWORD", owned + "/config-repo-password");
		assertThat(mountedKeys(rendered)).containsEntry("signing.jwks", owned + "/signing.jwks");
	}

	@Test
	void noSecretValueEverLandsInAConfigMap() {
		Rendered rendered = Charts.render(Scenario.of("secrets-as-values"));

		String configMaps = rendered.all(ConfigMap.class).stream().map(c -> c.getData().toString()).collect(Collectors.joining());
		assertThat(configMaps).doesNotContain("upstream-client-secret", "git-token", "0123456789abcdef0123456789abcdef",
				"q6Xz3pJ0bq8Yc1E9r2Jm4n5o6p7q8r9s0t1u2v3w4x4=");
	}

	@Test
	void sshKeyAndKnownHostsAreMountedFromTheirSecret() {
		Rendered rendered = Charts.render(Scenario.of("git-ssh"));

		assertThat(mountedKeys(rendered)).containsEntry("config-repo-ssh-key", "mcp-config-repo-ssh/ssh-privatekey")
			.containsEntry("config-repo-known-hosts", "mcp-config-repo-ssh/known_hosts");
	}

	@Test
	void theCompanysCaIsMountedFromItsSecret() {
		Rendered rendered = Charts.render(Scenario.of("internal-ca"));

		assertThat(mountedKeys(rendered)).containsEntry("trusted-ca.crt", "company-ca/ca.crt");
		assertThat(secretEnv(rendered)).containsEntry("GATEWAY_CONFIGREPO_PASSWORD", "mcp-config-repo/token");
	}

	@Test
	void keyFilesAreReadableByThePodsGroupOnly() {
		Volume secrets = Workloads.pod(Charts.render(Scenario.of()), "gateway").getVolumes()
			.stream()
			.filter(v -> "secrets".equals(v.getName()))
			.findFirst()
			.orElseThrow();

		assertThat(secrets.getProjected().getDefaultMode()).isEqualTo(0440);
	}

	/** Environment variable -> "secret/key" for every variable taken from a Secret. */
	static Map<String, String> secretEnv(Rendered rendered) {
		return Workloads.container(rendered, "gateway").getEnv().stream()
			.filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
			.collect(Collectors.toMap(EnvVar::getName, e -> {
				SecretKeySelector ref = e.getValueFrom().getSecretKeyRef();
				return ref.getName() + "/" + ref.getKey();
			}));
	}

	/** File in the gateway's secrets volume -> "secret/key" it comes from. */
	static Map<String, String> mountedKeys(Rendered rendered) {
		return Workloads.pod(rendered, "gateway").getVolumes().stream()
			.filter(v -> "secrets".equals(v.getName()))
			.flatMap(v -> v.getProjected().getSources().stream())
			.flatMap(source -> source.getSecret().getItems().stream()
				.map(item -> Map.entry(item.getPath(), source.getSecret().getName() + "/" + item.getKey())))
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	private static Map<String, String> decoded(Secret secret) {
		return secret.getData().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
				e -> new String(Base64.getDecoder().decode(e.getValue()), StandardCharsets.UTF_8)));
	}

}
