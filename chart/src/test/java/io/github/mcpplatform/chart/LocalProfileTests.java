package io.github.mcpplatform.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * values-local.yaml, the profile for kind, k3d and minikube: one gateway with Redis and the CNPG backend, and a
 * development Keycloak in the gateway's pod whose imported realm holds the gateway's client as setup-idp makes
 * it. The chart keeps that Keycloak to a loopback URL and one replica.
 */
class LocalProfileTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void theLocalProfileRunsTheGatewayWithKeycloakBesideItTheBackendAndRedis() {
		Rendered rendered = Charts.render(Scenario.localProfile());

		Deployment gateway = rendered.get(Deployment.class, Rendered.name("gateway"));
		assertThat(gateway.getSpec().getReplicas()).isEqualTo(1);
		List<Container> containers = gateway.getSpec().getTemplate().getSpec().getContainers();
		assertThat(containers).extracting(Container::getName).containsExactly("gateway", "keycloak");
		assertThat(containers.get(0).getImage()).startsWith("localhost/mcp/gateway:");
		Container keycloak = containers.get(1);
		assertThat(keycloak.getImage()).isEqualTo("quay.io/keycloak/keycloak:26.7.3");
		assertThat(keycloak.getArgs()).contains("start-dev", "--import-realm", "--hostname=http://localhost:8180",
				"--http-port=8180");
		assertThat(rendered.find(Deployment.class, Rendered.name("cnpg-backend"))).isPresent();
		assertThat(rendered.find(StatefulSet.class, Rendered.name("redis"))).isPresent();
	}

	@Test
	void theImportedRealmHoldsTheGatewaysClientWithItsCallbackSecretAndMappersAndOnePerson() {
		Secret secret = Charts.render(Scenario.localProfile()).get(Secret.class, Rendered.name("keycloak-realm"));
		JsonNode realm = JSON.readTree(new String(Base64.getDecoder().decode(secret.getData().get("realm.json")),
				StandardCharsets.UTF_8));

		assertThat(realm.path("realm").asString()).isEqualTo("mcp");
		assertThat(realm.path("registrationAllowed").asBoolean(true)).isFalse();
		JsonNode client = realm.path("clients").get(0);
		assertThat(client.path("clientId").asString()).isEqualTo("mcp-gateway");
		assertThat(client.path("secret").asString()).isEqualTo("client-secret-1");
		assertThat(client.path("publicClient").asBoolean(true)).isFalse();
		assertThat(client.path("directAccessGrantsEnabled").asBoolean(true)).isFalse();
		assertThat(client.path("redirectUris").valueStream().map(JsonNode::asString))
			.containsExactly("http://127.0.0.1:8080/oauth/callback");
		assertThat(client.path("protocolMappers").valueStream().map(m -> m.path("name").asString()))
			.containsExactly("mcp-gateway-audience", "mcp-gateway-groups");
		JsonNode user = realm.path("users").get(0);
		assertThat(user.path("username").asString()).isEqualTo("dev");
		assertThat(user.path("groups").valueStream().map(JsonNode::asString)).containsExactly("/platform-admins");
		assertThat(user.path("credentials").get(0).path("value").asString()).isEqualTo("dev-password-1");
	}

	@Test
	void theLocalProfileLintsStrictly() {
		assertThat(Charts.lint(Scenario.localProfile()).isFailed()).isFalse();
	}

	@Test
	void withoutTheImagesNameTheProfileSaysWhatToSet() {
		assertThat(Charts.refusal(Scenario.localProfile().with("image.registry", "")))
			.contains("set image.registry to where the gateway and cnpg-backend images are");
	}

	@Test
	void theBundledKeycloakIsRefusedOffLoopbackWithSeveralReplicasOrWithoutItsPasswords() {
		assertThat(Charts.refusal(Scenario.localProfile().with("gateway.publicUrl", "https://mcp.example.com")))
			.contains("keycloak.enabled is a development identity provider");
		assertThat(Charts.refusal(Scenario.localProfile().with("gateway.replicas", 2)))
			.contains("keycloak.enabled runs Keycloak in the gateway's pod: set gateway.replicas=1");
		assertThat(Charts.refusal(Scenario.localProfile().with("keycloak.user.password", "")))
			.contains("keycloak.enabled needs keycloak.admin.password and keycloak.user.password");
		assertThat(Charts.refusal(Scenario.localProfile().with("gateway.auth.upstream.issuerUri", "https://idp.example.com")))
			.contains("set gateway.auth.upstream.issuerUri=http://localhost:8180/realms/mcp");
	}

	@Test
	void aClusterInstallHasNoKeycloak() {
		Deployment gateway = Charts.render(Scenario.of()).get(Deployment.class, Rendered.name("gateway"));

		assertThat(gateway.getSpec().getTemplate().getSpec().getContainers()).extracting(Container::getName)
			.containsExactly("gateway");
	}

}
